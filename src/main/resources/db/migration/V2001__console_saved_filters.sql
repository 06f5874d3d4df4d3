-- The review queue's saved filters: a named query string of the queue's own parameters, kept for
-- the person or key that saved it (the actor string, person:<id> or api_key:<id>) and seen by no one else.
create table console_saved_filters (
    id         uuid        not null primary key,
    tenant_id  uuid        not null references tenants (id),
    owner      text        not null check (owner ~ '^(person|api_key):[0-9a-f-]{36}$'),
    name       text        not null check (length(name) between 1 and 60),
    query      text        not null check (length(query) <= 500),
    created_at timestamptz not null,
    unique (tenant_id, owner, name)
);
create index console_saved_filters_owner on console_saved_filters (tenant_id, owner, created_at);
