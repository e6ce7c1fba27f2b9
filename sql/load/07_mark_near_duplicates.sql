-- Near-copies (a syndicated wire story with another headline or an extra paragraph): a batch
-- article and any other original sharing a band key whose signatures agree on at least 80 %
-- of their values. The later of the two (publication time, then canonical URL, then id) points
-- at the earliest original it copies; exact copies were marked by content hash before.
-- Band keys are joined as keys (the batch's few against the stored ones, streamed), and only the
-- pairs found are read further: the work and memory of a batch do not grow with the warehouse
-- (comparing each batch article's bands with every stored list took 212 MB at 100,000 articles).
WITH batch_bands AS (
    SELECT article_id, unnest(bands) AS band FROM b_minhash
),
candidates AS (
    SELECT DISTINCT b.article_id AS b_id, o.article_id AS o_id
    FROM (
        -- the stored keys the batch shares, found by a semi-join whose table is the batch's
        SELECT article_id, band
        FROM (SELECT article_id, unnest(bands) AS band FROM article_minhash)
        WHERE band IN (SELECT band FROM batch_bands)
    ) o
    JOIN batch_bands b ON o.band = b.band AND o.article_id <> b.article_id
),
originals AS (
    SELECT m.article_id, m.signature, a.published_at, a.canonical_url
    FROM article_minhash m JOIN articles a USING (article_id)
    WHERE a.duplicate_of IS NULL
      AND m.article_id IN (SELECT b_id FROM candidates UNION SELECT o_id FROM candidates)
),
pairs AS (
    SELECT c.b_id, c.o_id
    FROM candidates c
    JOIN originals b ON b.article_id = c.b_id
    JOIN originals o ON o.article_id = c.o_id
    WHERE len(list_filter(list_zip(o.signature, b.signature), lambda x: x[1] = x[2]))
          >= 0.8 * len(b.signature)
),
keyed AS (
    -- the order of originals: earliest published first (undated last), then URL, then id
    SELECT article_id,
           struct_pack(
               t := coalesce(published_at, TIMESTAMP '9999-12-31'),
               u := canonical_url,
               i := article_id
           ) AS sort_key
    FROM originals
),
ordered AS (
    SELECT
        CASE WHEN ko.sort_key < kb.sort_key THEN p.b_id ELSE p.o_id END AS copy_id,
        CASE WHEN ko.sort_key < kb.sort_key THEN p.o_id ELSE p.b_id END AS original_id,
        CASE WHEN ko.sort_key < kb.sort_key THEN ko.sort_key ELSE kb.sort_key END AS original_key
    FROM pairs p
    JOIN keyed ko ON ko.article_id = p.o_id
    JOIN keyed kb ON kb.article_id = p.b_id
),
copies AS (
    SELECT copy_id, arg_min(original_id, original_key) AS original_id
    FROM ordered
    GROUP BY copy_id
)
UPDATE articles SET duplicate_of = c.original_id
FROM copies c
WHERE articles.article_id = c.copy_id AND articles.duplicate_of IS NULL;
