-- The keys of the rows a batch of new articles wrote, checked on the batch itself: with no row
-- of its articles in the warehouse before (their ids are not in `articles`, and children are
-- only ever written with their article), a duplicate in a table is a duplicate in the batch.
-- Ids embed their article's (`transforms.ids`), so no other article's row shares them.
SELECT CASE WHEN count(*) > 0 THEN error('duplicate keys after loading a batch: ' || string_agg(what, ', ')) END
FROM (
    SELECT 'events ' || event_id AS what
    FROM b_events GROUP BY event_id HAVING count(*) > 1
    UNION ALL
    SELECT 'event_actors ' || event_id
    FROM b_event_actors GROUP BY event_id, "role", actor_idx HAVING count(*) > 1
    UNION ALL
    SELECT 'mentions ' || article_id
    FROM b_mentions GROUP BY article_id, char_start, char_end HAVING count(*) > 1
    UNION ALL
    SELECT 'article_minhash ' || article_id
    FROM b_minhash GROUP BY article_id HAVING count(*) > 1
);
