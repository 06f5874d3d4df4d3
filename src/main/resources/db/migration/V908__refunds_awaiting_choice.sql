-- A case whose policy lets the customer choose among its remedies waits for that choice.
alter table refund_requests drop constraint refund_requests_status_check;
alter table refund_requests add constraint refund_requests_status_check
    check (status in ('in_review', 'awaiting_information', 'awaiting_choice', 'approved', 'rejected', 'withdrawn'));
alter table refund_request_events drop constraint refund_request_events_from_status_check;
alter table refund_request_events add constraint refund_request_events_from_status_check
    check (from_status in ('in_review', 'awaiting_information', 'awaiting_choice', 'approved', 'rejected',
                           'withdrawn'));
alter table refund_request_events drop constraint refund_request_events_to_status_check;
alter table refund_request_events add constraint refund_request_events_to_status_check
    check (to_status in ('in_review', 'awaiting_information', 'awaiting_choice', 'approved', 'rejected',
                         'withdrawn'));
