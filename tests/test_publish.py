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


def test_a_run_whose_publish_target_is_unwritable_completes_and_says_so(
    articles_dir, db_path, tmp_path, monkeypatch, prefect_api_url
):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the publish folder should be", encoding="utf-8")
    monkeypatch.setenv("EVENTWIRE_PUBLISH_DIR", str(blocked / "published"))
    summary = run_pipeline(inputs=[str(articles_dir)], db=str(db_path))
    assert summary["new"] > 0 and summary["published"] is None
    assert summary["publish_error"].startswith(f"could not publish to {blocked / 'published'}")
    assert "\n" not in summary["publish_error"]
    assert _count(db_path, "SELECT count(*) FROM runs WHERE status = 'completed'") == 1


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (["--cron", "61 2 * * *"], {}, "does not parse"),
        (["--timezone", "Mars/Olympus"], {}, "is not a time zone"),
        ([], {"PREFECT_API_URL": ""}, "needs a running Prefect server"),
        ([], {"PREFECT_API_URL": "http://127.0.0.1:9/api"}, "is unreachable"),
        ([], {}, "warehouse"),
    ],
)
def test_serve_refuses_what_it_cannot_schedule_in_one_line(args, env, message, tmp_path):
    from tests.conftest import cli

    db = tmp_path / "w.duckdb"
    if message == "warehouse":
        (tmp_path / "file").write_text("x", encoding="utf-8")
        db = tmp_path / "file" / "w.duckdb"  # under a file: cannot be created
        message = str(db.parent)
    result = cli(["serve", *args, "--db", str(db)], api_url=None, env=env, timeout=60)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0]
