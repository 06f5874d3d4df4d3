-- Every message read from a tenant's support mailbox, kept as it came (raw) so nothing is ever lost,
-- once per message_key (its Message-ID, or a hash of the raw bytes when it has none): a message
-- read twice (a poller crashed after recording it, before marking it processed) is not acted on twice.
create table inbound_messages (
    tenant_id         uuid        not null references tenants (id),
    id                uuid        not null,
    seq               bigint      generated always as identity,
    message_key       text        not null,
    message_id        text,
    sender            text,
    subject           text        not null,
    kind              text        not null check (kind in ('refund_request', 'other', 'automated', 'spam')),
    raw               bytea       not null,
    status            text        not null,
    refund_request_id uuid,
    received_at       timestamptz not null,
    primary key (tenant_id, id),
    unique (tenant_id, message_key)
);
create index inbound_messages_status on inbound_messages (tenant_id, status, seq);
create index inbound_messages_request on inbound_messages (tenant_id, refund_request_id);
