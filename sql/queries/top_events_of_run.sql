-- The ten most telling events a run loaded (for its Prefect artifact): the deadliest first, then
-- the most confident; only events the views count (v_counted_events). Parameter: $run_id.
SELECT e.event_date, e.event_type, e.location_text, e.country_iso3, e.source_text, e.target_text,
       e.killed, e.injured, a.title AS article_title
FROM v_counted_events e
JOIN articles a USING (article_id)
WHERE a.run_id = $run_id
ORDER BY coalesce(e.killed, 0) + coalesce(e.injured, 0) DESC, e.confidence DESC, e.event_date DESC
LIMIT 10;
