-- Every move of a case, append-only: who moved it, when, from which status to which, and why.
-- from_status is null for the case's first status (intake).
create table refund_request_events (
    tenant_id         uuid        not null,
    refund_request_id uuid        not null,
    seq               bigint      generated always as identity,
    from_status       text check (from_status in ('in_review', 'awaiting_information', 'approved', 'rejected',
                                                  'withdrawn')),
    to_status         text        not null check (to_status in ('in_review', 'awaiting_information', 'approved',
                                                                'rejected', 'withdrawn')),
    actor             text        not null,
    reason            text,
    at                timestamptz not null,
    primary key (tenant_id, refund_request_id, seq),
    foreign key (tenant_id, refund_request_id) references refund_requests (tenant_id, id)
);
