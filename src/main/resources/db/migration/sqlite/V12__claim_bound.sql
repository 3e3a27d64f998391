-- How long the decision that claimed the key may take, in milliseconds, as the replica that claimed it was set
-- (its router and store timeouts): an unanswered claim older than that was never answered. Every replica judges
-- a claim by its own bound, so replicas with other settings (a rollout that raises ROUTER_TIMEOUT_MS) agree; null
-- on claims of an older version, which are judged by the reading replica's bound. Replicas of an older version judge
-- every claim by their own bound, and their claim over an expired one keeps the earlier claim's bound.
ALTER TABLE idempotency_keys ADD COLUMN bound_ms INTEGER;
