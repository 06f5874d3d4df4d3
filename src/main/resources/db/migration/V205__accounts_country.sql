-- The customer's country (ISO 3166-1 alpha-2), when the product knows it: policies read it as
-- account.country for jurisdiction rules (a statutory withdrawal right, for example).
alter table accounts add column country char(2) check (country ~ '^[A-Z]{2}$');
