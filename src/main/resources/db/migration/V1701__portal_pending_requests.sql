-- Refund requests sent through the hosted form, kept until the customer proves the account email by
-- the link mailed to it (only the link token's SHA-256 is stored). Following the link opens the
-- case ('opened', with its id) or tells why none was opened ('refused'); a link works once and
-- expires at expires_at. Files wait here with the request and become the case's evidence.
create table portal_pending_requests (
    tenant_id         uuid        not null references tenants (id),
    id                uuid        not null,
    token_sha256      text        not null,
    email             text        not null,
    order_number      text,
    transaction_id    text,
    purchase_date     date        not null,
    category          text        not null,
    reason            text        not null,
    task_id           uuid,
    evidence_kind     text,
    status            text        not null default 'pending' check (status in ('pending', 'opened', 'refused')),
    refund_request_id uuid,
    refusal           text,
    created_at        timestamptz not null,
    expires_at        timestamptz not null,
    used_at           timestamptz,
    primary key (tenant_id, id),
    unique (tenant_id, token_sha256),
    check (order_number is not null or transaction_id is not null),
    check ((status = 'opened') = (refund_request_id is not null))
);
create index portal_pending_requests_expiry on portal_pending_requests (expires_at);

create table portal_pending_files (
    tenant_id    uuid    not null,
    pending_id   uuid    not null,
    position     int     not null check (position >= 0),
    filename     text,
    content_type text    not null,
    data         bytea   not null,
    primary key (tenant_id, pending_id, position),
    foreign key (tenant_id, pending_id) references portal_pending_requests (tenant_id, id) on delete cascade
);
