-- One purchase: a credit package, one paid period of a subscription, or an imported/custom order.
create table orders (
    tenant_id          uuid           not null,
    id                 uuid           not null,
    account_id         uuid           not null,
    order_number       text           not null,
    product_id         text,
    kind               text           not null check (kind in ('package', 'subscription_period', 'custom')),
    subscription_id    uuid,
    period_start       timestamptz,
    period_end         timestamptz,
    purchased_at       timestamptz    not null,
    currency           char(3)        not null,
    net                numeric(19, 4) not null check (net > 0),
    tax                numeric(19, 4) not null check (tax >= 0),
    fee                numeric(19, 4) not null check (fee >= 0),
    total              numeric(19, 4) not null check (total = net + tax + fee),
    credits            bigint         not null check (credits > 0),
    bonus_credits      bigint         not null check (bonus_credits >= 0),
    credits_expire_at  timestamptz,
    status             text           not null check (status in ('undelivered', 'delivered', 'partially_refunded',
                                                                 'refunded', 'charged_back')),
    undelivered_reason text,
    refunded           numeric(19, 4) not null default 0 check (refunded >= 0 and refunded <= total),
    purchased_block_id uuid,
    bonus_block_id     uuid,
    created_by         text           not null,
    created_at         timestamptz    not null,
    primary key (tenant_id, id),
    unique (tenant_id, order_number),
    foreign key (tenant_id, account_id) references accounts (tenant_id, id)
);
create index orders_account on orders (tenant_id, account_id, purchased_at);
create index orders_subscription on orders (tenant_id, subscription_id) where subscription_id is not null;

-- Successful payments for orders. More than one for an order is a duplicate charge.
create table charges (
    tenant_id          uuid           not null,
    id                 uuid           not null,
    order_id           uuid           not null,
    provider           text           not null check (provider in ('manual', 'stripe')),
    transaction_id     text           not null,
    provider_charge_id text,
    currency           char(3)        not null,
    amount             numeric(19, 4) not null check (amount > 0),
    duplicate          boolean        not null,
    charged_at         timestamptz    not null,
    created_at         timestamptz    not null,
    primary key (tenant_id, id),
    unique (tenant_id, provider, transaction_id),
    foreign key (tenant_id, order_id) references orders (tenant_id, id)
);
create index charges_order on charges (tenant_id, order_id);
create index charges_provider_charge on charges (tenant_id, provider, provider_charge_id) where provider_charge_id is not null;

-- Money sent back through a payment provider. Written in the transaction that decides it, submitted
-- to the provider afterwards by the refund submitter (an outbox), with the refund's id as the
-- provider's idempotency key, so a crash between the two can neither lose nor double it.
create table provider_refunds (
    tenant_id          uuid           not null,
    id                 uuid           not null,
    order_id           uuid           not null,
    charge_id          uuid           not null,
    provider           text           not null,
    currency           char(3)        not null,
    amount             numeric(19, 4) not null check (amount > 0),
    status             text           not null check (status in ('requested', 'pending', 'succeeded', 'failed', 'canceled')),
    provider_refund_id text,
    reason             text,
    failure_reason     text,
    attempts           integer        not null default 0,
    next_attempt_at    timestamptz,
    requested_by       text           not null,
    created_at         timestamptz    not null,
    submitted_at       timestamptz,
    completed_at       timestamptz,
    primary key (tenant_id, id),
    foreign key (tenant_id, charge_id) references charges (tenant_id, id)
);
create index provider_refunds_order on provider_refunds (tenant_id, order_id);
create index provider_refunds_due on provider_refunds (next_attempt_at) where status = 'requested';
create unique index provider_refunds_provider_id on provider_refunds (tenant_id, provider, provider_refund_id)
    where provider_refund_id is not null;

-- A tenant's payment provider credentials. (Stored as given; encrypt at rest in production.)
create table payment_settings (
    tenant_id             uuid        primary key references tenants (id),
    stripe_api_key        text,
    stripe_webhook_secret text,
    updated_at            timestamptz not null
);

-- Provider events seen, so a redelivered event is acknowledged and ignored.
create table provider_events (
    tenant_id   uuid        not null,
    provider    text        not null,
    event_id    text        not null,
    type        text        not null,
    outcome     text        not null,
    received_at timestamptz not null,
    primary key (tenant_id, provider, event_id)
);

-- Disputes as the provider last described them; the disputes module acts on them.
create table provider_disputes (
    tenant_id           uuid        not null,
    provider            text        not null,
    provider_dispute_id text        not null,
    transaction_id      text,
    provider_charge_id  text,
    status              text        not null,
    reason              text,
    currency            char(3),
    amount              numeric(19, 4),
    evidence_due_by     timestamptz,
    payload             jsonb       not null,
    updated_at          timestamptz not null,
    primary key (tenant_id, provider, provider_dispute_id)
);
