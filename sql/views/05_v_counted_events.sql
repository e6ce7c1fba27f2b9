-- The events the aggregates count: reported as having happened (neither denied nor
-- hypothetical), part of the story's incident rather than background it recalls (an earlier
-- attack, a yearly tally), at or above the confidence floor recorded in `view_settings`
-- (EVENTWIRE_MIN_CONFIDENCE), and read from an original article, not a copy. An act told
-- only under a legal process (`recalled`: `the man accused of killing six`) counts only where
-- its cluster also holds a report of the incident as news; a court story alone adds nothing.
-- A mention of armed violence under the floor, though not far under it (0.7 of it: `the
-- bombing`, `the attack on his life`, a noun with nothing of its own attached), counts where
-- its real-world event (its cluster) is already counted: it
-- tells again an incident a confident report established. Such a row (`by_cluster`) adds a
-- mention, never a cluster, and never a casualty: the confident reports give the toll.
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
), floor AS (
    SELECT coalesce((SELECT max(value) FROM view_settings WHERE name = 'min_confidence'), 0) AS value
), confident AS (
    SELECT * FROM asserted WHERE confidence >= (SELECT value FROM floor)
), counted AS (
    SELECT *
    FROM confident
    WHERE NOT coalesce(recalled, FALSE)
       OR cluster_id IN (SELECT cluster_id FROM confident WHERE NOT coalesce(recalled, FALSE))
)
SELECT *, FALSE AS by_cluster FROM counted
UNION ALL BY NAME
SELECT *, TRUE AS by_cluster
FROM asserted
WHERE confidence < (SELECT value FROM floor)
  AND confidence >= 0.7 * (SELECT value FROM floor)
  AND event_type IN ('ASSAULT', 'FIGHT')
  AND cluster_id IN (SELECT cluster_id FROM counted);
