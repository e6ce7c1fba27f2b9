"""Reading inputs: local files and http(s) URLs, with a size limit and one reject per failure."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import httpx
import polars as pl

from flows.settings import Settings
from flows.sources import Input
from transforms.documents import RAW_SCHEMA, reject_row
from transforms.errors import InputRejected
from transforms.ids import content_hash

_TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _read_file(item: Input, settings: Settings) -> bytes:
    path = Path(item.locator)
    size = path.stat().st_size
    if size > settings.max_bytes:
        raise InputRejected("too_large", f"{size} bytes is over the {settings.max_bytes}-byte limit", stage="read")
    with path.open("rb") as fh:
        return fh.read(settings.max_bytes + 1)


def _fetch(item: Input, client: httpx.Client, settings: Settings) -> tuple[bytes, str, str | None, str]:
    """GET a URL, streamed and stopped at the size limit. Returns (body, final url, charset, kind)."""
    try:
        with client.stream("GET", item.locator) as resp:
            if resp.status_code >= 400:
                raise InputRejected(
                    f"http_{resp.status_code}", f"HTTP {resp.status_code} {resp.reason_phrase}", stage="fetch"
                )
            ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype and not ctype.startswith(_TEXT_TYPES):
                raise InputRejected(
                    "unsupported_content_type", f"content type {ctype} is not HTML or text", stage="fetch"
                )
            body = bytearray()
            for chunk in resp.iter_bytes():
                body += chunk
                if len(body) > settings.max_bytes:
                    raise InputRejected("too_large", f"body over the {settings.max_bytes}-byte limit", stage="fetch")
            kind = "txt" if ctype == "text/plain" else "html"
            return bytes(body), str(resp.url), resp.charset_encoding, kind
    except httpx.HTTPError as err:
        raise InputRejected("network_error", f"{type(err).__name__}: {err}", stage="fetch") from err


def read_inputs(items: list[Input], settings: Settings, *, run_id: str) -> tuple[pl.DataFrame, list[dict]]:
    """Bytes of every input, as a RAW_SCHEMA frame, plus rejects for those that failed."""
    rows: list[dict] = []
    rejects: list[dict] = []
    client: httpx.Client | None = None
    try:
        for item in items:
            now = _now()
            charset = None
            url, kind = item.url, item.kind
            try:
                if item.url.startswith("file:"):
                    data = _read_file(item, settings)
                else:
                    if client is None:
                        client = httpx.Client(
                            timeout=settings.http_timeout_s,
                            follow_redirects=True,
                            max_redirects=5,
                            headers={"User-Agent": settings.user_agent},
                        )
                    data, url, charset, kind = _fetch(item, client, settings)
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
        if client is not None:
            client.close()
    return pl.DataFrame(rows, schema=RAW_SCHEMA), rejects
