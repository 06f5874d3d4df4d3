-- A plan bills every month or every year (packages have no interval); a product may answer its
-- refund requests with a policy of its own (a plan family), else the tenant's policy answers.
alter table catalog_products add column billing_interval text
    check (billing_interval in ('month', 'year'));
update catalog_products set billing_interval = 'month' where kind = 'plan';
alter table catalog_products add constraint catalog_products_interval_of_plans
    check ((kind = 'plan') = (billing_interval is not null));
alter table catalog_products add column policy_id text;
