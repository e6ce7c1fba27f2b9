"""A sources file of a feed, a sitemap index and a WARC file, served and run for real: every
item ends in `articles` or in `rejects`, and a second run fetches nothing it already has."""

from __future__ import annotations

import gzip
import io
import json
from collections import Counter
from pathlib import Path
from typing import ClassVar

import duckdb
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from flows.pipeline import run_pipeline
from flows.web_sources import SourcesFileError, load_sources
from tests.conftest import cli, read_table
from tests.http_helpers import QuietHandler, serving


def _page(title: str, sentence: str) -> bytes:
    return (
        f"<html lang='en'><head><title>{title}</title>"
        "<meta property='article:published_time' content='2024-05-02T10:00:00Z'></head><body>"
        f"<article><h1>{title}</h1><p>{sentence}</p>"
        "<p>Officials said talks would continue next week after a pause of several months.</p>"
        "</article></body></html>"
    ).encode()


PAGES = {
    "/news/geneva": _page("Talks in Geneva", "Delegations met in Geneva on Tuesday to discuss a ceasefire."),
    "/news/geneva-copy": _page("Talks in Geneva", "Delegations met in Geneva on Tuesday to discuss a ceasefire."),
    "/news/aleppo": _page("Shelling near Aleppo", "Rebels shelled an army post near Aleppo on Monday, killing two."),
    "/news/kabul": _page("Kabul market", "A bomb exploded in a Kabul market on Sunday, wounding five people."),
    # served as UTF-8 but written in Windows-1252, as old CMSs do
    "/news/paris": _page("Protest in Paris", "Protesters gathered outside a café near the Élysée on Friday.")
    .decode()
    .encode("cp1252"),
}


def _feed(base: str) -> bytes:
    items = [
        f"{base}/news/geneva",
        f"{base}/news/geneva?utm_source=rss#top",  # the same story, tracking junk on the link
        f"{base}/news/geneva-copy",  # the same text under a second URL
        f"{base}/news/aleppo",
        f"{base}/news/paris",
        f"{base}/news/report.pdf",
        f"{base}/news/gone",
        f"{base}/blocked/secret",
        "http://10.255.255.1/internal/admin",  # a feed item pointing inside the network
    ]
    body = "".join(f"<item><title>t{n}</title><link>{u}</link></item>" for n, u in enumerate(items))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>{body}</channel></rss>'.encode()


class _Site(QuietHandler):
    base: ClassVar[str] = ""
    hits: ClassVar[Counter] = Counter()

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        self.hits[path] += 1
        if path == "/robots.txt":
            self.send(200, b"User-agent: *\nDisallow: /blocked/\n", "text/plain")
        elif path == "/feed.xml":
            if self.headers.get("If-None-Match") == '"feed-1"':
                self.send(304, b"", "application/rss+xml")
            else:
                self.send(200, _feed(self.base), "application/rss+xml", ETag='"feed-1"')
        elif path == "/sitemap_index.xml":
            body = f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>{self.base}/sitemap-news.xml</loc></sitemap></sitemapindex>'
            self.send(200, body.encode(), "application/xml")
        elif path == "/sitemap-news.xml":
            if self.headers.get("If-None-Match") == '"map-1"':
                self.send(304, b"", "application/xml")
                return
            body = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{self.base}/news/kabul</loc></url><url><loc>{self.base}/news/aleppo</loc></url></urlset>'
            self.send(200, body.encode(), "application/xml", ETag='"map-1"')
        elif path in PAGES:
            self.send(200, PAGES[path], "text/html; charset=utf-8")
        elif path == "/news/report.pdf":
            self.send(200, b"%PDF-1.4", "application/pdf")
        elif path == "/news/gone":
            self.send(410, b"gone", "text/plain")
        else:
            self.send(404, b"not found", "text/plain")


@pytest.fixture
def site():
    _Site.hits = Counter()
    with serving(_Site) as base:
        _Site.base = base
        yield base


def _warc(path: Path) -> None:
    """Two responses, as a crawl stores them: an article and a PDF."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for uri, ctype, body in (
            (
                "https://wire.example/2024/05/03/sanaa-strike",
                "text/html; charset=utf-8",
                _page("Strike in Sanaa", "An air strike hit a fuel depot in Sanaa on Friday, killing three guards."),
            ),
            ("https://wire.example/files/annual.pdf", "application/pdf", b"%PDF-1.4"),
        ):
            http_headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http_headers)
            )


def _sources_file(tmp_path: Path, base: str) -> Path:
    _warc(tmp_path / "crawl.warc.gz")
    path = tmp_path / "sources.toml"
    path.write_text(
        f'[[source]]\nname = "wire-feed"\nlocation = "{base}/feed.xml"\n\n'
        f'[[source]]\nname = "news-sitemap"\nkind = "sitemap"\nlocation = "{base}/sitemap_index.xml"\n\n'
        f'[[source]]\nname = "news-urlset"\nkind = "sitemap"\nlocation = "{base}/sitemap-news.xml"\n\n'
        '[[source]]\nname = "crawl"\nlocation = "crawl.warc.gz"\n',
        encoding="utf-8",
    )
    return path


def test_sources_load_once_and_a_rerun_fetches_nothing_new(tmp_path, db_path, site, prefect_api_url):
    sources = _sources_file(tmp_path, site)
    first = run_pipeline(sources=str(sources), db=str(db_path))

    urls = set(read_table(db_path, "SELECT url FROM articles")["url"])
    assert {f"{site}/news/geneva", f"{site}/news/geneva-copy", f"{site}/news/aleppo", f"{site}/news/kabul"} <= urls
    assert "https://wire.example/2024/05/03/sanaa-strike" in urls
    paris = read_table(db_path, f"SELECT text FROM articles WHERE url = '{site}/news/paris'")["text"][0]
    assert "café near the Élysée" in paris  # the wrong declared charset did not garble it
    assert not any("utm_source" in u for u in urls)  # the tracking link was the same article
    copies = read_table(db_path, "SELECT count(*) AS n FROM articles WHERE duplicate_of IS NOT NULL")["n"][0]
    assert copies == 1

    rejects = {
        (r["locator"].rsplit("/", 1)[-1], r["stage"], r["reason"])
        for r in read_table(db_path, "SELECT locator, stage, reason FROM rejects").iter_rows(named=True)
    }
    assert ("report.pdf", "fetch", "unsupported_content_type") in rejects
    assert ("gone", "fetch", "http_410") in rejects
    assert ("secret", "fetch", "robots_disallowed") in rejects
    assert ("admin", "fetch", "private_address") in rejects
    assert any(
        reason == "unsupported_content_type" and stage == "discover" for _, stage, reason in rejects
    )  # PDF in WARC
    assert _Site.hits["/news/aleppo"] == 1  # listed by the feed and the sitemap, fetched once

    listed = cli(["sources", str(sources), "--db", str(db_path), "--format", "json"], api_url=None)
    assert listed.returncode == 0, listed.stderr
    feed = next(row for row in json.loads(listed.stdout) if row["name"] == "wire-feed")
    assert feed["skipped"] == 4  # its 410, PDF, robots-disallowed and internal links wait
    assert "http_410 1" in feed["skipped_why"] and "robots_disallowed 1" in feed["skipped_why"]

    state = read_table(db_path, "SELECT name, etag, last_status, last_links FROM source_state ORDER BY name")
    assert state.to_dicts() == [
        {"name": "crawl", "etag": None, "last_status": "ok", "last_links": 1},
        {"name": "news-sitemap", "etag": None, "last_status": "ok", "last_links": 2},
        {"name": "news-urlset", "etag": '"map-1"', "last_status": "ok", "last_links": 2},
        {"name": "wire-feed", "etag": '"feed-1"', "last_status": "ok", "last_links": 9},
    ]
    assert first["events"] > 0

    before = read_table(db_path, "SELECT article_id, raw_hash FROM articles ORDER BY article_id")
    page_hits = {p: _Site.hits[p] for p in PAGES}
    second = run_pipeline(sources=str(sources), db=str(db_path))
    assert {p: _Site.hits[p] for p in PAGES} == page_hits  # no page fetched again
    assert _Site.hits["/feed.xml"] == 2  # one conditional request, answered 304
    assert second["new"] == 0 and second["updated"] == 0
    assert read_table(db_path, "SELECT article_id, raw_hash FROM articles ORDER BY article_id").equals(before)
    status = read_table(db_path, "SELECT name, last_status, last_new FROM source_state ORDER BY name")
    assert status.to_dicts() == [
        {"name": "crawl", "last_status": "ok", "last_new": 0},
        {"name": "news-sitemap", "last_status": "ok", "last_new": 0},  # an index is read in full
        {"name": "news-urlset", "last_status": "not_modified", "last_new": 0},
        {"name": "wire-feed", "last_status": "not_modified", "last_new": 0},
    ]

    # an older extractor made these rows: --reextract redoes them from the raw store, no fetch
    con = duckdb.connect(str(db_path))
    con.execute("UPDATE articles SET extractor_version = 'old'")
    con.close()
    third = run_pipeline(reextract=True, db=str(db_path))
    assert {p: _Site.hits[p] for p in PAGES} == page_hits
    assert third["updated"] == len(before) and third["new"] == 0 and third["rejected"] == 0
    versions = read_table(db_path, "SELECT DISTINCT extractor_version AS v FROM articles")["v"].to_list()
    assert versions != ["old"] and len(versions) == 1
    assert read_table(db_path, "SELECT article_id, raw_hash FROM articles ORDER BY article_id").equals(before)


def test_a_broken_sources_file_is_one_clear_error(tmp_path):
    bad = tmp_path / "sources.toml"
    bad.write_text('[[source]]\nname = "x"\nkind = "podcast"\nlocation = "https://a.example/"\n', encoding="utf-8")
    with pytest.raises(SourcesFileError, match="kind 'podcast'"):
        load_sources(bad)
    bad.write_text("[[source]\n", encoding="utf-8")
    with pytest.raises(SourcesFileError, match="not valid TOML"):
        load_sources(bad)


def test_a_gzipped_sitemap_is_read_and_a_sitemap_bomb_refused():
    from flows.web_sources import _gunzipped
    from transforms.errors import InputRejected
    from transforms.feeds import sitemap_links

    xml = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.example/1</loc></url></urlset>'
    pages, _ = sitemap_links(_gunzipped(gzip.compress(xml), 1 << 20), "https://a.example/sitemap.xml.gz")
    assert [p.url for p in pages] == ["https://a.example/1"]
    with pytest.raises(InputRejected) as err:
        _gunzipped(gzip.compress(b"<urlset>" + b" " * (4 << 20)), 1 << 20)
    assert err.value.reason == "decompressed_too_large"


def test_feed_captures_are_read_through_the_fetcher(tmp_path):
    from flows.evaluation.feeds import evaluate_feeds

    (tmp_path / "rss.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>N</title>'
        "<item><title>A &amp; B</title><link>https://www.n.example/a?utm_source=rss</link>"
        "<pubDate>Tue, 07 May 2019 14:29:04 GMT</pubDate></item>"
        "<item><title>C</title><link>https://n.example/a</link></item>"
        "<item><title>no link</title></item></channel></rss>",
        encoding="utf-8",
    )
    (tmp_path / "atom.xml").write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
        '<entry><title>E</title><link href="https://t.example/e1"/><updated>2020-01-01T00:00:00Z</updated></entry>'
        "</feed>",
        encoding="utf-8",
    )
    scores = evaluate_feeds(tmp_path)
    per = {r["feed"]: r for r in scores["per_feed"]}
    assert per["rss.xml"]["items"] == 3 and per["rss.xml"]["links"] == 2
    assert per["rss.xml"]["distinct_canonical"] == 1 and per["rss.xml"]["dated"] == 1
    assert per["atom.xml"] == {
        "feed": "atom.xml",
        "items": 1,
        "links": 1,
        "distinct_canonical": 1,
        "dated": 1,
        "second_ask_304": True,
    }
    assert scores["all_304_on_second_ask"]
