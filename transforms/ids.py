"""Stable identifiers derived from content and URLs, never from counters or run order.

The same input must give the same id on every machine and every rerun, so that loads
upsert instead of duplicating. BLAKE2b is in the standard library and fast; 16 hex digits
(64 bits) keep collisions negligible at the scale of hundreds of millions of rows.
"""

from __future__ import annotations

import hashlib

import polars as pl

_SEP = "\x1f"


def stable_id(*parts: object) -> str:
    """Hash the parts (None counts as empty) into a 16-hex-digit id."""
    joined = _SEP.join("" if p is None else str(p) for p in parts)
    return hashlib.blake2b(joined.encode("utf-8"), digest_size=8).hexdigest()


def content_hash(data: bytes | str) -> str:
    """A 32-hex-digit digest of bytes or text, for change detection."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def stable_id_expr(*columns: str | pl.Expr) -> pl.Expr:
    """Polars expression: stable_id over the given columns, row by row."""
    exprs = [pl.col(c) if isinstance(c, str) else c for c in columns]
    joined = pl.concat_str([e.cast(pl.String).fill_null("") for e in exprs], separator=_SEP)
    return joined.map_elements(
        lambda s: hashlib.blake2b(s.encode("utf-8"), digest_size=8).hexdigest(),
        return_dtype=pl.String,
    )
