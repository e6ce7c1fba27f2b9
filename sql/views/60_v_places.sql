-- Places with what happened there, for maps (counted events only): one row per place entity with its coordinates,
-- country, the number of events and of real-world events (clusters), casualties (each
-- cluster's highest count, summed) and the first and last date.
CREATE OR REPLACE VIEW v_places AS
WITH kept AS (
    SELECT * FROM v_counted_events WHERE location_entity_id IS NOT NULL
),
per_cluster AS (
    SELECT location_entity_id, cluster_id, max(killed) AS killed, max(injured) AS injured
    FROM kept
    GROUP BY ALL
)
SELECT
    k.location_entity_id,
    coalesce(any_value(en.name), mode(k.location_text)) AS place,
    any_value(k.country_iso3) AS country_iso3,
    avg(k.lat) AS lat,
    avg(k.lon) AS lon,
    min(k.geo_precision) AS geo_precision,
    count(*) AS n_events,
    count(DISTINCT k.cluster_id) AS n_clusters,
    (SELECT coalesce(sum(p.killed), 0) FROM per_cluster p WHERE p.location_entity_id = k.location_entity_id) AS killed,
    (SELECT coalesce(sum(p.injured), 0) FROM per_cluster p WHERE p.location_entity_id = k.location_entity_id) AS injured,
    min(k.event_date) AS first_date,
    max(k.event_date) AS last_date
FROM kept k
LEFT JOIN entities en ON en.entity_id = k.location_entity_id
GROUP BY k.location_entity_id;
