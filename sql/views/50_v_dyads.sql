-- Who did what to whom, summed: one row per pair of source and target actor (a named entity's
-- name; for unnamed groups such as `civilians` or `the army`, the words of the text) with their
-- countries and CAMEO-style codes (a person's code is the role held on the event's day, so a
-- minister turned opposition leader is two rows), how many real-world events (clusters of counted events) and reports, how many of
-- the events material conflict (QuadClass 4) or cooperation (1, 2), the casualties (each
-- event's toll from v_event_clusters, summed over the pair's events; an event with several
-- pairs of actors counts for each pair) and the first and last date.
CREATE OR REPLACE VIEW v_dyads AS
WITH actors AS (
    SELECT ea.event_id, ea.role, CASE WHEN en.kind = 'group' OR en.name IS NULL THEN ea.text ELSE en.name END AS actor,
           ea.country_iso3, ea.actor_code
    FROM event_actors ea
    LEFT JOIN entities en USING (entity_id)
),
pairs AS (
    SELECT
        s.actor AS source_actor,
        s.country_iso3 AS source_country,
        s.actor_code AS source_code,
        t.actor AS target_actor,
        t.country_iso3 AS target_country,
        t.actor_code AS target_code,
        k.cluster_id,
        count(DISTINCT k.event_id) AS n_reports,
        max(k.quad_class) AS quad_class,
        any_value(c.killed) AS killed,
        min(k.event_date) AS first_date,
        max(k.event_date) AS last_date
    FROM v_counted_events k
    JOIN v_event_clusters c USING (cluster_id)
    JOIN actors s ON s.event_id = k.event_id AND s.role = 'source'
    JOIN actors t ON t.event_id = k.event_id AND t.role = 'target'
    WHERE s.actor <> t.actor
    GROUP BY ALL
)
SELECT
    source_actor,
    source_country,
    source_code,
    target_actor,
    target_country,
    target_code,
    count(*) AS n_events,
    sum(n_reports) AS n_reports,
    count(*) FILTER (WHERE quad_class = 4) AS n_material_conflict,
    count(*) FILTER (WHERE quad_class IN (1, 2)) AS n_cooperation,
    coalesce(sum(killed), 0) AS killed,
    min(first_date) AS first_date,
    max(last_date) AS last_date
FROM pairs
GROUP BY ALL;
