-- The events whose cluster a batch can change: events in a batch event's country dated within
-- $near_days of it (a late report joins an incident told up to `LATE_DAYS` before it, and a
-- cluster's first event may lie two days further), events with a high death toll within
-- $toll_days of a batch event with one (`HIGH_TOLL_DAYS`: a mass shooting is retold for months),
-- events of articles that name a person a batch article names within $people_days
-- (`PEOPLE_DAYS`) or share a rare name with one (`article_terms`, over the same days), events in
-- any country that tell the name of a town a batch event tells within
-- $near_days (one town read as namesakes in two countries), every event already sharing a
-- cluster with one of those, and the batch's own
-- events; with each event's source countries, its article's people
-- (`transforms.clusters.people_of`) and rare names, which `transforms.clusters` needs to tell
-- incidents apart.
WITH person AS (  -- named by a full name, not an official (`people_of`; a dictionary's sector makes none)
    SELECT entity_id FROM entities
    WHERE kind = 'person' AND name LIKE '% %'
      AND (sector IS NULL OR starts_with(coalesce(code_reason, ''), 'the field''s dictionary'))
),
batch_people AS (  -- each person a batch article names, with the days and countries it tells
    SELECT DISTINCT e.country_iso3, e.event_date, a.entity_id AS person
    FROM b_events e
    JOIN b_events x USING (article_id)
    JOIN event_actors a ON a.event_id = x.event_id
    JOIN person USING (entity_id)
    WHERE e.event_date IS NOT NULL
),
batch_days AS (
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
batch_towns AS (  -- the towns the batch tells by name (`cluster_links._place_name`)
    SELECT DISTINCT trim(regexp_replace(lower(location_text), '[''’]s$', '')) AS town, event_date
    FROM b_events
    WHERE location_text IS NOT NULL AND event_date IS NOT NULL AND coalesce(geo_precision, 9) <= 2
),
towns AS (  -- the events that tell one of those names near its day, whichever country they read
    SELECT DISTINCT e.event_id, e.cluster_id
    FROM events e
    JOIN batch_towns b
      ON trim(regexp_replace(lower(e.location_text), '[''’]s$', '')) = b.town
     AND e.event_date BETWEEN b.event_date - to_days($near_days) AND b.event_date + to_days($near_days)
    WHERE coalesce(e.geo_precision, 9) <= 2
),
named AS (  -- the events of the articles that name one of them, near its days
    SELECT DISTINCT e.event_id, e.cluster_id
    FROM batch_people b
    JOIN event_actors a ON a.entity_id = b.person
    JOIN events x ON x.event_id = a.event_id
    JOIN events e ON e.article_id = x.article_id
    WHERE (e.country_iso3 = b.country_iso3 OR e.country_iso3 IS NULL OR b.country_iso3 IS NULL)
      AND e.event_date BETWEEN b.event_date - to_days($people_days) AND b.event_date + to_days($people_days)
),
batch_terms AS (  -- each rare name a batch article tells, with the days and countries it tells
    SELECT DISTINCT e.country_iso3, e.event_date, t.term
    FROM b_events e
    JOIN article_terms t USING (article_id)
    WHERE e.event_date IS NOT NULL
),
termed AS (  -- the events of the articles that tell one of them, near its days
    SELECT DISTINCT e.event_id, e.cluster_id
    FROM batch_terms b
    JOIN article_terms t ON t.term = b.term
    JOIN events e ON e.article_id = t.article_id
    WHERE (e.country_iso3 = b.country_iso3 OR e.country_iso3 IS NULL OR b.country_iso3 IS NULL)
      AND e.event_date BETWEEN b.event_date - to_days($people_days) AND b.event_date + to_days($people_days)
),
linked AS (
    SELECT event_id, cluster_id FROM near
    UNION
    SELECT event_id, cluster_id FROM named
    UNION
    SELECT event_id, cluster_id FROM towns
    UNION
    SELECT event_id, cluster_id FROM termed
),
picked AS (
    SELECT event_id FROM linked
    UNION
    SELECT event_id FROM events WHERE cluster_id IN (SELECT cluster_id FROM linked)
    UNION
    SELECT event_id FROM b_events
),
picked_articles AS (
    SELECT DISTINCT article_id FROM events JOIN picked USING (event_id)
),
people AS (  -- the people each picked event's article names
    SELECT e.article_id, list_sort(list_distinct(list(a.entity_id))) AS people
    FROM events e
    JOIN event_actors a USING (event_id)
    JOIN person USING (entity_id)
    WHERE e.article_id IN (SELECT article_id FROM picked_articles)
    GROUP BY e.article_id
),
terms AS (  -- the rare names of each picked event's article
    SELECT t.article_id, list_sort(list_distinct(list(t.term))) AS terms
    FROM article_terms t
    WHERE t.article_id IN (SELECT article_id FROM picked_articles)
    GROUP BY t.article_id
),
sources AS (  -- the countries the text or our seeds gave each picked event's sources
    -- (`clusters.source_countries`); the picked events' rows only, found by a semi-join: joined
    -- whole, the table's every row went into a hash table that grew with the warehouse
    SELECT event_id, list_sort(list_distinct(list(country_iso3))) AS source_countries
    FROM event_actors
    WHERE role = 'source' AND code_reason IS NULL
      AND event_id IN (SELECT event_id FROM picked)
    GROUP BY event_id
)
SELECT
    e.event_id, e.article_id, e.sent_idx, e.event_type, e.event_date, e.date_precision, e.lat, e.lon, e.geo_precision,
    e.location_entity_id, e.location_text,
    e.country_iso3, e.negated, e.hypothetical, e.date_text, e.location_from, e.background, e.mode, e.killed, e.injured,
    coalesce(s.source_countries, []::VARCHAR[]) AS source_countries,
    p.people,
    coalesce(t.terms, []::VARCHAR[]) AS terms
FROM events e
JOIN picked USING (event_id)
LEFT JOIN sources s USING (event_id)
LEFT JOIN people p ON p.article_id = e.article_id
LEFT JOIN terms t ON t.article_id = e.article_id;
