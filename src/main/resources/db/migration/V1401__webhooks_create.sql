-- Outgoing webhooks (docs/webhooks.md). An event is written in the transaction that changed its
-- resource, with one delivery per subscribed endpoint; the delivery job sends them after commit.

-- The endpoints a tenant registered. The signing secret is kept so it can sign (HMAC needs it in
-- clear): AES-GCM encrypted when creditdesk.webhooks.encryption-key is set, else as written.
create table webhook_endpoints (
    tenant_id                  uuid        not null references tenants (id),
    id                         uuid        not null,
    seq                        bigint      generated always as identity,
    url                        text        not null,
    description                text        not null default '',
    enabled_events             text[]      not null,
    status                     text        not null check (status in ('enabled', 'disabled')),
    disabled_reason            text,
    secret                     text        not null,
    previous_secret            text,
    previous_secret_expires_at timestamptz,
    failing_since              timestamptz,
    created_at                 timestamptz not null,
    updated_at                 timestamptz not null,
    primary key (tenant_id, id)
);

-- Every event, as it was sent: payload is the event object. json, not jsonb, so the body goes out
-- byte for byte as written, keys in the API's order.
create table events (
    tenant_id   uuid        not null references tenants (id),
    id          uuid        not null,
    seq         bigint      generated always as identity,
    type        text        not null,
    object_type text        not null,
    object_id   text        not null,
    payload     json        not null,
    created_at  timestamptz not null,
    primary key (tenant_id, id)
);
create index events_newest on events (tenant_id, seq desc);
create index events_object on events (tenant_id, object_id, seq desc);

-- One event to one endpoint. Pending until an attempt succeeds (succeeded) or the retries run out
-- (failed); next_attempt_at is also the lease of a claim: a sender that dies mid-claim leaves the
-- delivery due again when it runs out.
create table webhook_deliveries (
    tenant_id       uuid        not null,
    id              uuid        not null,
    seq             bigint      generated always as identity,
    endpoint_id     uuid        not null,
    event_id        uuid        not null,
    object_id       text        not null,
    status          text        not null check (status in ('pending', 'succeeded', 'failed')),
    attempts        integer     not null default 0 check (attempts >= 0),
    next_attempt_at timestamptz not null,
    last_status     integer,
    last_error      text,
    created_at      timestamptz not null,
    completed_at    timestamptz,
    primary key (tenant_id, id),
    foreign key (tenant_id, endpoint_id) references webhook_endpoints (tenant_id, id) on delete cascade,
    foreign key (tenant_id, event_id) references events (tenant_id, id)
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_object on webhook_deliveries (tenant_id, endpoint_id, object_id, seq)
    where status = 'pending';
create index webhook_deliveries_endpoint on webhook_deliveries (tenant_id, endpoint_id, seq desc);
create index webhook_deliveries_event on webhook_deliveries (tenant_id, event_id);

-- The delivery log: every attempt, with what the receiver answered and how long it took.
create table webhook_attempts (
    tenant_id    uuid        not null,
    delivery_id  uuid        not null,
    seq          bigint      generated always as identity,
    attempted_at timestamptz not null,
    status_code  integer,
    latency_ms   integer     not null,
    error        text,
    primary key (tenant_id, delivery_id, seq),
    foreign key (tenant_id, delivery_id) references webhook_deliveries (tenant_id, id) on delete cascade
);
