create table tenants (
    id              uuid        primary key,
    name            text        not null unique,
    timezone        text        not null,
    holiday_country text        not null,
    currency        char(3)     not null,
    support_email   text        not null,
    drawdown_order  text[]      not null,
    created_at      timestamptz not null,
    updated_at      timestamptz not null
);

-- Keys are stored as SHA-256 of the secret (they are 256-bit random, so no slow hash is needed);
-- the prefix lets people tell their keys apart. Operator keys have no tenant.
create table api_keys (
    id         uuid        primary key,
    tenant_id  uuid        references tenants (id),
    role       text        not null check (role in ('secret', 'support', 'admin', 'operator')),
    key_hash   bytea       not null unique,
    key_prefix text        not null,
    created_at timestamptz not null,
    revoked_at timestamptz,
    check ((tenant_id is null) = (role = 'operator'))
);
create index api_keys_tenant on api_keys (tenant_id);
-- At most one generated operator key in force, even with several nodes starting at once.
create unique index api_keys_one_operator on api_keys ((role)) where role = 'operator' and revoked_at is null;
