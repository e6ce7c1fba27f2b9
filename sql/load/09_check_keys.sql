-- The child tables carry no primary-key index (migration 009): the keys the loader keeps unique
-- are checked here, over the rows this batch wrote, and a batch that broke one fails and rolls
-- back as a constraint would have made it. This reads the tables (a scan of each), so it runs
-- for a batch that replaces loaded articles; a batch of new ones is checked on its own rows
-- (09_check_batch_keys.sql), which is the same check where no row of its articles was there before.
SELECT CASE WHEN count(*) > 0 THEN error('duplicate keys after loading a batch: ' || string_agg(what, ', ')) END
FROM (
    SELECT 'events ' || event_id AS what
    FROM events WHERE event_id IN (SELECT event_id FROM b_events)
    GROUP BY event_id HAVING count(*) > 1
    UNION ALL
    SELECT 'event_actors ' || event_id
    FROM event_actors WHERE event_id IN (SELECT event_id FROM b_events)
    GROUP BY event_id, "role", actor_idx HAVING count(*) > 1
    UNION ALL
    SELECT 'mentions ' || article_id
    FROM mentions WHERE article_id IN (SELECT article_id FROM b_articles)
    GROUP BY article_id, char_start, char_end HAVING count(*) > 1
    UNION ALL
    SELECT 'article_minhash ' || article_id
    FROM article_minhash WHERE article_id IN (SELECT article_id FROM b_minhash)
    GROUP BY article_id HAVING count(*) > 1
);
