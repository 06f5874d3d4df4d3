-- Task metadata, and the task list's index: newest first by id, by account.
alter table tasks add column metadata jsonb not null default '{}'::jsonb;
create index tasks_account_id on tasks (tenant_id, account_id, id desc);
