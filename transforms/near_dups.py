"""Near-identical texts (one wire story syndicated with a changed headline, a byline, a
trailing paragraph): MinHash signatures and LSH band keys, so the loader can find the copies
of a text among all articles without comparing every pair.

A signature is `NUM_PERM` MinHash values over the text's word 5-shingles (datasketch); its
band keys cut it into `BANDS` bands. Two texts that share a band key are candidates, and the
loader keeps a pair when the signatures agree on at least `THRESHOLD` of their values (an
estimate of the shingles' Jaccard similarity). With 16 bands of 4 values, a pair at Jaccard
0.8 is a candidate with probability 0.9998, one at 0.3 with 0.12.
"""

from __future__ import annotations

import re

import polars as pl
from datasketch import MinHash

NUM_PERM = 64
BANDS = 16
THRESHOLD = 0.8
SHINGLE = 5
_WORD = re.compile(r"\w+")
SIGNATURE_SCHEMA = {"article_id": pl.String, "signature": pl.List(pl.UInt64), "bands": pl.List(pl.String)}


def signature(text: str) -> list[int]:
    """MinHash values of the text's lower-cased word 5-shingles (the words themselves when the
    text is shorter than a shingle)."""
    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    m = MinHash(num_perm=NUM_PERM, seed=1)
    m.update_batch([s.encode("utf-8") for s in shingles])
    return [int(v) for v in m.hashvalues]


def band_keys(values: list[int]) -> list[str]:
    rows = len(values) // BANDS
    return [f"{b}:" + ".".join(str(v) for v in values[b * rows : (b + 1) * rows]) for b in range(BANDS)]


def signatures(articles: pl.DataFrame) -> pl.DataFrame:
    """article_id, signature and band keys of every article with text."""
    rows = []
    for article_id, text in articles.select("article_id", "text").iter_rows():
        if text and text.strip():
            values = signature(text)
            rows.append({"article_id": article_id, "signature": values, "bands": band_keys(values)})
    return pl.DataFrame(rows, schema=SIGNATURE_SCHEMA)
