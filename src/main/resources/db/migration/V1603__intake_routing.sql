-- What became of each message (status, and why when it matched nothing), what the parser read
-- (parsed: the fields, the text, the attachments' names; never the files, which stay in raw), the
-- files a case refused (refused: "name: why" lines), and the draft a request lacking facts waits in.
alter table inbound_messages add column why text;
alter table inbound_messages add column parsed jsonb;
alter table inbound_messages add column refused text;
alter table inbound_messages add column draft_id uuid;
alter table inbound_messages add column updated_at timestamptz;
update inbound_messages set status = 'unmatched' where status not in ('case_opened', 'details_requested',
    'added_to_case', 'unmatched', 'dismissed');
alter table inbound_messages add constraint inbound_messages_status_check
    check (status in ('case_opened', 'details_requested', 'added_to_case', 'unmatched', 'dismissed'));
create index inbound_messages_message_id on inbound_messages (tenant_id, message_id);

-- A refund request by email that lacked facts: what it said so far (fields), the one reply that
-- asked for the rest (asked_message_id, the Message-ID of our details_needed email, which the
-- customer's answer names in In-Reply-To/References), and where it ended: a case, or unmatched
-- after the answer still did not do.
create table intake_drafts (
    tenant_id         uuid        not null references tenants (id),
    id                uuid        not null,
    sender            text        not null,
    fields            jsonb       not null,
    asked_message_id  text        not null,
    status            text        not null check (status in ('waiting', 'opened', 'unmatched')),
    refund_request_id uuid,
    created_at        timestamptz not null,
    updated_at        timestamptz not null,
    primary key (tenant_id, id)
);
create index intake_drafts_asked on intake_drafts (tenant_id, asked_message_id);
create index intake_drafts_sender on intake_drafts (tenant_id, sender, created_at);
