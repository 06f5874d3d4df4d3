-- What a tenant sells: credit packages and monthly plans. id is the tenant's own product code.
create table catalog_products (
    tenant_id     uuid        not null references tenants (id),
    id            text        not null,
    kind          text        not null check (kind in ('package', 'plan')),
    name          text        not null,
    currency      char(3)     not null,
    price         numeric(19, 4) not null check (price > 0),
    credits       bigint      not null check (credits > 0),
    bonus_credits bigint      not null default 0 check (bonus_credits >= 0),
    active        boolean     not null default true,
    created_at    timestamptz not null,
    primary key (tenant_id, id)
);
