-- Why a block was closed (the removal's reason: a refund request, a lost chargeback), so that a
-- refund that then fails can reopen exactly the blocks its removal closed.
alter table credit_blocks add column closed_reason text;
