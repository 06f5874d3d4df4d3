-- The kinds of evidence the customer gave (police_report, bank_proof, screenshot …), which policies read.
alter table refund_requests add column evidence_kinds text[] not null default '{}';
alter table refund_requests add column information text;
