-- The audit log: who changed what, when, and the subject's state before and after. One row per
-- successful change, written in the change's own transaction. Append-only, enforced here: rows can
-- be added, never changed or removed (not even by TRUNCATE), whatever the code does.
create table audit_log (
    id           uuid        not null primary key,
    seq          bigint      generated always as identity,
    tenant_id    uuid,
    at           timestamptz not null,
    actor        text        not null check (length(actor) between 1 and 200),
    action       text        not null check (length(action) between 1 and 200),
    subject_type text,
    subject_id   text,
    before       jsonb,
    after        jsonb,
    request_id   text,
    channel      text        not null check (channel in ('api', 'console', 'system'))
);
-- newest first; entries of one instant in the order they were written
create index audit_log_tenant on audit_log (tenant_id, at desc, seq desc);
create index audit_log_subject on audit_log (tenant_id, subject_id, at desc);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_log is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end
$$;
create trigger audit_log_no_update_or_delete before update or delete on audit_log
    for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_append_only();
