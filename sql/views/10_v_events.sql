-- One flat row per event for BI tools: actors as text, their countries, sectors and CAMEO-style codes
-- (read on the event's day), place, date, type, casualties, article.
-- Events read from duplicate copies of an article are left out, so nothing is counted twice.
-- Every row of an original article is here, denied, hypothetical, background and recalled ones too;
-- `counted` says whether the aggregates (v_counted_events) count it.
CREATE OR REPLACE VIEW v_events AS
SELECT
    e.event_id,
    e.cluster_id,
    e.event_type,
    e.mode,
    e.cameo_root,
    e.quad_class,
    e.acled_type,
    e.acled_sub_type,
    e.event_date,
    e.date_precision,
    e.date_text,
    e.source_text,
    (SELECT string_agg(DISTINCT ea.country_iso3, ', ') FROM event_actors ea
      WHERE ea.event_id = e.event_id AND ea.role = 'source') AS source_countries,
    (SELECT string_agg(DISTINCT ea.sector, ', ') FROM event_actors ea
      WHERE ea.event_id = e.event_id AND ea.role = 'source') AS source_sectors,
    (SELECT string_agg(DISTINCT ea.actor_code, ', ') FROM event_actors ea
      WHERE ea.event_id = e.event_id AND ea.role = 'source') AS source_actor_codes,
    e.target_text,
    (SELECT string_agg(DISTINCT ea.country_iso3, ', ') FROM event_actors ea
      WHERE ea.event_id = e.event_id AND ea.role = 'target') AS target_countries,
    (SELECT string_agg(DISTINCT ea.sector, ', ') FROM event_actors ea
      WHERE ea.event_id = e.event_id AND ea.role = 'target') AS target_sectors,
    (SELECT string_agg(DISTINCT ea.actor_code, ', ') FROM event_actors ea
      WHERE ea.event_id = e.event_id AND ea.role = 'target') AS target_actor_codes,
    e.location_text,
    e.country_iso3,
    e.lat,
    e.lon,
    e.geo_precision,
    e.killed,
    e.injured,
    e.negated,
    e.hypothetical,
    coalesce(e.background, FALSE) AS background,
    coalesce(e.recalled, FALSE) AS recalled,
    e.confidence,
    e.event_id IN (SELECT event_id FROM v_counted_events) AS counted,
    e.trigger,
    e.evidence,
    a.article_id,
    a.title AS article_title,
    a.canonical_url AS article_url,
    a.source_domain,
    a.published_at
FROM events e
JOIN articles a USING (article_id)
WHERE a.duplicate_of IS NULL;
