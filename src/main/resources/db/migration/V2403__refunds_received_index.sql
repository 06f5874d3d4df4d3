-- Policy replays read a tenant's requests by when they were received, a page at a time
-- (PastDecisions): (received_at, id) after the page before. Without this index each page read every
-- request of the tenant.
create index refund_requests_received on refund_requests (tenant_id, received_at, id);
