-- What a task produced, for usage aggregates: its kind (image, video, song…; 'generation' when the
-- product does not say) and an optional quantity in a unit (seconds of video, minutes of audio).
alter table tasks add column kind text not null default 'generation';
alter table tasks add column quantity numeric(18, 6) check (quantity >= 0);
alter table tasks add column unit text;
