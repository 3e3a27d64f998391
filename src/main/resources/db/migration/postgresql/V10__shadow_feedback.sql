-- The candidate a task ran on when the caller's scheduler chose it itself (shadow mode), given with its
-- feedback; null when it ran on the service's choice. The model learns the outcome as that candidate's,
-- and an evaluation counts the entry as the caller's rules' decision, not the logged policy's.
ALTER TABLE feedback ADD COLUMN ran_provider TEXT;
ALTER TABLE feedback ADD COLUMN ran_sku TEXT;
