-- The events the aggregates count: reported as having happened (neither denied nor
-- hypothetical), part of the story's incident rather than background it recalls (an earlier
-- attack, a yearly tally), at or above the confidence floor recorded in `view_settings`
-- (EVENTWIRE_MIN_CONFIDENCE), and read from an original article, not a copy. An act told
-- only under a legal process (`recalled`: `the man accused of killing six`) counts only where
-- its cluster also holds a report of the incident as news; a court story alone adds nothing.
-- Every BI view that counts or sums builds on this one, so they all count the same events.
CREATE OR REPLACE VIEW v_counted_events AS
WITH asserted AS (
    SELECT e.*
    FROM events e
    JOIN articles a USING (article_id)
    WHERE a.duplicate_of IS NULL
      AND NOT e.negated
      AND NOT e.hypothetical
      AND NOT coalesce(e.background, FALSE)
      AND e.confidence >= coalesce((SELECT max(value) FROM view_settings WHERE name = 'min_confidence'), 0)
)
SELECT *
FROM asserted
WHERE NOT coalesce(recalled, FALSE)
   OR cluster_id IN (SELECT cluster_id FROM asserted WHERE NOT coalesce(recalled, FALSE));
