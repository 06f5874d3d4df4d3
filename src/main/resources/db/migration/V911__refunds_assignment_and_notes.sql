-- Who works a case: an actor string (person:<id> or api_key:<id>), null while nobody has claimed it.
alter table refund_requests add column assignee text check (assignee ~ '^(person|api_key):[0-9a-f-]{36}$');
create index refund_requests_assignee on refund_requests (tenant_id, assignee, status);

-- Internal notes: the team's remarks on a case, append-only. Never in an email or on the
-- customer's status page.
create table refund_request_notes (
    tenant_id         uuid        not null,
    id                uuid        not null,
    refund_request_id uuid        not null,
    body              text        not null check (length(body) between 1 and 5000),
    author            text        not null,
    created_at        timestamptz not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, refund_request_id) references refund_requests (tenant_id, id)
);
create index refund_request_notes_case on refund_request_notes (tenant_id, refund_request_id, created_at);
