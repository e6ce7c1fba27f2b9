-- Entities are shared across articles: the dictionary decides their attributes, the latest load wins.
INSERT INTO entities BY NAME
SELECT entity_id, name, kind, country_iso3, sector, geonameid, lat, lon, geo_precision, actor_code, code_reason
FROM b_entities
ON CONFLICT (entity_id) DO UPDATE SET
    name = excluded.name,
    kind = excluded.kind,
    country_iso3 = excluded.country_iso3,
    sector = excluded.sector,
    geonameid = excluded.geonameid,
    lat = excluded.lat,
    lon = excluded.lon,
    geo_precision = excluded.geo_precision,
    actor_code = excluded.actor_code,
    code_reason = excluded.code_reason;
