-- Whole UTC days of usage per account and kind, kept in the transaction that records or removes
-- the events: an aggregate sums whole days here and reads raw events only for its two edge days.
create table usage_daily (
    tenant_id  uuid    not null,
    account_id uuid    not null,
    kind       text    not null,
    day        date    not null,
    count      bigint  not null check (count >= 0),
    quantity   numeric not null check (quantity >= 0),
    -- count and quantity in the index too: a lifetime's days are read from a few index pages, not
    -- from one heap page per day
    primary key (tenant_id, account_id, kind, day) include (count, quantity)
);
