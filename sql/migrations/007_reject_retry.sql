-- Rejects remember why (transforms/retry_policy.py): a permanent rejection (a 404, a PDF, a
-- robots-disallowed page) is not fetched again before `next_attempt_at` (EVENTWIRE_REJECT_RETRY_DAYS
-- later), a transient one (a timeout, a 503) after a wait that doubles with each failed night.
-- A run skips the web pages whose `next_attempt_at` is still to come, unless `--refetch`.
ALTER TABLE rejects ADD COLUMN IF NOT EXISTS permanent BOOLEAN;
ALTER TABLE rejects ADD COLUMN IF NOT EXISTS next_attempt_at TIMESTAMP;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS n_skipped INTEGER DEFAULT 0;
