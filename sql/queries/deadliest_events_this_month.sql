-- The ten deadliest real-world events of the month of today (or of `as_of`), each counted once
-- however many articles report it:  SET VARIABLE as_of = DATE '2024-03-15';  -- optional
SELECT event_date, event_type, acled_type, location_text, country_iso3, killed, injured,
       n_articles, n_sources, evidence
FROM v_event_clusters
WHERE date_trunc('month', event_date) = date_trunc('month', coalesce(getvariable('as_of'), current_date))
  AND killed > 0
ORDER BY killed DESC, injured DESC NULLS LAST
LIMIT 10;
