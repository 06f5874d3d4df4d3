-- A closed block (its order was refunded in full or charged back) is never drawn on again, and any
-- credit that comes back to it later (a hold released, a suspension lifted) is revoked at once.
alter table credit_blocks add column closed_at timestamptz;
