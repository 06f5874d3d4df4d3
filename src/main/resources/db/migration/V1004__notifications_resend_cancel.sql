-- Support may cancel a pending email (it is then never sent) and resend a sent or failed one: the
-- resend is a new message that names the one it repeats.
alter table email_outbox drop constraint email_outbox_status_check;
alter table email_outbox add constraint email_outbox_status_check
    check (status in ('pending', 'sent', 'failed', 'cancelled'));
alter table email_outbox add column resent_from uuid;
alter table email_outbox add column cancelled_at timestamptz;
alter table email_outbox add column cancelled_by text;
alter table email_outbox add constraint email_outbox_cancelled
    check ((status = 'cancelled') = (cancelled_at is not null));
-- the console's outbox pages through a tenant's messages newest first
create index email_outbox_tenant_seq on email_outbox (tenant_id, seq);
