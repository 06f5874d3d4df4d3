-- Refund requests (cases): what the customer asked, the policy's proposal with its trace, and
-- where the case stands. The proposal is kept exactly as the policy version in force made it.
create table refund_requests (
    tenant_id       uuid           not null,
    id              uuid           not null,
    account_id      uuid           not null,
    order_id        uuid           not null,
    email           text           not null,
    order_number    text,
    transaction_id  text,
    purchase_date   date           not null,
    category        text           not null,
    reason          text           not null,
    task_id         uuid,
    status          text           not null check (status in ('in_review', 'awaiting_information', 'approved',
                                                              'rejected', 'withdrawn')),
    policy_id       text,
    policy_version  text,
    outcome         text,
    proposed_amount numeric(19, 4),
    proposal        jsonb,
    due_at          timestamptz,
    received_at     timestamptz    not null,
    decided_at      timestamptz,
    created_by      text           not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, account_id) references accounts (tenant_id, id),
    foreign key (tenant_id, order_id) references orders (tenant_id, id)
);
create index refund_requests_queue on refund_requests (tenant_id, status, due_at);
create index refund_requests_order on refund_requests (tenant_id, order_id);
