-- One row per real-world event: the counted events (v_counted_events) that several articles
-- (or sentences) report, grouped by cluster_id (compatible type, dates a day apart, places
-- within 25 km, agreeing source countries; a report without a day joins the one incident told
-- at its town in the week before it; within an article, the mentions of one incident:
-- see transforms/clusters.py).
-- Casualties, by a rule stated once here: each article's count for the event is the highest
-- its lede gives (the first six sentences, where news states the toll), or, when the lede
-- gives none, the first count the article gives (the earliest sentence with one); the event's
-- count is the upper median of its articles' counts: what most of its reports say, the higher
-- where they split evenly (two reports, 1 and 3 dead: 3, as tallies rise; three reports, 1, 1
-- and 47: 1, for a count one report alone gives against several that agree is more often a
-- misreading than a rise). Counts are never summed across reports or sentences, and a number
-- deep in a story (an old attack recalled, a statistic, a city's yearly tally) does not outbid
-- the first telling. A mention counted only because its cluster is (`by_cluster`, a low-
-- confidence `the bombing`) gives no count.
CREATE OR REPLACE VIEW v_event_clusters AS
WITH per_article AS (
    SELECT
        cluster_id,
        article_id,
        coalesce(max(killed) FILTER (WHERE sent_idx < 6), arg_min(killed, (sent_idx, -killed)) FILTER (WHERE killed IS NOT NULL)) AS killed,
        coalesce(max(injured) FILTER (WHERE sent_idx < 6), arg_min(injured, (sent_idx, -injured)) FILTER (WHERE injured IS NOT NULL)) AS injured
    FROM v_counted_events
    WHERE NOT by_cluster
    GROUP BY ALL
),
tolls AS (
    SELECT cluster_id, -quantile_disc(-killed, 0.5) AS killed, -quantile_disc(-injured, 0.5) AS injured
    FROM per_article
    GROUP BY cluster_id
)
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
    any_value(t.killed) AS killed,
    any_value(t.injured) AS injured,
    max(e.confidence) AS confidence,
    count(*) AS n_events,
    count(DISTINCT e.article_id) AS n_articles,
    count(DISTINCT a.source_domain) AS n_sources,
    min(a.published_at) AS first_reported_at,
    arg_max(e.evidence, e.confidence) AS evidence
FROM v_counted_events e
JOIN articles a USING (article_id)
JOIN tolls t USING (cluster_id)
GROUP BY e.cluster_id;
