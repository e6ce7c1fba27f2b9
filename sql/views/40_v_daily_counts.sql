-- Daily counts for BI charts: one row per day, country and event type, counting real-world
-- events (clusters) once however many articles report them, with the reports behind them and
-- the casualties (each cluster's highest count, summed over clusters). Denials and threats
-- (negated or hypothetical) are left out.
CREATE OR REPLACE VIEW v_daily_counts AS
WITH clusters AS (
    SELECT
        e.cluster_id,
        min(e.event_date) AS event_date,
        mode(e.country_iso3) AS country_iso3,
        any_value(e.event_type) AS event_type,
        max(e.killed) AS killed,
        max(e.injured) AS injured,
        count(*) AS n_reports
    FROM events e
    JOIN articles a USING (article_id)
    WHERE a.duplicate_of IS NULL AND NOT e.negated AND NOT e.hypothetical AND e.event_date IS NOT NULL
    GROUP BY e.cluster_id
)
SELECT
    event_date,
    country_iso3,
    event_type,
    count(*) AS n_events,
    sum(n_reports) AS n_reports,
    coalesce(sum(killed), 0) AS killed,
    coalesce(sum(injured), 0) AS injured
FROM clusters
GROUP BY ALL;
