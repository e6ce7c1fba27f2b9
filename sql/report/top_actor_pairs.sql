-- The fifteen actor pairs with the most events.
SELECT source_actor, source_country, target_actor, target_country, n_events::INTEGER AS n_events,
       killed::INTEGER AS killed
FROM v_dyads
ORDER BY n_events DESC, killed DESC, source_actor
LIMIT 15;
