-- The metrics jobs count each tenant's backlog every refresh interval (30 s by default) with one
-- grouped query per area; these partial indexes keep those counts to the few rows still waiting,
-- however many emails and refunds were ever sent. Small while the backlog is (rows leave them when
-- sent, succeeded or cancelled).
create index email_outbox_backlog on email_outbox (tenant_id) where status in ('pending', 'failed');
create index provider_refunds_backlog on provider_refunds (tenant_id, provider) where status in ('requested', 'pending');
