create table subscriptions (
    tenant_id                uuid        not null,
    id                       uuid        not null,
    account_id               uuid        not null,
    plan_id                  text        not null,
    provider                 text        not null check (provider in ('manual', 'stripe')),
    provider_subscription_id text,
    status                   text        not null check (status in ('active', 'ended')),
    cancel_at_period_end     boolean     not null default false,
    current_period_start     timestamptz not null,
    current_period_end       timestamptz not null check (current_period_end > current_period_start),
    periods                  integer     not null default 1,
    created_at               timestamptz not null,
    canceled_at              timestamptz,
    ended_at                 timestamptz,
    end_reason               text,
    primary key (tenant_id, id),
    foreign key (tenant_id, account_id) references accounts (tenant_id, id)
);
create unique index subscriptions_provider_id on subscriptions (tenant_id, provider, provider_subscription_id)
    where provider_subscription_id is not null;
create index subscriptions_due on subscriptions (current_period_end) where status = 'active';
