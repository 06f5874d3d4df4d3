-- Refund request metadata, and the index of the request list by account (newest first).
alter table refund_requests add column metadata jsonb not null default '{}'::jsonb;
create index refund_requests_account on refund_requests (tenant_id, account_id, received_at desc, id desc);
