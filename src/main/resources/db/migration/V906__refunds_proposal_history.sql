-- Every proposal a case had, append-only: the first at intake, then each evaluation again (the
-- customer's information, evidence uploaded, an outage recorded, a chargeback opened or settled,
-- or a person asking). refund_requests.proposal is the latest.
create table refund_request_proposals (
    tenant_id         uuid           not null,
    refund_request_id uuid           not null,
    seq               bigint         generated always as identity,
    policy_id         text,
    policy_version    text,
    outcome           text,
    amount            numeric(19, 4),
    proposal          jsonb,
    trigger           text           not null,
    evaluated_by      text           not null,
    evaluated_at      timestamptz    not null,
    primary key (tenant_id, refund_request_id, seq),
    foreign key (tenant_id, refund_request_id) references refund_requests (tenant_id, id)
);
