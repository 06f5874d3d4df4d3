-- Emails to customers, written in the transaction that decides to send them and sent afterwards
-- by the email sender (retried with backoff). Without SMTP configured they stay pending, readable
-- through the API.
create table email_outbox (
    tenant_id         uuid        not null references tenants (id),
    id                uuid        not null,
    seq               bigint      generated always as identity,
    template          text        not null,
    recipient         text        not null,
    sender            text        not null,
    subject           text        not null,
    body              text        not null,
    refund_request_id uuid,
    status            text        not null check (status in ('pending', 'sent', 'failed')),
    attempts          integer     not null default 0,
    last_error        text,
    next_attempt_at   timestamptz,
    created_at        timestamptz not null,
    sent_at           timestamptz,
    primary key (tenant_id, id)
);
create index email_outbox_due on email_outbox (next_attempt_at) where status = 'pending';
create index email_outbox_request on email_outbox (tenant_id, refund_request_id);
