-- Who accuses or condemns whom most (PLOVER ACCUSE and DISAPPROVE), by actor and country;
-- counted events only.
SELECT
    s.text AS accuser, s.country_iso3 AS accuser_country,
    t.text AS accused, t.country_iso3 AS accused_country,
    count(DISTINCT e.event_id) AS n_events,
    max(e.event_date) AS last_date
FROM v_counted_events e
JOIN event_actors s ON s.event_id = e.event_id AND s.role = 'source'
JOIN event_actors t ON t.event_id = e.event_id AND t.role = 'target'
WHERE e.event_type IN ('ACCUSE', 'DISAPPROVE')
GROUP BY ALL
ORDER BY n_events DESC, last_date DESC
LIMIT 20;
