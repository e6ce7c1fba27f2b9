"""The fetcher against a real HTTP server on 127.0.0.1 that misbehaves on purpose."""

from __future__ import annotations

import gzip
import http.server
import socket
import struct
import threading
import time
from collections import Counter
from itertools import pairwise
from typing import ClassVar

import pytest

from flows.fetch import Fetcher, FetchPolicy
from transforms.errors import InputRejected

PAGE = (
    b"<html lang='en'><head><title>Talks in Geneva</title></head><body><article><h1>Talks in Geneva</h1>"
    b"<p>Delegations from both governments met in Geneva on Tuesday to discuss a ceasefire, officials said.</p>"
    b"<p>The envoy said the talks would continue next week after a pause of several months.</p>"
    b"</article></body></html>"
)
BOMB = gzip.compress(b"\0" * (20 * 1024 * 1024))  # 20 MiB of zeros in about 20 KiB


class _Faults(http.server.BaseHTTPRequestHandler):
    calls: ClassVar[Counter] = Counter()

    def log_message(self, *args):
        pass

    def _send(self, status: int, body: bytes = b"", ctype: str = "text/html; charset=utf-8", **headers) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # one branch a fault, on purpose
        path = self.path
        self.calls[path] += 1
        n = self.calls[path]
        if path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif path == "/ok":
            self._send(200, PAGE)
        elif path == "/gone":
            self._send(410, b"gone")
        elif path == "/flaky":  # 500 twice, then the page
            self._send(500, b"oops") if n <= 2 else self._send(200, PAGE)
        elif path == "/flaky-run":  # 503 once, then the page
            self._send(503, b"busy") if n == 1 else self._send(200, PAGE)
        elif path == "/busy":  # 429 asking for one second, then the page
            self._send(429, b"slow down", Retry_After="1") if n == 1 else self._send(200, PAGE)
        elif path == "/slow":
            time.sleep(1.5)
            self._send(200, PAGE)
        elif path == "/reset":  # close with a TCP reset, no response
            self.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.request.close()
            self.close_connection = True
        elif path in ("/loop-a", "/loop-b"):
            self._send(302, b"", Location="/loop-b" if path == "/loop-a" else "/loop-a")
        elif path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                while True:
                    self.wfile.write(b"<p>more</p>" * 1000)
            except OSError:
                return
        elif path == "/bomb":
            self._send(200, BOMB, Content_Encoding="gzip")
        elif path == "/report.pdf":
            self._send(200, b"%PDF-1.4 fake", "application/pdf")
        elif path == "/private/page":
            self._send(200, PAGE)
        elif path == "/feed":
            if self.headers.get("If-None-Match") == '"v1"':
                self._send(304)
            else:
                self._send(200, b"<rss/>", "application/rss+xml", ETag='"v1"')
        else:
            self._send(404, b"not found")


@pytest.fixture(scope="module")
def site():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Faults)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _fetcher(**overrides) -> Fetcher:
    policy = {
        "allowed_hosts": frozenset({"127.0.0.1"}),
        "host_delay_s": 0.0,
        "read_timeout_s": 0.5,
        "retries": 2,
        "backoff_s": 0.05,
        "max_bytes": 1024 * 1024,
        **overrides,
    }
    return Fetcher(FetchPolicy(**policy))


def _reason(site: str, path: str, **overrides) -> str:
    with _fetcher(**overrides) as f, pytest.raises(InputRejected) as err:
        f.fetch(site + path)
    assert err.value.stage == "fetch"
    return err.value.reason


def test_a_page_comes_back_whole(site):
    with _fetcher() as f:
        got = f.fetch(site + "/ok")
    assert got.body == PAGE and got.charset == "utf-8" and got.content_type == "text/html"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "http_404"),
        ("/gone", "http_410"),
        ("/loop-a", "redirect_loop"),
        ("/endless", "too_large"),
        ("/bomb", "decompressed_too_large"),
        ("/report.pdf", "unsupported_content_type"),
        ("/private/page", "robots_disallowed"),
        ("/slow", "timeout"),
        ("/reset", "network_error"),
    ],
)
def test_each_fault_is_one_clear_reason(site, path, reason):
    assert _reason(site, path) == reason


def test_server_errors_and_429_are_retried_honouring_retry_after(site):
    with _fetcher() as f:
        assert f.fetch(site + "/flaky").body == PAGE
        started = time.monotonic()
        assert f.fetch(site + "/busy").body == PAGE
        assert time.monotonic() - started >= 0.9  # waited the second Retry-After asked for
    assert _Faults.calls["/flaky"] == 3


def test_internal_addresses_and_other_schemes_are_refused_without_a_call(site):
    port = site.rsplit(":", 1)[1]
    assert _reason(site, "/ok", allowed_hosts=frozenset()) == "private_address"  # loopback, not allowed
    with _fetcher() as f:
        for url, reason in (
            ("http://10.255.255.1/feed-item", "private_address"),
            ("http://169.254.169.254/latest/meta-data", "private_address"),
            (f"http://localhost:{port}/ok", "private_address"),  # allowed by address, not by name
            ("ftp://127.0.0.1/file.html", "unsupported_scheme"),
        ):
            with pytest.raises(InputRejected) as err:
                f.fetch(url)
            assert err.value.reason == reason, url


def test_a_feed_is_asked_again_conditionally(site):
    with _fetcher() as f:
        first = f.fetch(site + "/feed", accept_types=("application/rss+xml",))
        again = f.fetch(site + "/feed", etag=first.etag, accept_types=("application/rss+xml",))
    assert first.etag == '"v1"' and not first.not_modified
    assert again.not_modified and again.body == b""


def test_the_politeness_delay_spaces_requests_to_one_host(site):
    with _fetcher(host_delay_s=0.3) as f:
        started = time.monotonic()
        for _ in range(3):
            f.fetch(site + "/ok")
    assert time.monotonic() - started >= 0.6


def test_hosts_are_fetched_in_parallel_each_politely_in_turn(tmp_path):
    """Two sites, three pages each, a 0.3 s delay between requests to one site: the second
    site's first page is asked before the first site's last, and no site sees two requests
    closer than the delay."""
    from dataclasses import replace

    from flows.reading import read_inputs
    from flows.settings import Settings
    from flows.sources import Input

    seen: list[tuple[str, float]] = []

    class _Logged(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            if self.path != "/robots.txt":
                seen.append((f"{self.server.server_address[1]}", time.monotonic()))
            self.send_response(200 if self.path != "/robots.txt" else 404)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)

    servers = [http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Logged) for _ in range(2)]
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    try:
        items = [
            Input(url, "test", url, "html")
            for s in servers
            for url in (f"http://127.0.0.1:{s.server_address[1]}/page/{n}" for n in range(3))
        ]
        settings = replace(Settings.load(db=tmp_path / "w.duckdb"), host_delay_s=0.3, fetch_threads=4)
        raw, rejects = read_inputs(items, settings, run_id="t")
    finally:
        for s in servers:
            s.shutdown()
            s.server_close()
    assert raw.height == 6 and not rejects
    assert raw["locator"].to_list() == [i.locator for i in items]  # input order kept
    first, second = (str(s.server_address[1]) for s in servers)
    times = {port: [t for p, t in seen if p == port] for port in (first, second)}
    assert min(times[second]) < max(times[first])  # the two sites overlapped
    for stamps in times.values():
        assert all(b - a >= 0.29 for a, b in pairwise(stamps))


def test_a_run_over_the_faults_loads_the_good_page_and_rejects_the_rest(site, tmp_path, monkeypatch, prefect_api_url):
    from flows.pipeline import run_pipeline
    from tests.conftest import read_table

    monkeypatch.setenv("EVENTWIRE_RETRIES", "1")
    monkeypatch.setenv("EVENTWIRE_HTTP_TIMEOUT", "0.5")
    expected = {
        "/slow": "timeout",
        "/gone": "http_410",
        "/missing": "http_404",
        "/loop-a": "redirect_loop",
        "/endless": "too_large",
        "/bomb": "decompressed_too_large",
        "/report.pdf": "unsupported_content_type",
        "/private/page": "robots_disallowed",
        "/reset": "network_error",
    }
    listing = tmp_path / "tonight.urls"
    lines = [f"{site}/ok", f"{site}/flaky-run", *(site + path for path in expected), "http://10.255.255.1/internal"]
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    summary = run_pipeline(inputs=[str(listing)], db=str(db), max_bytes=1024 * 1024)
    rejects = {r["locator"]: (r["stage"], r["reason"]) for r in read_table(db, "SELECT * FROM rejects").to_dicts()}
    for path, reason in expected.items():
        assert rejects.get(site + path) == ("fetch", reason), path
    assert rejects["http://10.255.255.1/internal"] == ("fetch", "private_address")
    loaded = sorted(read_table(db, "SELECT url FROM articles")["url"].to_list())
    assert loaded == [f"{site}/flaky-run", f"{site}/ok"]  # the 503 was retried
    assert summary["new"] == 2 and summary["rejected"] == len(expected) + 1

    hits = _Faults.calls["/ok"]
    again = run_pipeline(inputs=[str(listing)], db=str(db), max_bytes=1024 * 1024)
    assert _Faults.calls["/ok"] == hits and again["new"] == 0  # the page it has is not fetched again
