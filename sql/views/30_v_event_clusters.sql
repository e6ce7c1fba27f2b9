-- One row per real-world event: the events that several articles (or sentences) report, grouped
-- by cluster_id (compatible type, dates a day apart, places within 25 km, agreeing source
-- countries: see transforms/clusters.py). Casualties are the highest count
-- any report gives (tallies rise as news comes in), never a sum across reports. Duplicate copies
-- of an article are left out.
CREATE OR REPLACE VIEW v_event_clusters AS
SELECT
    e.cluster_id,
    any_value(e.event_type) AS event_type,
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
FROM events e
JOIN articles a USING (article_id)
WHERE a.duplicate_of IS NULL
GROUP BY e.cluster_id;
