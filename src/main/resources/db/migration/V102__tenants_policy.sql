-- The refund policy a tenant applies: a shipped policy id or one the tenant published.
alter table tenants add column policy_id text;
