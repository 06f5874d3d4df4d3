-- The ledger's own header row per account: every change to an account's credits locks it first,
-- so changes to one account are serialised and changes to different accounts never wait.
create table ledger_accounts (
    tenant_id  uuid        not null,
    account_id uuid        not null,
    created_at timestamptz not null,
    primary key (tenant_id, account_id),
    foreign key (tenant_id, account_id) references accounts (tenant_id, id)
);

-- A grant of credits. The counters cache the sums of the block's ledger entries and are updated
-- in the same transaction as the entries; the check makes overspending impossible whatever the code does.
create table credit_blocks (
    tenant_id  uuid           not null,
    id         uuid           not null,
    account_id uuid           not null,
    source     text           not null check (source in ('purchase', 'subscription', 'bonus', 'promotional',
                                                         'gift', 'replacement', 'restoration', 'compensation')),
    order_id   uuid,
    unit_cost  numeric(30, 12) not null check (unit_cost >= 0),
    currency   char(3),
    refundable boolean        not null,
    expires_at timestamptz,
    granted    bigint         not null check (granted > 0),
    consumed   bigint         not null default 0,
    held       bigint         not null default 0,
    expired    bigint         not null default 0,
    revoked    bigint         not null default 0,
    suspended  bigint         not null default 0,
    reason     text,
    created_at timestamptz    not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, account_id) references ledger_accounts (tenant_id, account_id),
    check (consumed >= 0 and held >= 0 and expired >= 0 and revoked >= 0 and suspended >= 0
           and consumed + held + expired + revoked + suspended <= granted)
);
-- Blocks with credits left, the only ones reservations and expiry look at.
create index credit_blocks_live on credit_blocks (tenant_id, account_id)
    where consumed + held + expired + revoked + suspended < granted;
create index credit_blocks_due on credit_blocks (expires_at)
    where expires_at is not null and consumed + held + expired + revoked + suspended < granted;
create index credit_blocks_order on credit_blocks (tenant_id, order_id) where order_id is not null;

-- Credits reserved for a task until it completes, fails or outlives its TTL.
create table holds (
    tenant_id  uuid        not null,
    id         uuid        not null,
    account_id uuid        not null,
    credits    bigint      not null check (credits > 0),
    consumed   bigint      not null default 0 check (consumed >= 0 and consumed <= credits),
    restored   bigint      not null default 0 check (restored >= 0 and restored <= consumed),
    status     text        not null check (status in ('held', 'settled', 'released', 'expired')),
    reference  text,
    expires_at timestamptz not null,
    created_at timestamptz not null,
    settled_at timestamptz,
    primary key (tenant_id, id),
    foreign key (tenant_id, account_id) references ledger_accounts (tenant_id, account_id)
);
create index holds_due on holds (expires_at) where status = 'held';

-- Append-only: every movement of credits, one row per block touched.
create table ledger_entries (
    tenant_id  uuid        not null,
    id         bigint      generated always as identity,
    account_id uuid        not null,
    block_id   uuid        not null,
    hold_id    uuid,
    type       text        not null check (type in ('grant', 'hold', 'release', 'consume', 'expire', 'revoke',
                                                    'suspend', 'unsuspend', 'restore')),
    credits    bigint      not null check (credits > 0),
    reason     text,
    created_at timestamptz not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, block_id) references credit_blocks (tenant_id, id)
);
create index ledger_entries_account on ledger_entries (tenant_id, account_id, id);
create index ledger_entries_hold on ledger_entries (tenant_id, hold_id) where hold_id is not null;

create function ledger_entries_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'ledger_entries is append-only';
end;
$$;
create trigger ledger_entries_append_only before update or delete on ledger_entries
    for each row execute function ledger_entries_append_only();
