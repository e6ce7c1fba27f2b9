-- The report's opening line: articles, counted events, real-world events, casualties.
SELECT
    (SELECT count(*) FROM articles WHERE duplicate_of IS NULL)::INTEGER AS n_articles,
    (SELECT count(*) FROM v_counted_events)::INTEGER AS n_events,
    (SELECT count(*) FROM v_event_clusters)::INTEGER AS n_clusters,
    (SELECT coalesce(sum(killed), 0) FROM v_event_clusters)::INTEGER AS killed,
    (SELECT coalesce(sum(injured), 0) FROM v_event_clusters)::INTEGER AS injured;
