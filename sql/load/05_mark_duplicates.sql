-- The same text under several URLs: the earliest published copy (then the smallest canonical
-- URL) is the original, the others point at it. Only groups the batch touched are recomputed.
UPDATE articles SET duplicate_of = r.original_id
FROM (
    SELECT article_id,
           CASE WHEN first_id = article_id THEN NULL ELSE first_id END AS original_id
    FROM (
        SELECT article_id,
               first_value(article_id) OVER (
                   PARTITION BY content_hash
                   ORDER BY published_at NULLS LAST, canonical_url, article_id
               ) AS first_id
        FROM articles
        WHERE content_hash IN (SELECT content_hash FROM touched_hashes)
    )
) r
WHERE articles.article_id = r.article_id
  AND articles.duplicate_of IS DISTINCT FROM r.original_id;
