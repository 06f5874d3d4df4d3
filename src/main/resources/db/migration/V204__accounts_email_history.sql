-- The emails an account had before its current one: each was current from since_at (null: from
-- the start) until replaced_at. Refund intake accepts an earlier email for the orders bought while
-- it was current.
create table account_email_history (
    tenant_id   uuid        not null,
    account_id  uuid        not null,
    email       text        not null,
    since_at    timestamptz,
    replaced_at timestamptz not null,
    replaced_by text        not null,
    primary key (tenant_id, account_id, replaced_at, email),
    foreign key (tenant_id, account_id) references accounts (tenant_id, id)
);
