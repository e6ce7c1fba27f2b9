-- Daily counts for BI charts: one row per day, country and event type, counting real-world
-- events (clusters of v_event_clusters) once however many articles report them, with the
-- reports behind them and the casualties (each cluster's count as v_event_clusters states it,
-- summed over clusters).
CREATE OR REPLACE VIEW v_daily_counts AS
SELECT
    event_date,
    country_iso3,
    event_type,
    count(*) AS n_events,
    sum(n_events) AS n_reports,
    coalesce(sum(killed), 0) AS killed,
    coalesce(sum(injured), 0) AS injured
FROM v_event_clusters
WHERE event_date IS NOT NULL
GROUP BY ALL;
