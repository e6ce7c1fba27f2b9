"""Article links out of feeds and sitemaps: pure functions over bytes a fetcher got.

Feeds (RSS 0.9x/1.0/2.0, Atom) go through feedparser, which copes with the malformed XML,
entity soup and date formats news sites serve. Sitemaps are plain XML (`urlset` of `url/loc`,
or a `sitemapindex` of `sitemap/loc`, news sitemaps adding `news:publication_date`); lxml reads
them without any network access. A sitemap library would fetch on its own, outside the
fetcher's safety limits, so it is not used.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin

import feedparser
from lxml import etree


@dataclass(frozen=True)
class Link:
    """One article a feed or sitemap points at."""

    url: str
    title: str | None = None
    published: datetime | None = None


def _struct_time(value) -> datetime | None:
    return datetime(*value[:6], tzinfo=UTC).replace(tzinfo=None) if value else None


def feed_links(body: bytes, base_url: str) -> list[Link]:
    """The item links of an RSS or Atom feed, resolved against the feed's URL, in feed order,
    each once. Raises ValueError when the bytes are not a feed at all."""
    parsed = feedparser.parse(body)
    if not parsed.entries and not parsed.get("version"):
        raise ValueError(f"not an RSS or Atom feed ({getattr(parsed, 'bozo_exception', 'no entries')})")
    seen: set[str] = set()
    out: list[Link] = []
    for entry in parsed.entries:
        href = entry.get("link") or (entry.get("id") if str(entry.get("id", "")).startswith("http") else None)
        if not href:
            continue
        url = urljoin(base_url, href.strip())
        if url in seen:
            continue
        seen.add(url)
        published = _struct_time(entry.get("published_parsed") or entry.get("updated_parsed"))
        out.append(Link(url, entry.get("title"), published))
    return out


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def sitemap_links(body: bytes, base_url: str) -> tuple[list[Link], list[str]]:
    """(page links, child sitemap URLs) of a sitemap or sitemap index. Raises ValueError when
    the bytes are not sitemap XML."""
    try:
        root = etree.fromstring(body, parser=etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError as err:
        raise ValueError(f"not XML: {err}") from err
    kind = _local(root.tag)
    if kind not in ("urlset", "sitemapindex"):
        raise ValueError(f"not a sitemap: root element <{kind}>")
    pages: list[Link] = []
    children: list[str] = []
    for item in root:
        fields = {_local(el.tag): (el.text or "").strip() for el in item.iter() if el is not item}
        loc = fields.get("loc")
        if not loc:
            continue
        url = urljoin(base_url, loc)
        if kind == "sitemapindex":
            children.append(url)
            continue
        stamp = fields.get("publication_date") or fields.get("lastmod")
        published = None
        if stamp:
            try:
                published = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(UTC).replace(tzinfo=None)
            except ValueError:
                published = None
        pages.append(Link(url, fields.get("title"), published))
    return pages, children
