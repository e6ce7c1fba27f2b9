"""`eventwire report`: one self-contained HTML file (nothing fetched when it opens), with its four
parts drawn from the warehouse; rendered in headless Chromium where one is installed."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from flows.pipeline import run_pipeline
from tests.conftest import SEED_ARTICLES, cli


@pytest.fixture(scope="module")
def report_file(tmp_path_factory, prefect_api_url):
    folder = tmp_path_factory.mktemp("report")
    db = folder / "warehouse.duckdb"
    run_pipeline(inputs=[str(SEED_ARTICLES)], db=str(db))
    out = folder / "report.html"
    result = cli(["report", "--db", str(db), "--out", str(out)], api_url=None)
    assert result.returncode == 0, result.stderr
    assert "report written" in result.stdout
    return out


def test_the_report_is_self_contained(report_file):
    page = report_file.read_text(encoding="utf-8")
    for part in ("Events per day, by type", "Top actor pairs", "Casualties by country", "Where"):
        assert part in page
    assert not re.search(r"<script|<link|<img|@import|url\(", page, re.I)  # nothing to fetch or run
    assert not re.search(r"""(?:src|href)\s*=\s*["']?https?:""", page, re.I)
    assert page.count("<circle") > 5 and "Damascus" in page  # places on the map
    assert report_file.stat().st_size < 200_000


def test_no_warehouse_is_one_clear_error(tmp_path):
    result = cli(["report", "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "r.html")], api_url=None)
    assert result.returncode == 2 and "run `eventwire run` first" in result.stderr


@pytest.mark.skipif(not (shutil.which("chromium") or shutil.which("chromium-browser")), reason="no chromium here")
def test_the_report_renders_in_headless_chromium(report_file, tmp_path):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    shot = tmp_path / "shot.png"
    result = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={shot}", report_file.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert shot.exists() and shot.stat().st_size > 10_000
