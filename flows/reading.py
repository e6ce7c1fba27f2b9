"""Reading inputs: local files, and http(s) URLs through `flows.fetch`; one reject per failure."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from flows.fetch import Fetcher
from flows.raw_store import RawStore
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
    store = RawStore(settings.raw_root)
    try:
        for item in items:
            now = _now()
            charset = None
            url, kind = item.url, item.kind
            try:
                if item.raw_hash:
                    data = store.get(item.raw_hash)
                    kind = "html" if data.lstrip()[:1] == b"<" else "txt"
                elif item.locator.startswith(WARC_PREFIX):
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
            except FileNotFoundError as err:
                detail = f"raw bytes {item.raw_hash} are not in {settings.raw_root}" if item.raw_hash else str(err)
                rejects.append(reject_row(run_id, item.source, item.locator, "read", "unreadable", detail, now))
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
            raw_hash = content_hash(data)
            if not item.url.startswith("file:") and not item.raw_hash:
                store.put(raw_hash, data)  # a web page or WARC record: keep it for re-extraction
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
                    "raw_hash": raw_hash,
                }
            )
    finally:
        if fetcher is not None:
            fetcher.client.close()
    return pl.DataFrame(rows, schema=RAW_SCHEMA), rejects
