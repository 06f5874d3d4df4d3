-- Each tenant's support mailbox (IMAP), its parse settings, and where the poller stands in it.
-- password is sealed by shared.SecretBox (AES-GCM with creditdesk.encryption-key). A message is
-- processed once its UID is at most last_uid under the folder's uid_validity; the poller claims a
-- mailbox by setting claimed_by/claimed_until, so one node at a time reads it.
create table mailboxes (
    tenant_id            uuid        not null primary key references tenants (id),
    host                 text        not null,
    port                 integer     not null check (port between 1 and 65535),
    security             text        not null check (security in ('ssl', 'starttls', 'none')),
    username             text        not null,
    password             text        not null,
    folder               text        not null,
    enabled              boolean     not null,
    order_patterns       text[]      not null default '{}',
    transaction_patterns text[]      not null default '{}',
    day_first            boolean     not null default true,
    uid_validity         bigint,
    last_uid             bigint      not null default 0 check (last_uid >= 0),
    last_polled_at       timestamptz,
    last_error           text,
    failures             integer     not null default 0 check (failures >= 0),
    next_poll_at         timestamptz not null,
    claimed_by           text,
    claimed_until        timestamptz,
    created_at           timestamptz not null,
    updated_at           timestamptz not null
);
create index mailboxes_due on mailboxes (next_poll_at) where enabled;
