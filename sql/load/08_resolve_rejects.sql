-- A locator that now loads is no longer rejected; one rejected again keeps its first date.
DELETE FROM rejects WHERE locator IN (SELECT locator FROM b_articles);

INSERT INTO rejects BY NAME
SELECT run_id, source, locator, stage, reason, detail, rejected_at,
       rejected_at AS first_rejected_at, 1 AS attempts
FROM b_rejects
ON CONFLICT (locator) DO UPDATE SET
    run_id = excluded.run_id,
    source = excluded.source,
    stage = excluded.stage,
    reason = excluded.reason,
    detail = excluded.detail,
    rejected_at = excluded.rejected_at,
    attempts = rejects.attempts + 1;
