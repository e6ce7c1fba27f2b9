-- Write back the clusters `transforms.clusters.cluster_events` computed for the candidates.
UPDATE events SET cluster_id = c.cluster_id
FROM b_clusters c
WHERE events.event_id = c.event_id
  AND events.cluster_id IS DISTINCT FROM c.cluster_id;
