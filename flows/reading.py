"""Reading inputs: local files, and http(s) URLs through `flows.fetch`; one reject per failure."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from flows.fetch import Fetcher
from flows.settings import Settings
from flows.sources import Input
from flows.warc import PREFIX as WARC_PREFIX
from flows.warc import read_record
from transforms.documents import RAW_SCHEMA, reject_row
from transforms.errors import InputRejected
from transforms.ids import content_hash


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _read_file(item: Input, settings: Settings) -> bytes:
    path = Path(item.locator)
    size = path.stat().st_size
    if size > settings.max_bytes:
        raise InputRejected("too_large", f"{size} bytes is over the {settings.max_bytes}-byte limit", stage="read")
    with path.open("rb") as fh:
        return fh.read(settings.max_bytes + 1)


def read_inputs(items: list[Input], settings: Settings, *, run_id: str) -> tuple[pl.DataFrame, list[dict]]:
    """Bytes of every input, as a RAW_SCHEMA frame, plus rejects for those that failed."""
    rows: list[dict] = []
    rejects: list[dict] = []
    fetcher: Fetcher | None = None
    try:
        for item in items:
            now = _now()
            charset = None
            url, kind = item.url, item.kind
            try:
                if item.locator.startswith(WARC_PREFIX):
                    data, charset = read_record(item.locator, settings.max_bytes)
                elif item.url.startswith("file:"):
                    data = _read_file(item, settings)
                else:
                    if fetcher is None:
                        fetcher = Fetcher(settings.fetch_policy())
                    got = fetcher.fetch(item.locator)
                    data, url, charset = got.body, got.url, got.charset
                    kind = "txt" if got.content_type == "text/plain" else "html"
                if not data:
                    raise InputRejected("empty", "the input is empty (0 bytes)", stage="read")
            except InputRejected as rej:
                rejects.append(reject_row(run_id, item.source, item.locator, rej.stage, rej.reason, rej.detail, now))
                continue
            except OSError as err:
                rejects.append(
                    reject_row(
                        run_id,
                        item.source,
                        item.locator,
                        "read",
                        "unreadable",
                        f"{type(err).__name__}: {err.strerror or err}",
                        now,
                    )
                )
                continue
            rows.append(
                {
                    "article_id": item.article_id,
                    "locator": item.locator,
                    "source": item.source,
                    "url": item.url if item.url.startswith("file:") else url,
                    "kind": kind,
                    "data": data,
                    "declared_charset": charset,
                    "fetched_at": now,
                    "raw_hash": content_hash(data),
                }
            )
    finally:
        if fetcher is not None:
            fetcher.client.close()
    return pl.DataFrame(rows, schema=RAW_SCHEMA), rejects
