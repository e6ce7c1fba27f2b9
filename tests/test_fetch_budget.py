"""robots.txt through the guarded fetcher, and a page's time budget held to the second, against
real HTTP servers on 127.0.0.1."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import replace
from typing import ClassVar

import pytest

from flows.fetch import Fetcher, FetchPolicy
from tests.http_helpers import QuietHandler, serving
from transforms.errors import InputRejected

PAGE = (
    b"<html lang='en'><head><title>Talks</title></head><body><article><h1>Talks</h1>"
    b"<p>Delegations met in Geneva on Tuesday to discuss a ceasefire, officials said.</p></article></body></html>"
)


class _Site(QuietHandler):
    calls: ClassVar[Counter] = Counter()
    robots: ClassVar[str] = "plain"  # plain | inside | internal | huge
    chunk_every_s: ClassVar[float] = 3.0

    def do_GET(self):
        self.calls[self.path] += 1
        if self.path == "/robots.txt":
            if self.robots == "inside":  # moved within the site: follow it
                self.send(301, Location="/meta/robots.txt")
            elif self.robots == "internal":  # a hop to an address the fetcher must not call
                self.send(302, Location="http://10.255.255.1/robots.txt")
            elif self.robots == "huge":  # an endless robots.txt: read up to the cap
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                try:
                    self.wfile.write(b"User-agent: *\nDisallow: /private/\n")
                    while True:
                        self.wfile.write(b"# padding\n" * 10_000)
                except OSError:
                    return
            else:
                self.send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif self.path == "/meta/robots.txt":
            self.send(200, b"User-agent: *\nDisallow: /moved-rules/\n", "text/plain")
        elif self.path.split("?", 1)[0] == "/trickle":  # headers at once, then a chunk every few seconds, no length
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                self.wfile.write(b"<html><body><p>")
                self.wfile.flush()
                for _ in range(30):
                    time.sleep(self.chunk_every_s)
                    self.wfile.write(b"more ")
                    self.wfile.flush()
            except OSError:
                return
        else:
            self.send(200, PAGE)


@pytest.fixture
def site():
    _Site.calls, _Site.robots = Counter(), "plain"
    with serving(_Site) as base:
        yield base


def _fetcher(**overrides) -> Fetcher:
    policy = FetchPolicy(allowed_hosts=frozenset({"127.0.0.1"}), host_delay_s=0.0, retries=0)
    return Fetcher(replace(policy, **overrides))


def test_robots_redirect_within_the_site_is_followed(site):
    _Site.robots = "inside"
    with _fetcher() as f:
        assert f.fetch(f"{site}/news/ok").status == 200
        with pytest.raises(InputRejected) as err:
            f.fetch(f"{site}/moved-rules/page")
    assert err.value.reason == "robots_disallowed"
    assert _Site.calls["/meta/robots.txt"] == 1 and _Site.calls["/moved-rules/page"] == 0


def test_robots_redirect_to_an_internal_address_is_not_followed(site):
    """The hop is checked as a page's is: refused without a call (httpx following it on its own
    would have connected to 10.255.255.1), and the site's pages carry the reason."""
    _Site.robots = "internal"
    started = time.monotonic()
    with _fetcher(connect_timeout_s=5.0) as f:
        for path in ("/news/a", "/news/b"):
            with pytest.raises(InputRejected) as err:
                f.fetch(site + path)
            assert err.value.reason == "private_address"
            assert "robots.txt" in err.value.detail and "10.255.255.1" in err.value.detail
    assert time.monotonic() - started < 2.0  # no connection was tried
    assert _Site.calls["/robots.txt"] == 1  # once a run
    assert _Site.calls["/news/a"] == 0 and _Site.calls["/news/b"] == 0


def test_an_endless_robots_txt_is_read_up_to_its_cap(site):
    _Site.robots = "huge"
    with _fetcher() as f:
        assert f.fetch(f"{site}/news/ok").status == 200
        with pytest.raises(InputRejected) as err:
            f.fetch(f"{site}/private/page")
    assert err.value.reason == "robots_disallowed"


def test_a_trickling_body_is_cut_at_the_budget_not_at_its_next_chunk(site):
    """A chunk every 1.4 s, each within the 1.5 s read timeout: the budget of 2 s ends the page
    at 2 s (checking the clock only when a chunk comes would wait for the one at 2.8 s)."""
    _Site.chunk_every_s = 1.4
    with _fetcher(page_budget_s=2.0, read_timeout_s=1.5) as f:
        started = time.monotonic()
        with pytest.raises(InputRejected) as err:
            f.fetch(f"{site}/trickle")
        took = time.monotonic() - started
        assert err.value.reason == "too_slow"
        assert 1.9 <= took < 2.6
        # the host ran over its budget: its other pages are not asked for this run
        with pytest.raises(InputRejected) as again:
            f.fetch(f"{site}/news/next")
        assert again.value.reason == "too_slow" and _Site.calls["/news/next"] == 0


def test_a_slow_host_does_not_hold_up_the_others(site, tmp_path):
    """Two hosts read by one fetch thread each: the slow host's three pages cost one budget,
    the other host's pages all come in."""
    from flows.reading import read_inputs
    from flows.settings import Settings
    from flows.sources import Input

    with serving(_Site) as fast:
        _Site.chunk_every_s = 0.5
        urls = [f"{site}/trickle?n={n}" for n in range(3)] + [f"{fast}/news/{n}" for n in range(3)]
        items = [Input(u, "test", u, "html") for u in urls]
        settings = replace(Settings.load(db=tmp_path / "w.duckdb"), page_budget_s=1.5, fetch_threads=2)
        started = time.monotonic()
        raw, rejects = read_inputs(items, settings, run_id="t")
        took = time.monotonic() - started
    assert sorted(raw["locator"].to_list()) == sorted(urls[3:])
    assert [r["reason"] for r in rejects] == ["too_slow"] * 3
    assert took < 3.5  # one budget, not three
