-- Places with coordinates and events, the busiest first.
SELECT place, country_iso3, lat, lon, n_events::INTEGER AS n_events, killed::INTEGER AS killed
FROM v_places
WHERE lat IS NOT NULL AND lon IS NOT NULL
ORDER BY n_events DESC, place;
