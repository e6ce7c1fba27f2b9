"""The published copy for BI: readable by another process while a run writes, replaced whole,
and left intact when publishing fails."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import duckdb
import pytest

from flows.pipeline import run_pipeline
from flows.publish import PublishError, _views, publish
from tests.conftest import ROOT


def _count(path, sql: str) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.sql(sql).fetchall()[0][0]
    finally:
        con.close()


def test_bi_reads_the_published_copy_while_a_run_writes(articles_dir, db_path, prefect_api_url):
    run_pipeline(inputs=[str(articles_dir)], db=str(db_path))
    published = db_path.parent / "published" / "warehouse.duckdb"
    assert _count(published, "SELECT count(*) FROM runs") == 1
    events = _count(published, "SELECT count(*) FROM v_events")
    assert events > 0
    parquet = db_path.parent / "published" / "parquet" / "events"
    assert any(p.name.startswith("month=") for p in parquet.iterdir())

    for path in articles_dir.iterdir():  # every article edited: the next run rewrites them all
        if path.suffix in (".txt", ".html", ".htm"):
            path.write_bytes(path.read_bytes() + b"\n")
    env = {**os.environ, "PREFECT_API_URL": prefect_api_url}
    writer = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "run", str(articles_dir), "--db", str(db_path), "--batch-size", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    reads_during_run = 0
    try:
        while writer.poll() is None:
            assert _count(published, "SELECT count(*) FROM v_events") == events  # the last run, whole
            reads_during_run += 1
            time.sleep(0.2)
    finally:
        out, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err
    assert reads_during_run > 0
    assert _count(published, "SELECT count(*) FROM runs") == 2  # replaced by the new run's copy
    assert "published for BI" in out


def test_a_failed_publish_leaves_the_last_copy(tmp_path):
    good = duckdb.connect(str(tmp_path / "w.duckdb"))
    for table in ("runs", "articles", "entities", "mentions", "events", "event_actors", "rejects", "source_state"):
        good.execute(f"CREATE TABLE {table} (x INTEGER, published_at DATE, event_date DATE)")
    for view in _views():
        good.execute(f"CREATE VIEW {view} AS SELECT 1 AS one")
    target = tmp_path / "published"
    copy = publish(good, target)
    before = copy.read_bytes()

    good.execute("DROP TABLE source_state")  # the next publish fails halfway
    with pytest.raises(PublishError, match="could not publish to") as err:
        publish(good, target)
    assert "\n" not in str(err.value)
    assert copy.read_bytes() == before
    assert sorted(p.name for p in target.iterdir()) == ["parquet", "warehouse.duckdb"]  # no leftovers
    good.close()
