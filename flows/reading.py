"""Reading inputs: local files, and http(s) URLs through `flows.fetch`; one reject per failure."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

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


def _read_one(
    item: Input, settings: Settings, fetcher: Fetcher, store: RawStore, run_id: str
) -> tuple[dict | None, dict | None]:
    """(raw row, None) for an input read, (None, reject row) for one that failed."""
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
            got = fetcher.fetch(item.locator)
            data, url, charset = got.body, got.url, got.charset
            kind = "txt" if got.content_type == "text/plain" else "html"
        if not data:
            raise InputRejected("empty", "the input is empty (0 bytes)", stage="read")
    except InputRejected as rej:
        return None, reject_row(run_id, item.source, item.locator, rej.stage, rej.reason, rej.detail, now)
    except FileNotFoundError as err:
        detail = f"raw bytes {item.raw_hash} are not in {settings.raw_root}" if item.raw_hash else str(err)
        return None, reject_row(run_id, item.source, item.locator, "read", "unreadable", detail, now)
    except OSError as err:
        detail = f"{type(err).__name__}: {err.strerror or err}"
        return None, reject_row(run_id, item.source, item.locator, "read", "unreadable", detail, now)
    raw_hash = content_hash(data)
    if not item.url.startswith("file:") and not item.raw_hash:
        store.put(raw_hash, data)  # a web page or WARC record: keep it for re-extraction
    row = {
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
    return row, None


def _host(item: Input) -> str | None:
    """The host a web input is fetched from; None for what is read locally."""
    if item.raw_hash or not item.url.startswith(("http://", "https://")) or item.locator.startswith(WARC_PREFIX):
        return None
    return urlsplit(item.locator).netloc.lower()


def read_inputs(items: list[Input], settings: Settings, *, run_id: str) -> tuple[pl.DataFrame, list[dict]]:
    """Bytes of every input, as a RAW_SCHEMA frame in input order, plus rejects for those that
    failed. Web pages are fetched by up to `settings.fetch_threads` threads, one host per thread
    at a time, so hosts are asked in parallel and each host politely in turn."""
    results: list[tuple[dict | None, dict | None]] = [(None, None)] * len(items)
    store = RawStore(settings.raw_root)
    by_host: dict[str | None, list[int]] = {}
    for n, item in enumerate(items):
        by_host.setdefault(_host(item), []).append(n)

    with Fetcher(settings.fetch_policy()) as fetcher:

        def read_all(indices: list[int]) -> None:
            for n in indices:
                results[n] = _read_one(items[n], settings, fetcher, store, run_id)

        read_all(by_host.pop(None, []))
        hosts = list(by_host.values())
        if len(hosts) <= 1 or settings.fetch_threads <= 1:
            for indices in hosts:
                read_all(indices)
        else:
            with ThreadPoolExecutor(max_workers=min(settings.fetch_threads, len(hosts))) as pool:
                list(pool.map(read_all, hosts))
    rows = [row for row, _ in results if row is not None]
    rejects = [rej for _, rej in results if rej is not None]
    return pl.DataFrame(rows, schema=RAW_SCHEMA), rejects
