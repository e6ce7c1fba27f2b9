-- Articles without their text, with how many events each gave: the cheap table for dashboards.
CREATE OR REPLACE VIEW v_articles AS
SELECT
    a.article_id, a.canonical_url, a.source_domain, a.title, a.author, a.published_at,
    a.published_from, a.language, a.nlp_status, a.duplicate_of, a.fetched_at,
    length(a.text) AS text_chars,
    (SELECT count(*) FROM events e WHERE e.article_id = a.article_id) AS n_events
FROM articles a;
