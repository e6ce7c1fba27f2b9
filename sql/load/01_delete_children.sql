-- An article that is loaded again replaces its old mentions, events, terms and signature, never
-- adds to them. Run only for a batch that holds such articles (`Warehouse.load_batch`): each
-- DELETE scans its whole table, which a batch of new articles has no need to pay.
DELETE FROM event_actors
WHERE event_id IN (SELECT e.event_id FROM events e JOIN b_articles b USING (article_id));
DELETE FROM events WHERE article_id IN (SELECT article_id FROM b_articles);
DELETE FROM mentions WHERE article_id IN (SELECT article_id FROM b_articles);
DELETE FROM article_terms WHERE article_id IN (SELECT article_id FROM b_articles);
DELETE FROM article_minhash WHERE article_id IN (SELECT article_id FROM b_minhash);
