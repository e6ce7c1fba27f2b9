-- Places with what happened there, for maps (counted events only): one row per place entity
-- with its coordinates, country, the number of reports placed there, the real-world events
-- (clusters) whose place it is (the place most of a cluster's reports name) and their
-- casualties (each cluster's toll from v_event_clusters, so a cluster counts at one place
-- only and the places' casualties add up to the clusters'), and the first and last date.
CREATE OR REPLACE VIEW v_places AS
WITH kept AS (
    SELECT * FROM v_counted_events WHERE location_entity_id IS NOT NULL
),
home AS (
    SELECT cluster_id, mode(location_entity_id) AS location_entity_id
    FROM kept
    GROUP BY cluster_id
),
per_place AS (
    SELECT h.location_entity_id, count(*) AS n_clusters,
           coalesce(sum(c.killed), 0) AS killed, coalesce(sum(c.injured), 0) AS injured
    FROM home h
    JOIN v_event_clusters c USING (cluster_id)
    GROUP BY h.location_entity_id
)
SELECT
    k.location_entity_id,
    coalesce(any_value(en.name), mode(k.location_text)) AS place,
    any_value(k.country_iso3) AS country_iso3,
    avg(k.lat) AS lat,
    avg(k.lon) AS lon,
    min(k.geo_precision) AS geo_precision,
    count(*) AS n_events,
    coalesce(any_value(p.n_clusters), 0) AS n_clusters,
    coalesce(any_value(p.killed), 0) AS killed,
    coalesce(any_value(p.injured), 0) AS injured,
    min(k.event_date) AS first_date,
    max(k.event_date) AS last_date
FROM kept k
LEFT JOIN entities en ON en.entity_id = k.location_entity_id
LEFT JOIN per_place p ON p.location_entity_id = k.location_entity_id
GROUP BY k.location_entity_id;
