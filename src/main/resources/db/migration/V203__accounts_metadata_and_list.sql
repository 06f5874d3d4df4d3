-- metadata (the integrator's own keys and values) and the account list: newest first by id
-- (time-ordered ids), filtered by email without regard to case.
alter table accounts add column metadata jsonb not null default '{}'::jsonb;
alter table accounts add column updated_at timestamptz;
drop index accounts_email;
create index accounts_email on accounts (tenant_id, lower(email), id desc);
