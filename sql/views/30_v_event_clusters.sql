-- One row per real-world event: the counted events (v_counted_events) that several articles
-- (or sentences) report, grouped by cluster_id (compatible type, dates a day apart, places
-- within 25 km, agreeing source countries; within an article, the mentions of one incident:
-- see transforms/clusters.py). Casualties are the highest count any report gives (tallies rise
-- as news comes in, and a headline repeats the lede), never a sum across reports.
CREATE OR REPLACE VIEW v_event_clusters AS
SELECT
    e.cluster_id,
    mode(e.event_type) AS event_type,
    mode(e.acled_type) AS acled_type,
    mode(e.mode) AS mode,
    min(e.event_date) AS event_date,
    max(e.date_precision) AS date_precision,
    mode(e.location_text) AS location_text,
    mode(e.country_iso3) AS country_iso3,
    avg(e.lat) AS lat,
    avg(e.lon) AS lon,
    min(e.geo_precision) AS geo_precision,
    max(e.killed) AS killed,
    max(e.injured) AS injured,
    max(e.confidence) AS confidence,
    count(*) AS n_events,
    count(DISTINCT e.article_id) AS n_articles,
    count(DISTINCT a.source_domain) AS n_sources,
    min(a.published_at) AS first_reported_at,
    arg_max(e.evidence, e.confidence) AS evidence
FROM v_counted_events e
JOIN articles a USING (article_id)
GROUP BY e.cluster_id;
