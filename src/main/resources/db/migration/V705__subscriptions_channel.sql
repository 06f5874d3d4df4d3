-- The sales channel a subscription was bought through; each period's order carries it.
alter table subscriptions add column channel text not null default 'web'
    check (channel ~ '^[a-z][a-z0-9_]{0,31}$');
