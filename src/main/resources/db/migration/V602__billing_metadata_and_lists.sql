-- Order metadata, and the indexes of the order and refund lists (newest first by id; by account,
-- by order number, by order).
alter table orders add column metadata jsonb not null default '{}'::jsonb;
create index orders_account_id on orders (tenant_id, account_id, id desc);
create index provider_refunds_order_id on provider_refunds (tenant_id, order_id, id desc);
