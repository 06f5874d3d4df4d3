create table tasks (
    tenant_id        uuid        not null,
    id               uuid        not null,
    account_id       uuid        not null,
    external_id      text,
    status           text        not null check (status in ('reserved', 'completed', 'failed', 'expired', 'restored')),
    credits_reserved bigint      not null check (credits_reserved > 0),
    credits_used     bigint      not null default 0 check (credits_used >= 0 and credits_used <= credits_reserved),
    credits_restored bigint      not null default 0 check (credits_restored >= 0 and credits_restored <= credits_used),
    hold_id          uuid        not null,
    note             text,
    created_by       text        not null,
    created_at       timestamptz not null,
    expires_at       timestamptz not null,
    settled_at       timestamptz,
    restored_at      timestamptz,
    primary key (tenant_id, id),
    unique (tenant_id, external_id),
    unique (tenant_id, hold_id),
    foreign key (tenant_id, account_id) references accounts (tenant_id, id)
);
create index tasks_account on tasks (tenant_id, account_id, created_at);
