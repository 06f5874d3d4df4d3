-- The sales channel an order was bought through (web, app_store, play_store, api…): policies read
-- it as order.channel. Orders recorded before it existed were bought on the web.
alter table orders add column channel text not null default 'web'
    check (channel ~ '^[a-z][a-z0-9_]{0,31}$');
