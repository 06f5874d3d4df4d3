-- Ledger entries get an opaque id for the API. The bigint id stays the ordering key inside the
-- database, but it is one sequence for every tenant, so showing it told each tenant how many
-- entries all the others wrote. New entries get a time-ordered UUID (shared/Ids) from the code;
-- entries written before this migration get a random one.
alter table ledger_entries add column public_id uuid;
alter table ledger_entries disable trigger ledger_entries_append_only;
update ledger_entries set public_id = gen_random_uuid();
alter table ledger_entries enable trigger ledger_entries_append_only;
alter table ledger_entries alter column public_id set not null;
create unique index ledger_entries_public_id on ledger_entries (tenant_id, public_id);

-- An account's credit blocks, listed newest first by id.
create index credit_blocks_account_id on credit_blocks (tenant_id, account_id, id desc);
