"""Raw inputs to article rows: decode, extract, identify, hash. The batch seam of the pipeline.

Input frame (one row per file or URL read), the `RAW_SCHEMA` below. Output: an articles frame
in the warehouse's column order and a rejects frame; every input row ends in exactly one.
"""

from __future__ import annotations

from datetime import datetime

import polars as pl

from transforms.decode import decode_bytes
from transforms.errors import InputRejected
from transforms.extract import extract_html, extract_txt
from transforms.ids import content_hash, stable_id
from transforms.urls import canonicalize_url, source_domain

RAW_SCHEMA = {
    "article_id": pl.String,  # from the URL as discovered, so it is known before reading
    "locator": pl.String,  # the path or URL as the user gave it
    "source": pl.String,  # the input it came from (folder, glob, list file)
    "url": pl.String,  # file URI or the final http(s) URL
    "kind": pl.String,  # html | txt
    "data": pl.Binary,
    "declared_charset": pl.String,
    "fetched_at": pl.Datetime("us"),
    "raw_hash": pl.String,
}

ARTICLE_SCHEMA = {
    "article_id": pl.String,
    "url": pl.String,
    "canonical_url": pl.String,
    "source_domain": pl.String,
    "title": pl.String,
    "author": pl.String,
    "site_name": pl.String,
    "published_at": pl.Datetime("us"),
    "published_from": pl.String,
    "fetched_at": pl.Datetime("us"),
    "language": pl.String,
    "text": pl.String,
    "content_hash": pl.String,
    "raw_hash": pl.String,
    "extractor_version": pl.String,
    "extracted_by": pl.String,  # precision | recall | baseline | text (transforms/extract.py)
    "run_id": pl.String,
    "source": pl.String,
    "locator": pl.String,
}

REJECT_SCHEMA = {
    "run_id": pl.String,
    "source": pl.String,
    "locator": pl.String,
    "stage": pl.String,
    "reason": pl.String,
    "detail": pl.String,
    "rejected_at": pl.Datetime("us"),
}


def article_id_for(url: str) -> str:
    """Articles are identified by where they were read, canonicalised: an edit keeps the id."""
    return stable_id("article", canonicalize_url(url))


def reject_row(
    run_id: str, source: str | None, locator: str, stage: str, reason: str, detail: str, at: datetime
) -> dict:
    """One rejects row; the detail is kept to one line."""
    line = " ".join(str(detail).split())[:500]
    return {
        "run_id": run_id,
        "source": source,
        "locator": locator,
        "stage": stage,
        "reason": reason,
        "detail": line,
        "rejected_at": at,
    }


def extract_batch(
    raw: pl.DataFrame, *, run_id: str, extractor_version: str, now: datetime, min_chars: int = 40
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Decode and extract every raw input; return (articles, rejects)."""
    articles: list[dict] = []
    rejects: list[dict] = []
    for row in raw.iter_rows(named=True):
        try:
            decoded = decode_bytes(row["data"], declared=row["declared_charset"])
            extract = extract_txt if row["kind"] == "txt" else extract_html
            ex = extract(decoded.text, row["url"], min_chars=min_chars)
        except InputRejected as err:
            rejects.append(reject_row(run_id, row["source"], row["locator"], err.stage, err.reason, err.detail, now))
            continue
        except Exception as err:  # a parser crash on one page must not stop the batch
            detail = f"{type(err).__name__}: {err}"
            rejects.append(reject_row(run_id, row["source"], row["locator"], "extract", "extractor_error", detail, now))
            continue
        canonical = ex.canonical_url or canonicalize_url(row["url"])
        articles.append(
            {
                "article_id": row["article_id"],
                "url": row["url"],
                "canonical_url": canonical,
                "source_domain": source_domain(canonical) or source_domain(row["url"]),
                "title": ex.title,
                "author": ex.author,
                "site_name": ex.site_name,
                "published_at": ex.published_at,
                "published_from": ex.published_from,
                "fetched_at": row["fetched_at"],
                "language": ex.language,
                "text": ex.text,
                "content_hash": content_hash(" ".join(ex.text.lower().split())),
                "raw_hash": row["raw_hash"],
                "extractor_version": extractor_version,
                "extracted_by": ex.extracted_by,
                "run_id": run_id,
                "source": row["source"],
                "locator": row["locator"],
            }
        )
    return (
        pl.DataFrame(articles, schema=ARTICLE_SCHEMA),
        pl.DataFrame(rejects, schema=REJECT_SCHEMA),
    )
