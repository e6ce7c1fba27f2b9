-- Who did what to whom, summed: one row per pair of source and target actor (a named entity's
-- name; for unnamed groups such as `civilians` or `the army`, the words of the text) with their countries, how many events, how many of them material
-- conflict (QuadClass 4) or cooperation (1, 2), the casualties and the first and last date.
-- Each event's source and target rows are paired; copies of articles, denials and threats are
-- left out.
CREATE OR REPLACE VIEW v_dyads AS
WITH actors AS (
    SELECT ea.event_id, ea.role, CASE WHEN en.kind = 'group' OR en.name IS NULL THEN ea.text ELSE en.name END AS actor,
           ea.country_iso3
    FROM event_actors ea
    LEFT JOIN entities en USING (entity_id)
),
kept AS (
    SELECT e.*
    FROM events e
    JOIN articles a USING (article_id)
    WHERE a.duplicate_of IS NULL AND NOT e.negated AND NOT e.hypothetical
)
SELECT
    s.actor AS source_actor,
    s.country_iso3 AS source_country,
    t.actor AS target_actor,
    t.country_iso3 AS target_country,
    count(DISTINCT k.event_id) AS n_events,
    count(DISTINCT k.event_id) FILTER (WHERE k.quad_class = 4) AS n_material_conflict,
    count(DISTINCT k.event_id) FILTER (WHERE k.quad_class IN (1, 2)) AS n_cooperation,
    coalesce(sum(k.killed), 0) AS killed,
    min(k.event_date) AS first_date,
    max(k.event_date) AS last_date
FROM kept k
JOIN actors s ON s.event_id = k.event_id AND s.role = 'source'
JOIN actors t ON t.event_id = k.event_id AND t.role = 'target'
WHERE s.actor <> t.actor
GROUP BY ALL;
