-- Killed and injured by country (each real-world event's count, `v_event_clusters`), the fifteen worst.
SELECT country_iso3, sum(killed)::INTEGER AS killed, sum(injured)::INTEGER AS injured
FROM v_daily_counts
WHERE country_iso3 IS NOT NULL
GROUP BY country_iso3
HAVING sum(killed) + sum(injured) > 0
ORDER BY sum(killed) + sum(injured) DESC
LIMIT 15;
