-- An article that is loaded again replaces its old mentions, events and terms, never adds to them.
DELETE FROM event_actors
WHERE event_id IN (SELECT e.event_id FROM events e JOIN b_articles b USING (article_id));
DELETE FROM events WHERE article_id IN (SELECT article_id FROM b_articles);
DELETE FROM mentions WHERE article_id IN (SELECT article_id FROM b_articles);
DELETE FROM article_terms WHERE article_id IN (SELECT article_id FROM b_articles);
