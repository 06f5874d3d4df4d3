-- The facts each evaluation read, in the shape of a facts file (policy explain reads it back), kept
-- with the policy id and version that decided, so a proposal can be explained later and replayed
-- under another version. Null for proposals made before it existed, or without a policy.
alter table refund_request_proposals add column facts jsonb;
