-- Usage the aggregates count: events the product reports (external_id is the product's own id,
-- the idempotency key) and completed tasks (task_id; removed again when the task is restored).
create table usage_events (
    tenant_id   uuid           not null,
    id          uuid           not null,
    external_id text,
    task_id     uuid,
    account_id  uuid           not null,
    kind        text           not null,
    quantity    numeric(18, 6) not null check (quantity >= 0),
    unit        text,
    occurred_at timestamptz    not null,
    metadata    jsonb          not null default '{}'::jsonb,
    created_at  timestamptz    not null,
    primary key (tenant_id, id),
    check ((external_id is null) <> (task_id is null)),
    foreign key (tenant_id, account_id) references accounts (tenant_id, id)
);
create unique index usage_events_external_id on usage_events (tenant_id, external_id) where external_id is not null;
create unique index usage_events_task on usage_events (tenant_id, task_id) where task_id is not null;
-- The aggregate's index: one account's kind over a time range, answered from the index alone.
create index usage_events_span on usage_events (tenant_id, account_id, kind, occurred_at) include (quantity);
-- The list, newest first, by account.
create index usage_events_account_id on usage_events (tenant_id, account_id, id desc);
