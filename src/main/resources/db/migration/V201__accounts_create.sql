create table accounts (
    tenant_id   uuid        not null references tenants (id),
    id          uuid        not null,
    external_id text        not null,
    email       text        not null,
    created_at  timestamptz not null,
    primary key (tenant_id, id),
    unique (tenant_id, external_id)
);
create index accounts_email on accounts (tenant_id, lower(email));

-- An entitlement is granted unless a suspension without lifted_at says otherwise.
create table account_suspensions (
    tenant_id   uuid        not null,
    id          uuid        not null,
    account_id  uuid        not null,
    entitlement text        not null check (entitlement in ('generate', 'download', 'access')),
    reason      text        not null,
    source      text        not null,
    source_id   text,
    created_by  text        not null,
    created_at  timestamptz not null,
    lifted_at   timestamptz,
    lifted_by   text,
    lift_reason text,
    primary key (tenant_id, id),
    foreign key (tenant_id, account_id) references accounts (tenant_id, id)
);
create index account_suspensions_active on account_suspensions (tenant_id, account_id) where lifted_at is null;
