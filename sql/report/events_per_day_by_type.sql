-- Real-world events per day and type over the last 90 days of data.
SELECT event_date, event_type, sum(n_events)::INTEGER AS n_events
FROM v_daily_counts
WHERE event_date > (SELECT max(event_date) FROM v_daily_counts) - INTERVAL 90 DAY
GROUP BY ALL
ORDER BY event_date;
