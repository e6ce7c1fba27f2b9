-- Content hashes whose duplicate groups this batch can change: the new hashes and the
-- hashes the batch's articles had before (an edit moves an article out of its old group).
CREATE OR REPLACE TEMP TABLE touched_hashes AS
SELECT content_hash FROM b_articles
UNION
SELECT a.content_hash FROM articles a JOIN b_articles b USING (article_id);
