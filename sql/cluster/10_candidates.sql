-- The events whose cluster a batch can change: events in a batch event's country dated within
-- $near_days of it (a late report joins an incident told up to `LATE_DAYS` before it, and a
-- cluster's first event may lie two days further), events with a high death toll within
-- $toll_days of a batch event with one (`HIGH_TOLL_DAYS`: a mass shooting is retold for months),
-- every event already sharing a cluster with one of those, and the batch's own events; with
-- each event's source countries, which `transforms.clusters` needs to tell two incidents apart.
WITH batch_days AS (
    SELECT country_iso3, event_date, max(coalesce(killed, 0)) >= $high_toll AS high
    FROM b_events
    WHERE country_iso3 IS NOT NULL AND event_date IS NOT NULL
    GROUP BY ALL
),
near AS (
    SELECT DISTINCT e.event_id, e.cluster_id
    FROM events e
    JOIN batch_days b
      ON e.country_iso3 = b.country_iso3
     AND (
        e.event_date BETWEEN b.event_date - to_days($near_days) AND b.event_date + to_days($near_days)
        OR (
            b.high AND coalesce(e.killed, 0) >= $high_toll
            AND e.event_date BETWEEN b.event_date - to_days($toll_days) AND b.event_date + to_days($toll_days)
        )
     )
),
picked AS (
    SELECT event_id FROM near
    UNION
    SELECT event_id FROM events WHERE cluster_id IN (SELECT cluster_id FROM near)
    UNION
    SELECT event_id FROM b_events
)
SELECT
    e.event_id, e.article_id, e.sent_idx, e.event_type, e.event_date, e.date_precision, e.lat, e.lon, e.geo_precision,
    e.location_entity_id, e.location_text,
    e.country_iso3, e.negated, e.hypothetical, e.date_text, e.location_from, e.background, e.mode, e.killed, e.injured,
    coalesce(
        list_sort(list_distinct(list(a.country_iso3) FILTER (WHERE a.role = 'source'))),
        []::VARCHAR[]
    ) AS source_countries
FROM events e
JOIN picked USING (event_id)
LEFT JOIN event_actors a USING (event_id)
GROUP BY ALL;
