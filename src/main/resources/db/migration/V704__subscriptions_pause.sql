-- A paused subscription does not renew until paused_until (a remedy pauses it for N months after
-- its current period); its next period then starts at paused_until.
alter table subscriptions add column paused_until timestamptz;
