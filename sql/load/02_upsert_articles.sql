INSERT INTO articles BY NAME
SELECT article_id, url, canonical_url, source_domain, title, author, site_name, published_at,
       published_from, fetched_at, language, text, content_hash, raw_hash, extractor_version,
       nlp_status, NULL::VARCHAR AS duplicate_of, run_id, source, locator, extracted_by
FROM b_articles
ON CONFLICT (article_id) DO UPDATE SET
    url = excluded.url,
    canonical_url = excluded.canonical_url,
    source_domain = excluded.source_domain,
    title = excluded.title,
    author = excluded.author,
    site_name = excluded.site_name,
    published_at = excluded.published_at,
    published_from = excluded.published_from,
    fetched_at = excluded.fetched_at,
    language = excluded.language,
    text = excluded.text,
    content_hash = excluded.content_hash,
    raw_hash = excluded.raw_hash,
    extractor_version = excluded.extractor_version,
    extracted_by = excluded.extracted_by,
    nlp_status = excluded.nlp_status,
    run_id = excluded.run_id,
    source = excluded.source,
    locator = excluded.locator;
