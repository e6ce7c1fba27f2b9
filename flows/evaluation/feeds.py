"""`eventwire eval feeds DIR`: real RSS/Atom captures (e.g. `../shared/eval/rss-feeds/`) served
from a local HTTP server and read through the same fetcher and parser a run uses.

For each feed: the items in the XML, the article links read, how many are distinct after URL
canonicalisation, how many carry a publication date, and whether asking again with the ETag
costs a 304. The item links point at the real sites; they are counted, never fetched.
"""

from __future__ import annotations

import hashlib
import http.server
import threading
from pathlib import Path
from typing import Any, ClassVar

from lxml import etree

from flows.fetch import FEED_TYPES, TEXT_TYPES, Fetcher, FetchPolicy
from transforms.feeds import feed_links
from transforms.urls import canonicalize_url


class _FeedFiles(http.server.BaseHTTPRequestHandler):
    folder: ClassVar[Path] = Path()

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.folder / self.path.lstrip("/")
        if self.path == "/robots.txt" or not path.is_file():
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = path.read_bytes()
        etag = '"' + hashlib.blake2b(body, digest_size=8).hexdigest() + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)


def _items_in(body: bytes) -> int:
    """RSS `item` and Atom `entry` elements, counted in the XML itself (the gold)."""
    root = etree.fromstring(body, parser=etree.XMLParser(recover=True, resolve_entities=False, no_network=True))
    if root is None:
        return 0
    return sum(1 for el in root.iter() if isinstance(el.tag, str) and etree.QName(el).localname in ("item", "entry"))


def evaluate_feeds(folder: Path) -> dict[str, Any]:
    """Per-feed and total counts (see module)."""
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".xml", ".rss", ".atom"))
    if not files:
        raise ValueError(f"{folder}: no .xml, .rss or .atom files")
    _FeedFiles.folder = folder
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _FeedFiles)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    policy = FetchPolicy(allowed_hosts=frozenset({"127.0.0.1"}), host_delay_s=0.0, retries=0)
    rows = []
    try:
        with Fetcher(policy) as fetcher:
            for path in files:
                got = fetcher.fetch(f"{base}/{path.name}", accept_types=(*TEXT_TYPES, *FEED_TYPES))
                links = feed_links(got.body, got.url)
                again = fetcher.fetch(f"{base}/{path.name}", etag=got.etag, accept_types=(*TEXT_TYPES, *FEED_TYPES))
                rows.append(
                    {
                        "feed": path.name,
                        "items": _items_in(got.body),
                        "links": len(links),
                        "distinct_canonical": len({canonicalize_url(link.url) for link in links}),
                        "dated": sum(link.published is not None for link in links),
                        "second_ask_304": again.not_modified,
                    }
                )
    finally:
        httpd.shutdown()
        httpd.server_close()
    items = sum(r["items"] for r in rows)
    return {
        "dataset": "feeds",
        "feeds": len(rows),
        "items": items,
        "links": sum(r["links"] for r in rows),
        "links_per_item": round(sum(r["links"] for r in rows) / items, 4) if items else None,
        "dated_share": round(sum(r["dated"] for r in rows) / max(1, sum(r["links"] for r in rows)), 4),
        "all_304_on_second_ask": all(r["second_ask_304"] for r in rows),
        "per_feed": rows,
    }
