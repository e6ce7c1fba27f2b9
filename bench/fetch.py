"""Benchmark of fetching: pages per second from a local HTTP server with politeness off
(fetched, checked, hashed and kept in the raw store, as `eventwire run` reads them), and
articles per second for a WARC file read end to end (discovery, extraction, NLP, events, load).

    python -m bench.fetch --pages 2000 --repeat 3 --warc-records 1000
"""

from __future__ import annotations

import argparse
import http.server
import io
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import ClassVar

from flows.settings import DEFAULT_ARTICLES


def _sample_pages() -> list[bytes]:
    return [p.read_bytes() for p in sorted(DEFAULT_ARTICLES.glob("*.htm*"))]


class _Pages(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real servers do
    disable_nagle_algorithm = True  # headers and body go out in separate writes
    pages: ClassVar[list[bytes]] = []

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/robots.txt":
            body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
        else:
            n = int(self.path.rsplit("/", 1)[-1] or 0)
            # each URL a distinct page: the sample articles with the page number in the title
            body = self.pages[n % len(self.pages)].replace(b"<title>", f"<title>{n} ".encode(), 1)
            ctype = "text/html; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _fetch_rate(base: str, pages: int, repeat: int) -> list[float]:
    """Pages per second of `read_inputs` over `pages` distinct URLs, each repeat a fresh store."""
    from flows.reading import read_inputs
    from flows.settings import Settings
    from flows.sources import Input

    rates = []
    for r in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings.load(db=Path(tmp) / "w.duckdb")
            items = [Input(f"{base}/p/{r}/{n}", "bench", f"{base}/p/{r}/{n}", "html") for n in range(pages)]
            started = time.perf_counter()
            raw, rejects = read_inputs(items, settings, run_id="bench")
            seconds = time.perf_counter() - started
            assert raw.height == pages and not rejects, rejects[:3]
            rates.append(pages / seconds)
    return rates


def _write_warc(path: Path, records: int) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    pages = _sample_pages()
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for n in range(records):
            body = pages[n % len(pages)].replace(b"<title>", f"<title>{n} ".encode(), 1)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"https://wire.example/2024/05/{n}", "response", payload=io.BytesIO(body), http_headers=headers
            )
            writer.write_record(record)


def _warc_rate(records: int, workers: int) -> tuple[float, dict]:
    from flows.pipeline import run_pipeline

    with tempfile.TemporaryDirectory() as tmp:
        warc = Path(tmp) / "crawl.warc.gz"
        _write_warc(warc, records)
        sources = Path(tmp) / "sources.toml"
        sources.write_text(f'[[source]]\nname = "crawl"\nlocation = "{warc}"\n', encoding="utf-8")
        started = time.perf_counter()
        summary = run_pipeline(
            sources=str(sources), db=str(Path(tmp) / "w.duckdb"), workers=workers, show_progress=False
        )
        return records / (time.perf_counter() - started), summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--warc-records", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    os.environ["EVENTWIRE_ALLOWED_HOSTS"] = "127.0.0.1"
    os.environ["EVENTWIRE_HOST_DELAY"] = "0"
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    _Pages.pages = _sample_pages()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        rates = _fetch_rate(base, args.pages, args.repeat)
    finally:
        httpd.shutdown()
    print(
        f"fetch + check + hash + raw store, {args.pages} pages from 127.0.0.1, politeness off: "
        f"median {statistics.median(rates):,.0f} pages/s over {args.repeat} runs "
        f"({', '.join(f'{r:,.0f}' for r in rates)})"
    )
    if args.warc_records:
        rate, summary = _warc_rate(args.warc_records, args.workers)
        print(
            f"WARC of {args.warc_records} records end to end ({args.workers} workers): {rate:,.1f} articles/s; "
            f"new {summary['new']}, rejected {summary['rejected']}, events {summary['events']}"
        )


if __name__ == "__main__":
    main()
