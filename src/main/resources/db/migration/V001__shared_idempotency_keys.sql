-- Responses of POSTs sent with an Idempotency-Key, kept 24 hours. scope = tenant id or 'operator'.
create table idempotency_keys (
    scope                 text        not null,
    key                   text        not null,
    request_hash          bytea       not null,
    method                text        not null,
    path                  text        not null,
    response_status       integer,
    response_content_type text,
    response_body         bytea,
    created_at            timestamptz not null,
    primary key (scope, key)
);
create index idempotency_keys_created_at on idempotency_keys (created_at);
