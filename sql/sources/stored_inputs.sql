-- Articles read from the web or from WARC files, with the hash of their stored raw bytes:
-- what `eventwire run --reextract` extracts again without fetching. The id URL is the link as
-- listed (the article id derives from it), or the record's URL for WARC records.
SELECT
    locator,
    source,
    CASE WHEN locator LIKE 'http%' THEN locator ELSE url END AS id_url,
    raw_hash
FROM articles
WHERE url NOT LIKE 'file:%'
ORDER BY article_id;
