-- Account credit: money (not credits) a remedy leaves on a customer's account toward its next
-- invoices, per currency. Every change is an append-only entry with the balance after it; the
-- balance row is updated in the same transaction and never goes below zero.
create table account_credit_balances (
    tenant_id  uuid           not null,
    account_id uuid           not null,
    currency   char(3)        not null,
    balance    numeric(19, 4) not null check (balance >= 0),
    updated_at timestamptz    not null,
    primary key (tenant_id, account_id, currency),
    foreign key (tenant_id, account_id) references accounts (tenant_id, id)
);

create table account_credit_entries (
    tenant_id     uuid           not null,
    id            uuid           not null,
    account_id    uuid           not null,
    currency      char(3)        not null,
    amount        numeric(19, 4) not null check (amount <> 0),
    balance_after numeric(19, 4) not null check (balance_after >= 0),
    reason        text           not null,
    created_by    text           not null,
    created_at    timestamptz    not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, account_id) references accounts (tenant_id, id)
);
create index account_credit_entries_account on account_credit_entries (tenant_id, account_id, id desc);
