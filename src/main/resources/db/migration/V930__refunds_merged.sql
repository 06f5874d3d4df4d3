-- A duplicate request merged into another request about the same order ends "merged"; merged_into names the one
-- that answers it.
alter table refund_requests add column merged_into uuid;
alter table refund_requests add constraint refund_requests_merged_into_fk
    foreign key (tenant_id, merged_into) references refund_requests (tenant_id, id);
alter table refund_requests add constraint refund_requests_merged_into_status
    check ((status = 'merged') = (merged_into is not null));
create index refund_requests_merged_into on refund_requests (tenant_id, merged_into) where merged_into is not null;
alter table refund_requests drop constraint refund_requests_status_check;
alter table refund_requests add constraint refund_requests_status_check
    check (status in ('in_review', 'awaiting_information', 'awaiting_choice', 'approved', 'rejected', 'withdrawn',
                      'merged'));
alter table refund_request_events drop constraint refund_request_events_from_status_check;
alter table refund_request_events add constraint refund_request_events_from_status_check
    check (from_status in ('in_review', 'awaiting_information', 'awaiting_choice', 'approved', 'rejected',
                           'withdrawn', 'merged'));
alter table refund_request_events drop constraint refund_request_events_to_status_check;
alter table refund_request_events add constraint refund_request_events_to_status_check
    check (to_status in ('in_review', 'awaiting_information', 'awaiting_choice', 'approved', 'rejected',
                         'withdrawn', 'merged'));
