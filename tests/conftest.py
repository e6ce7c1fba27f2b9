"""Shared fixtures: a private Prefect home, one temporary Prefect server for the session,
real DuckDB files in tmp folders, and helpers to run the real CLI as a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# Before anything imports Prefect: no telemetry, a throwaway home, quiet logs.
_PREFECT_HOME = tempfile.mkdtemp(prefix="eventwire-prefect-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.pop("PREFECT_API_URL", None)
os.environ.pop("EVENTWIRE_DB", None)
# The tests' HTTP servers listen on loopback, which the fetcher refuses unless allowed by name;
# no politeness delay between their requests. Other internal addresses stay refused.
os.environ["EVENTWIRE_ALLOWED_HOSTS"] = "127.0.0.1"
os.environ["EVENTWIRE_HOST_DELAY"] = "0"

import duckdb  # noqa: E402
import polars as pl  # noqa: E402
import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEED_ARTICLES = ROOT / "seeds" / "articles"
SEED_ID = "000_feacc157ecb0f4a7"


@pytest.fixture(scope="session")
def prefect_api_url():
    """One temporary Prefect server for the whole session (in-process flows and subprocesses)."""
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield PREFECT_API_URL.value()
    shutil.rmtree(_PREFECT_HOME, ignore_errors=True)


@pytest.fixture
def articles_dir(tmp_path: Path) -> Path:
    """A private copy of the bundled sample articles, safe to edit."""
    target = tmp_path / "articles"
    shutil.copytree(SEED_ARTICLES, target, ignore=shutil.ignore_patterns("*.md"))
    return target


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "wh" / "warehouse.duckdb"


def cli(
    args: list[str], *, api_url: str | None, timeout: float = 300, env: dict | None = None, **kwargs
) -> subprocess.CompletedProcess:
    """Run the real `eventwire` entry point in a subprocess."""
    full_env = {**os.environ, **(env or {})}
    if api_url:
        full_env["PREFECT_API_URL"] = api_url
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args],
        cwd=kwargs.pop("cwd", ROOT),
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        **kwargs,
    )


def read_table(db: Path, sql: str) -> pl.DataFrame:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.sql(sql).pl()
    finally:
        con.close()


# Columns that legitimately differ between two runs over the same input.
VOLATILE = {"run_id", "fetched_at", "rejected_at", "first_rejected_at", "attempts", "next_attempt_at"}
CONTENT_TABLES = ("articles", "entities", "mentions", "events", "event_actors", "rejects")


def snapshot(db: Path) -> dict[str, pl.DataFrame]:
    """Every content table, volatile columns dropped, rows sorted: equal snapshots, equal warehouses."""
    out = {}
    con = duckdb.connect(str(db), read_only=True)
    try:
        for table in CONTENT_TABLES:
            frame = con.sql(f"SELECT * FROM {table}").pl()
            frame = frame.drop([c for c in frame.columns if c in VOLATILE])
            out[table] = frame.sort(frame.columns, nulls_last=True)
    finally:
        con.close()
    return out
