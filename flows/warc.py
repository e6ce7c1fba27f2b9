"""WARC files (`.warc`, `.warc.gz`, e.g. Common Crawl News): their HTML responses as inputs.

Discovery walks the file once with warcio and names each usable response record by its offset
(`warc:/path/file.warc.gz#12345`); reading seeks straight to that record, so a batch reads only
its own records and a gzip WARC is never decompressed whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from flows.fetch import TEXT_TYPES
from transforms.errors import InputRejected
from transforms.urls import canonicalize_url

PREFIX = "warc:"


@dataclass(frozen=True)
class WarcRecord:
    locator: str
    url: str


def is_warc(path: str) -> bool:
    return path.lower().endswith((".warc", ".warc.gz"))


def warc_records(path: Path) -> tuple[list[WarcRecord], list[tuple[str, str, str]]]:
    """(usable HTML responses, (locator, reason, detail) of records skipped) of a WARC file.
    Requests, metadata and non-200 or non-text responses are skipped silently, as a crawl
    holds many; a file that is not a WARC raises InputRejected."""
    found: list[WarcRecord] = []
    skipped: list[tuple[str, str, str]] = []
    try:
        with path.open("rb") as fh:
            it = ArchiveIterator(fh)
            for record in it:
                if record.rec_type != "response" or record.http_headers is None:
                    record.content_stream().read()
                    continue
                status = record.http_headers.get_statuscode()
                ctype = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                record.content_stream().read()
                locator = f"{PREFIX}{path}#{it.get_record_offset()}"
                if status != "200" or not ctype.startswith(TEXT_TYPES) or not uri.startswith(("http://", "https://")):
                    if status == "200" and uri:
                        skipped.append((locator, "unsupported_content_type", f"{uri}: {ctype or 'no content type'}"))
                    continue
                found.append(WarcRecord(locator, canonicalize_url(uri)))
    except ArchiveLoadFailed as err:
        raise InputRejected("not_warc", f"{path}: {err}", stage="discover") from err
    return found, skipped


def read_record(locator: str, max_bytes: int) -> tuple[bytes, str | None]:
    """(payload, declared charset) of the response record a `warc:` locator names."""
    path, _, offset = locator[len(PREFIX) :].rpartition("#")
    with open(path, "rb") as fh:
        fh.seek(int(offset))
        record = next(iter(ArchiveIterator(fh)))
        body = record.content_stream().read(max_bytes + 1)
        if len(body) > max_bytes:
            raise InputRejected("too_large", f"record over the {max_bytes}-byte limit", stage="read")
        ctype = record.http_headers.get_header("Content-Type") or "" if record.http_headers else ""
    charset = next((p.split("=", 1)[1].strip() for p in ctype.split(";")[1:] if p.strip().startswith("charset=")), None)
    return body, charset
