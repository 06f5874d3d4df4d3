-- Chargebacks on our orders, with the provider's lifecycle. outcome is ours: open until the
-- provider closes it, then won or lost; suspensions are taken when it opens and settled once.
create table disputes (
    tenant_id           uuid           not null,
    id                  uuid           not null,
    order_id            uuid           not null,
    account_id          uuid           not null,
    provider            text           not null check (provider in ('manual', 'stripe')),
    provider_dispute_id text,
    transaction_id      text,
    status              text           not null check (status in ('warning_needs_response', 'warning_under_review',
                                                                  'warning_closed', 'needs_response', 'under_review',
                                                                  'won', 'lost', 'prevented')),
    outcome             text           not null check (outcome in ('open', 'won', 'lost')),
    reason              text           not null,
    currency            char(3)        not null,
    amount              numeric(19, 4) not null check (amount >= 0),
    evidence_due_by     timestamptz,
    opened_at           timestamptz    not null,
    closed_at           timestamptz,
    refund_request_id   uuid,
    policy_id           text,
    policy_version      text,
    policy_cite         text,
    created_by          text           not null,
    created_at          timestamptz    not null,
    updated_at          timestamptz    not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, order_id) references orders (tenant_id, id),
    foreign key (tenant_id, account_id) references accounts (tenant_id, id),
    check ((outcome = 'open') = (closed_at is null))
);
create unique index disputes_provider_id on disputes (tenant_id, provider, provider_dispute_id)
    where provider_dispute_id is not null;
create index disputes_order on disputes (tenant_id, order_id, opened_at);
create index disputes_account on disputes (tenant_id, account_id);
create index disputes_open on disputes (tenant_id, evidence_due_by) where outcome = 'open';

-- What a dispute suspended, so that a won dispute lifts exactly that and nothing else.
-- kind: credits (target = the order, credits = how many), subscription (target = it),
-- download / access (target = the account's suspension).
create table dispute_suspensions (
    tenant_id  uuid        not null,
    dispute_id uuid        not null,
    kind       text        not null check (kind in ('credits', 'subscription', 'download', 'access')),
    target_id  uuid        not null,
    credits    bigint      not null default 0 check (credits >= 0),
    created_at timestamptz not null,
    settled_at timestamptz,
    settlement text check (settlement in ('lifted', 'revoked', 'ended')),
    primary key (tenant_id, dispute_id, kind),
    foreign key (tenant_id, dispute_id) references disputes (tenant_id, id),
    check ((settled_at is null) = (settlement is null))
);
