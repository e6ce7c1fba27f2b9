-- Each article's rare names (transforms/article_terms.py): capitalised words rare in English
-- (surnames, streets, businesses), no place it names. Two reports that share three of them tie
-- as one incident weeks apart (transforms/cluster_links.py, `terms_pairs`). Articles loaded
-- before this table existed have none until they are loaded again.
CREATE TABLE IF NOT EXISTS article_terms (
    article_id VARCHAR NOT NULL,
    term       VARCHAR NOT NULL
);
CREATE INDEX IF NOT EXISTS article_terms_term ON article_terms (term);
