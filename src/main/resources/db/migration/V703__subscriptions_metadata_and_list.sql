-- Subscription metadata, and the subscription list's index: newest first by id, by account.
alter table subscriptions add column metadata jsonb not null default '{}'::jsonb;
create index subscriptions_account_id on subscriptions (tenant_id, account_id, id desc);
