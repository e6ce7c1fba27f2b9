"""Rejects remember why: on the second night a permanently rejected page is not asked for
again, a transient one is asked again on its schedule, and `--refetch` asks for all of them.
A real HTTP server on 127.0.0.1 counts the requests."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import ClassVar

import duckdb
import pytest

from flows.pipeline import run_pipeline
from tests.conftest import read_table
from tests.http_helpers import QuietHandler, serving
from transforms.retry_policy import RetryPolicy, is_permanent, next_attempt_at

ARTICLE = (
    b"<html lang='en'><head><title>Talks resume</title></head><body><article><h1>Talks resume</h1>"
    b"<p>Delegations met in Geneva on Tuesday to discuss a ceasefire, officials said.</p>"
    b"<p>Officials said talks would continue next week after a pause of several months.</p>"
    b"</article></body></html>"
)
# path -> the reason its rejection must carry, and whether it is permanent
FAULTS = {
    "/missing": ("http_404", True),
    "/gone": ("http_410", True),
    "/loop": ("redirect_loop", True),
    "/report.pdf": ("unsupported_content_type", True),
    "/blocked/page": ("robots_disallowed", True),
    "/busy": ("http_503", False),
    "/slow-down": ("http_429", False),
}


class _Site(QuietHandler):
    hits: ClassVar[Counter] = Counter()

    def do_GET(self):
        self.hits[self.path] += 1
        if self.path == "/robots.txt":
            self.send(200, b"User-agent: *\nDisallow: /blocked/\n")
        elif self.path == "/news/talks":
            self.send(200, ARTICLE, "text/html; charset=utf-8")
        elif self.path == "/gone":
            self.send(410, b"gone")
        elif self.path == "/loop":
            self.send(302, Location="/loop")
        elif self.path == "/report.pdf":
            self.send(200, b"%PDF-1.4", "application/pdf")
        elif self.path == "/busy":
            self.send(503, b"busy", **{"Retry-After": "0"})
        elif self.path == "/slow-down":
            self.send(429, b"slow down", **{"Retry-After": "0"})
        else:
            self.send(404, b"not found")


@pytest.fixture
def site():
    _Site.hits = Counter()
    with serving(_Site) as base:
        yield base


def _urls(tmp_path: Path, base: str) -> Path:
    path = tmp_path / "night.urls"
    path.write_text("\n".join(f"{base}{p}" for p in ["/news/talks", *FAULTS]) + "\n", encoding="utf-8")
    return path


def _fault_hits() -> dict[str, int]:
    return {p: _Site.hits[p] for p in FAULTS}


def test_second_night_skips_permanent_rejects_and_retries_transient_ones_on_schedule(
    tmp_path, db_path, site, prefect_api_url, monkeypatch
):
    monkeypatch.setenv("EVENTWIRE_RETRIES", "1")  # one retry within a night keeps the test short
    monkeypatch.setenv("EVENTWIRE_PUBLISH", "0")
    urls = _urls(tmp_path, site)
    first = run_pipeline(inputs=[str(urls)], db=str(db_path))
    assert first["new"] == 1 and first["rejected"] == len(FAULTS)
    rejects = read_table(
        db_path, "SELECT locator, reason, permanent, attempts, rejected_at, next_attempt_at FROM rejects"
    )
    by_path = {r["locator"].removeprefix(site): r for r in rejects.iter_rows(named=True)}
    assert {p: (r["reason"], r["permanent"]) for p, r in by_path.items()} == FAULTS
    for row in by_path.values():
        wait = row["next_attempt_at"] - row["rejected_at"]
        assert wait == (timedelta(days=30) if row["permanent"] else timedelta(hours=20))
    after_first = _fault_hits()

    second = run_pipeline(inputs=[str(urls)], db=str(db_path))
    assert _fault_hits() == after_first  # not one request for a page rejected last night
    assert second["skipped"] == len(FAULTS) and second["unchanged"] == 1 and second["rejected"] == 0
    assert second["skipped_by_reason"] == Counter(reason for reason, _ in FAULTS.values())
    runs = read_table(db_path, "SELECT n_skipped FROM runs ORDER BY started_at")["n_skipped"].to_list()
    assert runs == [0, len(FAULTS)]

    # a night later the transient ones are due: asked again, their wait doubled; the others not
    con = duckdb.connect(str(db_path))
    con.execute("UPDATE rejects SET next_attempt_at = now()::TIMESTAMP - INTERVAL 1 HOUR WHERE NOT permanent")
    con.close()
    third = run_pipeline(inputs=[str(urls)], db=str(db_path))
    transient = {p for p, (_, permanent) in FAULTS.items() if not permanent}
    assert {p for p, n in _fault_hits().items() if n > after_first[p]} == transient
    assert third["skipped"] == len(FAULTS) - len(transient)
    again = read_table(
        db_path, "SELECT locator, attempts, rejected_at, next_attempt_at FROM rejects WHERE NOT permanent"
    )
    for row in again.iter_rows(named=True):
        assert row["attempts"] == 2 and row["next_attempt_at"] - row["rejected_at"] == timedelta(hours=40)

    # --refetch asks for every one of them
    before_refetch = _fault_hits()
    run_pipeline(inputs=[str(urls)], db=str(db_path), refetch=True)
    asked = {p for p, n in _fault_hits().items() if n > before_refetch[p]}
    assert asked == set(FAULTS) - {"/blocked/page"}  # robots.txt still forbids that one: never requested
    blocked = read_table(db_path, f"SELECT attempts FROM rejects WHERE locator = '{site}/blocked/page'")
    assert blocked["attempts"].to_list() == [2]  # but it was considered again


def test_a_page_that_loads_later_leaves_rejects(tmp_path, db_path, site, prefect_api_url, monkeypatch):
    monkeypatch.setenv("EVENTWIRE_PUBLISH", "0")
    monkeypatch.setenv("EVENTWIRE_RETRIES", "0")
    urls = tmp_path / "one.urls"
    urls.write_text(f"{site}/busy\n", encoding="utf-8")
    run_pipeline(inputs=[str(urls)], db=str(db_path))
    assert read_table(db_path, "SELECT count(*) AS n FROM rejects")["n"][0] == 1
    # the server recovers: the page is served where it failed (same locator)
    original = _Site.do_GET

    def recovered(self):
        if self.path == "/busy":
            self.hits[self.path] += 1
            self.send(200, ARTICLE, "text/html; charset=utf-8")
        else:
            original(self)

    monkeypatch.setattr(_Site, "do_GET", recovered)
    summary = run_pipeline(inputs=[str(urls)], db=str(db_path), refetch=True)
    assert summary["new"] == 1
    assert read_table(db_path, "SELECT count(*) AS n FROM rejects")["n"][0] == 0


@pytest.mark.parametrize(
    ("reason", "permanent"),
    [
        ("http_404", True),
        ("http_410", True),
        ("http_403", True),
        ("http_408", False),
        ("http_429", False),
        ("http_500", False),
        ("http_503", False),
        ("timeout", False),
        ("network_error", False),
        ("dns_error", False),
        ("too_slow", False),
        ("robots_disallowed", True),
        ("private_address", True),
        ("unsupported_content_type", True),
        ("too_large", True),
        ("decompressed_too_large", True),
        ("redirect_loop", True),
        ("no_text", True),
        ("something_new", False),
    ],
)
def test_reasons_sorted_into_permanent_and_transient(reason, permanent):
    assert is_permanent(reason) is permanent


def test_transient_wait_doubles_and_is_capped():
    policy = RetryPolicy(permanent_days=7, first_wait_hours=20, max_wait_days=3)
    at = datetime(2026, 1, 1, 2, 0)
    waits = [next_attempt_at("timeout", n, at, policy) - at for n in range(1, 6)]
    assert waits == [timedelta(hours=20), timedelta(hours=40), timedelta(days=3), timedelta(days=3), timedelta(days=3)]
    assert next_attempt_at("http_404", 5, at, policy) - at == timedelta(days=7)
