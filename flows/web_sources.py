"""A sources file (TOML): the feeds, sitemaps, URL lists, folders and WARC files a user follows,
expanded each night into inputs.

    [[source]]
    name = "bbc-world"                 # unique; the key of its state in `source_state`
    kind = "feed"                      # feed | sitemap | urls | folder | warc (guessed if left out)
    location = "https://feeds.bbci.co.uk/news/world/rss.xml"

TOML because Python reads it without a dependency (`tomllib`). Relative paths are relative to
the sources file. A feed or a plain sitemap is asked conditionally (ETag, Last-Modified from
last time), so an unchanged one costs one request; a sitemap index is followed to its sitemaps
(up to `MAX_SITEMAPS`) and read in full each time, as its sitemaps change under it. A source
that cannot be read becomes a reject of stage `discover` and the run goes on with the others.
"""

from __future__ import annotations

import tomllib
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flows.fetch import FEED_TYPES, TEXT_TYPES, Fetched, Fetcher
from flows.sources import Input, discover
from flows.warc import PREFIX as WARC_PREFIX
from flows.warc import is_warc, warc_records
from transforms.documents import reject_row
from transforms.errors import InputRejected
from transforms.feeds import Link, feed_links, sitemap_links
from transforms.urls import canonicalize_url

KINDS = ("feed", "sitemap", "urls", "folder", "warc")
MAX_SITEMAPS = 50
_XML_TYPES = (*TEXT_TYPES, *FEED_TYPES, "application/x-gzip")


class SourcesFileError(ValueError):
    """The sources file cannot be used; the message is one line for the user."""


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    location: str


@dataclass
class Expansion:
    """What one source gave this run."""

    inputs: list[Input]
    rejects: list[dict]
    state: dict


def _guess_kind(location: str) -> str:
    lower = location.lower().split("?", 1)[0]
    if is_warc(lower):
        return "warc"
    if lower.endswith((".list", ".lst", ".urls", ".txt")) and not lower.startswith(("http://", "https://")):
        return "urls"
    if "sitemap" in lower:
        return "sitemap"
    if lower.startswith(("http://", "https://")):
        return "feed"
    return "folder"


def load_sources(path: Path) -> list[Source]:
    """The sources a file names, checked: each has a unique name, a known kind, a location."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise SourcesFileError(f"{path}: no such sources file") from err
    except tomllib.TOMLDecodeError as err:
        raise SourcesFileError(f"{path}: not valid TOML: {err}") from err
    entries = data.get("source")
    if not isinstance(entries, list) or not entries:
        raise SourcesFileError(f"{path}: no [[source]] tables")
    out: list[Source] = []
    for n, entry in enumerate(entries, start=1):
        location = str(entry.get("location") or "").strip()
        if not location:
            raise SourcesFileError(f"{path}: source {n} has no location")
        name = str(entry.get("name") or location)
        kind = str(entry.get("kind") or _guess_kind(location))
        if kind not in KINDS:
            raise SourcesFileError(f"{path}: source {name!r}: kind {kind!r} is not one of {', '.join(KINDS)}")
        if not location.startswith(("http://", "https://")) and not Path(location).is_absolute():
            location = str((path.parent / location).resolve())
        if any(s.name == name for s in out):
            raise SourcesFileError(f"{path}: two sources are named {name!r}")
        out.append(Source(name, kind, location))
    return out


def _inputs_of(links: list[Link], source: str) -> list[Input]:
    return [Input(link.url, source, canonicalize_url(link.url), "html") for link in links]


def _state(source: Source, run_id: str, now: datetime, status: str, links: int, **validators: str | None) -> dict:
    return {
        "name": source.name,
        "kind": source.kind,
        "location": source.location,
        "etag": validators.get("etag"),
        "last_modified": validators.get("last_modified"),
        "last_run_id": run_id,
        "last_fetched_at": now,
        "last_status": status,
        "last_links": links,
        "last_new": None,
    }


def _ask(fetcher: Fetcher, url: str, last: dict | None) -> Fetched:
    """GET a feed or sitemap, conditionally when last time's validators are known."""
    last = last or {}
    return fetcher.fetch(url, etag=last.get("etag"), last_modified=last.get("last_modified"), accept_types=_XML_TYPES)


def _unchanged(source: Source, got: Fetched, last: dict | None, run_id: str, now: datetime) -> Expansion:
    """A 304: nothing new, and the validators kept for next time."""
    last = last or {}
    keep = {"etag": got.etag or last.get("etag"), "last_modified": last.get("last_modified")}
    return Expansion([], [], _state(source, run_id, now, "not_modified", 0, **keep))


def _feed(source: Source, fetcher: Fetcher, last: dict | None, run_id: str, now: datetime) -> Expansion:
    got = _ask(fetcher, source.location, last)
    if got.not_modified:
        return _unchanged(source, got, last, run_id, now)
    try:
        links = feed_links(got.body, got.url)
    except ValueError as err:
        raise InputRejected("not_a_feed", str(err), stage="discover") from err
    state = _state(source, run_id, now, "ok", len(links), etag=got.etag, last_modified=got.last_modified)
    return Expansion(_inputs_of(links, source.name), [], state)


def _gunzipped(body: bytes, limit: int) -> bytes:
    """A `sitemap.xml.gz` served as gzip bytes, inflated up to `limit` bytes (no bomb)."""
    if body[:2] != b"\x1f\x8b":
        return body
    inflater = zlib.decompressobj(wbits=31)
    out = inflater.decompress(body, limit + 1)
    if len(out) > limit:
        raise InputRejected("decompressed_too_large", f"sitemap over the {limit}-byte limit", stage="discover")
    return out


def _sitemap(source: Source, fetcher: Fetcher, last: dict | None, run_id: str, now: datetime) -> Expansion:
    """A sitemap's pages, following an index to its sitemaps. A plain sitemap (`urlset`) is asked
    conditionally; an index is always read in full, as its sitemaps change under it."""
    pages: list[Link] = []
    rejects: list[dict] = []
    queue, seen = [source.location], set()
    validators: dict[str, str | None] = {}
    while queue and len(seen) < MAX_SITEMAPS:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        root = url == source.location
        try:
            got = _ask(fetcher, url, last if root else None)
            if got.not_modified:
                return _unchanged(source, got, last, run_id, now)
            found, children = sitemap_links(_gunzipped(got.body, fetcher.policy.max_bytes), got.url)
            if root and not children:
                validators = {"etag": got.etag, "last_modified": got.last_modified}
        except InputRejected as err:
            rejects.append(reject_row(run_id, source.name, url, "discover", err.reason, err.detail, now))
            continue
        except ValueError as err:
            rejects.append(reject_row(run_id, source.name, url, "discover", "not_a_sitemap", str(err), now))
            continue
        pages += found
        queue += children
    status = "ok" if not rejects else f"partial: {len(rejects)} sitemap(s) failed"
    state = _state(source, run_id, now, status, len(pages), **validators)
    return Expansion(_inputs_of(pages, source.name), rejects, state)


def _warc(source: Source, run_id: str, now: datetime) -> Expansion:
    records, skipped = warc_records(Path(source.location))
    inputs = [Input(r.locator, source.name, r.url, "html") for r in records]
    rejects = [reject_row(run_id, source.name, loc, "discover", reason, detail, now) for loc, reason, detail in skipped]
    return Expansion(inputs, rejects, _state(source, run_id, now, "ok", len(inputs)))


def expand(source: Source, fetcher: Fetcher, last: dict | None, *, run_id: str, now: datetime) -> Expansion:
    """The inputs one source lists now; a source that fails entirely is one reject."""
    try:
        if source.kind == "feed":
            return _feed(source, fetcher, last, run_id, now)
        if source.kind == "sitemap":
            return _sitemap(source, fetcher, last, run_id, now)
        if source.kind == "warc":
            return _warc(source, run_id, now)
        # urls and folder: the same discovery as command-line specs
        inputs, rejects = discover([source.location], run_id=run_id, now=now)
        inputs = [Input(i.locator, source.name, i.url, i.kind) for i in inputs]
        return Expansion(inputs, rejects, _state(source, run_id, now, "ok", len(inputs)))
    except InputRejected as err:
        reject = reject_row(run_id, source.name, source.location, "discover", err.reason, err.detail, now)
        state = _state(source, run_id, now, f"failed: {err.reason}", 0)
        if last:  # keep the validators: a failure says nothing about the feed's content
            state.update(etag=last.get("etag"), last_modified=last.get("last_modified"))
        return Expansion([], [reject], state)


def is_remote(item: Input) -> bool:
    """Inputs that cost a fetch or a WARC read, which a rerun skips once loaded."""
    return item.url.startswith(("http://", "https://")) or item.locator.startswith(WARC_PREFIX)
