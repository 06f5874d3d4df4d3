-- Token buckets of the API rate limits, one row per API key (by the SHA-256 of the key, never the key)
-- or client address. Written by Bucket4j's PostgreSQL proxy manager (select ... for update), so every
-- node sees the same buckets. expires_at: epoch milliseconds after which a full bucket may be deleted.
create table rate_limit_buckets (
    id         text   primary key,
    state      bytea,
    expires_at bigint
);
create index rate_limit_buckets_expires_at on rate_limit_buckets (expires_at);

-- Failed console sign-ins per client address: after a number of them in a row, sign-in from that
-- address is refused until locked_until, however right the next key is. A success deletes the row.
create table sign_in_failures (
    address         text        primary key,
    failures        integer     not null check (failures > 0),
    last_failure_at timestamptz not null,
    locked_until    timestamptz
);
create index sign_in_failures_last_failure_at on sign_in_failures (last_failure_at);
