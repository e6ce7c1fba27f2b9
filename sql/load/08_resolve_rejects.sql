-- A locator that now loads is no longer rejected; one rejected again keeps its first date.
-- `attempts`, `permanent` and `next_attempt_at` come computed with the batch (the writer reads
-- the earlier attempts and applies transforms/retry_policy.py).
DELETE FROM rejects WHERE locator IN (SELECT locator FROM b_articles);

INSERT INTO rejects BY NAME
SELECT run_id, source, locator, stage, reason, detail, rejected_at,
       rejected_at AS first_rejected_at, attempts, permanent, next_attempt_at
FROM b_rejects
ON CONFLICT (locator) DO UPDATE SET
    run_id = excluded.run_id,
    source = excluded.source,
    stage = excluded.stage,
    reason = excluded.reason,
    detail = excluded.detail,
    rejected_at = excluded.rejected_at,
    attempts = excluded.attempts,
    permanent = excluded.permanent,
    next_attempt_at = excluded.next_attempt_at;
