-- A suspended block (its order is disputed) is never drawn on, and credits that come back to it
-- while it is suspended (a hold released, a task's credits restored) are suspended with the rest.
-- The source names what suspended it (e.g. 'dispute' and the dispute's id), so a refused
-- reservation can say why.
alter table credit_blocks add column suspension_source text;
alter table credit_blocks add column suspension_source_id text;
alter table credit_blocks add constraint credit_blocks_suspension_named
    check ((suspension_source is null) = (suspension_source_id is null));
