-- Every email Creditdesk sends has a Message-ID (on the tenant's support address's domain), and an
-- email about a case answers the case's thread (In-Reply-To, References), so that a mail client
-- shows one conversation per case.
alter table email_outbox add column message_id text;
alter table email_outbox add column in_reply_to text;
alter table email_outbox add column references_ids text;
update email_outbox set message_id = '<' || id || '@' || coalesce(nullif(split_part(sender, '@', 2), ''), 'creditdesk.invalid') || '>';
alter table email_outbox alter column message_id set not null;
create unique index email_outbox_message_id on email_outbox (tenant_id, message_id);

-- The thread a case's emails answer when the case did not start with an email of ours: the
-- customer's message that opened it (In-Reply-To), the chain before it (References) and its
-- subject ("Re: …" keeps the conversation together in clients that group by subject).
create table email_threads (
    tenant_id         uuid        not null references tenants (id),
    refund_request_id uuid        not null,
    in_reply_to       text        not null,
    references_ids    text        not null,
    subject           text,
    created_at        timestamptz not null,
    primary key (tenant_id, refund_request_id)
);
