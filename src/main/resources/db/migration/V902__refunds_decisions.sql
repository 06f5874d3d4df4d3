-- Who decided, what, and why; a decision departing from the policy's proposal carries a note.
alter table refund_requests add column decided_by text;
alter table refund_requests add column decision jsonb;
alter table refund_requests add column refund_id uuid;
