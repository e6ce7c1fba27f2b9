"""Bad inputs: each becomes one rejects row with its stage and reason, and the run goes on."""

from __future__ import annotations

import http.server
import shutil
import threading
from pathlib import Path
from typing import ClassVar

import pytest

from flows.pipeline import run_pipeline
from tests.conftest import SEED_ARTICLES, SEED_ID, read_table

GOOD_PAGE = """<html lang="en"><head><title>Talks resume in Geneva</title>
<meta property="article:published_time" content="2024-05-02T10:00:00Z"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Talks resume in Geneva</h1>
<p>Delegations from both governments met in Geneva on Tuesday to discuss a ceasefire, officials said.</p>
<p>The United Nations envoy said the talks would continue next week after a pause of several months.</p>
</article><footer>Copyright 2024</footer></body></html>"""


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, str, bytes]]] = {}

    def do_GET(self):
        status, ctype, body = self.routes.get(self.path, (404, "text/plain", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    _Handler.routes = {
        "/good.html": (200, "text/html; charset=utf-8", GOOD_PAGE.encode()),
        "/report.pdf": (200, "application/pdf", b"%PDF-1.4 fake"),
        "/boom.html": (500, "text/html", b"<html>oops</html>"),
    }
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def bad_inputs(tmp_path: Path, server: str) -> tuple[Path, dict[str, tuple[str, str]]]:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED_ARTICLES / f"{SEED_ID}.html", folder / "good.html")
    (folder / "empty.html").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b"   \n\n  ")
    (folder / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (folder / "nul.txt").write_bytes(b"abc\x00\x00\x01\x02" * 100)
    (folder / "garbage.txt").write_bytes(bytes(range(128, 256)) * 20)
    (folder / "notext.html").write_bytes(
        b"<html><body><nav><a href='/'>Home</a></nav><div class='ad'></div><footer>(c)</footer></body></html>"
    )
    (folder / "big.html").write_bytes(b"<html><body><p>" + b"word " * 5000 + b"</p></body></html>")
    listing = tmp_path / "inputs.list"
    listing.write_text(
        f"# one path or URL a line\n{server}/good.html\n{server}/missing.html\n{server}/report.pdf\n"
        f"{server}/boom.html\nno/such/file.html\n",
        encoding="utf-8",
    )
    expected = {
        str(folder / "empty.html"): ("read", "empty"),
        str(folder / "blank.txt"): ("decode", "empty"),
        str(folder / "image.html"): ("decode", "binary"),
        str(folder / "nul.txt"): ("decode", "binary"),
        str(folder / "garbage.txt"): ("decode", "undecodable"),
        str(folder / "notext.html"): ("extract", "no_text"),
        str(folder / "big.html"): ("read", "too_large"),
        f"{server}/missing.html": ("fetch", "http_404"),
        f"{server}/report.pdf": ("fetch", "unsupported_content_type"),
        f"{server}/boom.html": ("fetch", "http_500"),
        "no/such/file.html": ("discover", "not_found"),
    }
    return folder, listing, expected


def test_every_bad_input_is_rejected_with_stage_and_reason(bad_inputs, db_path, prefect_api_url):
    folder, listing, expected = bad_inputs
    summary = run_pipeline(inputs=[str(folder), str(listing)], db=str(db_path), max_bytes=20_000)
    rejects = read_table(db_path, "SELECT locator, stage, reason, detail FROM rejects")
    got = {loc: (stage, reason) for loc, stage, reason, _ in rejects.iter_rows()}
    assert got == expected
    assert all(d and "\n" not in d for d in rejects["detail"])
    # The run went on: the good file and the good URL are loaded.
    assert read_table(db_path, "SELECT count(*) AS n FROM articles")["n"][0] == 2
    assert summary["rejected"] == len(expected)
    run = read_table(db_path, "SELECT status, n_rejected FROM runs").to_dicts()[0]
    assert run == {"status": "completed", "n_rejected": len(expected)}


def test_rejects_are_not_duplicated_by_a_rerun_and_clear_when_fixed(bad_inputs, db_path, prefect_api_url):
    folder, _listing, _expected = bad_inputs
    run_pipeline(inputs=[str(folder)], db=str(db_path), max_bytes=20_000)
    run_pipeline(inputs=[str(folder)], db=str(db_path), max_bytes=20_000)
    rejects = read_table(db_path, "SELECT locator, attempts FROM rejects")
    assert rejects["locator"].n_unique() == rejects.height
    assert set(rejects["attempts"]) == {2}
    shutil.copy(SEED_ARTICLES / f"{SEED_ID}.html", folder / "empty.html")  # fix one input
    run_pipeline(inputs=[str(folder)], db=str(db_path), max_bytes=20_000)
    left = set(read_table(db_path, "SELECT locator FROM rejects")["locator"])
    assert str(folder / "empty.html") not in left
    assert len(left) == rejects.height - 1
