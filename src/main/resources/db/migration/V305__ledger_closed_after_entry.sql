-- The block's last ledger entry when it was closed. A block can be closed, reopened (its refund
-- failed) and closed again by a later removal; only the credits revoked because of the current
-- closing ('block closed' entries after this one) belong to that removal.
alter table credit_blocks add column closed_after_entry bigint;
