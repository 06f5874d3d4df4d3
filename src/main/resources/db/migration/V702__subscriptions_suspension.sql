-- A suspended subscription (its payment is disputed) does not renew by itself and delivers no new
-- credits: a period the provider still charges for is recorded and withheld until it is resumed.
alter table subscriptions add column suspended_at timestamptz;
alter table subscriptions add column suspension_source text;
alter table subscriptions add column suspension_source_id text;
drop index subscriptions_due;
create index subscriptions_due on subscriptions (current_period_end) where status = 'active' and suspended_at is null;
