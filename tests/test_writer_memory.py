"""The writer's DuckDB memory limit: a batch that outgrows it runs again with more, and the
warehouse ends as a run without the limit would leave it."""

from __future__ import annotations

import logging

import pytest

from flows.pipeline import run_pipeline
from flows.warehouse import Warehouse, WarehouseError
from tests.conftest import read_table, snapshot


def test_batch_outgrowing_the_limit_is_retried_with_more(articles_dir, tmp_path, prefect_api_url, monkeypatch, caplog):
    monkeypatch.setenv("EVENTWIRE_PUBLISH", "0")
    roomy = tmp_path / "roomy.duckdb"
    run_pipeline(inputs=[str(articles_dir)], db=str(roomy), workers=1)
    # 32 MB: the sample batch (its clustering and indexes) needs more, so DuckDB runs out of memory
    monkeypatch.setenv("EVENTWIRE_WRITER_MEMORY", "32MB")
    tight = tmp_path / "tight.duckdb"
    with Warehouse.open(tight) as warehouse:
        assert warehouse.memory_limit == 32 << 20
    with caplog.at_level(logging.WARNING, logger="flows.writer_memory"):
        summary = run_pipeline(inputs=[str(articles_dir)], db=str(tight), workers=1)
    assert any("trying it again with 64 MB" in r.getMessage() for r in caplog.records)
    assert summary["events"] > 0
    before, after = snapshot(roomy), snapshot(tight)
    for table in before:
        assert before[table].equals(after[table]), table
    runs = read_table(tight, "SELECT status FROM runs")
    assert runs["status"].to_list() == ["completed"]


@pytest.mark.parametrize("value", ["lots", "8MB", "-1GB"])
def test_a_bad_writer_memory_is_a_clear_error(value, tmp_path, monkeypatch):
    monkeypatch.setenv("EVENTWIRE_WRITER_MEMORY", value)
    with pytest.raises(WarehouseError, match="EVENTWIRE_WRITER_MEMORY"):
        Warehouse.open(tmp_path / "w.duckdb")


def test_the_cache_is_trimmed_and_the_limit_kept(tmp_path):
    """Between batches DuckDB keeps no more than CACHE_FLOOR of cached blocks (`load_batch`
    trims after each), so the writer's memory does not grow with the warehouse; the limit a
    batch may use stays what it was."""
    from flows.writer_memory import CACHE_FLOOR, PURGE_FLOOR

    with Warehouse.open(tmp_path / "w.duckdb") as warehouse:
        con = warehouse.con
        cached = "SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory() WHERE tag = 'BASE_TABLE'"
        warehouse.set_memory_limit(1 << 30)
        # a table bigger than the floor, written and read: the cache holds its blocks
        con.execute("CREATE TABLE ballast AS SELECT range AS n, md5(range::VARCHAR) AS s FROM range(4000000)")
        con.execute("CHECKPOINT")
        con.execute("SELECT count(DISTINCT s) FROM ballast").fetchall()
        assert con.execute(cached).fetchall()[0][0] > CACHE_FLOOR
        warehouse.trim_cache()
        assert CACHE_FLOOR // 2 < con.execute(cached).fetchall()[0][0] <= CACHE_FLOOR
        assert warehouse.memory_limit == 1 << 30
        assert con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0] == "1.0 GiB"
        # a batch's last trim walks DuckDB's eviction queue whole, down to PURGE_FLOOR
        warehouse.trim_after_batch()
        assert con.execute(cached).fetchall()[0][0] <= PURGE_FLOOR
        assert con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0] == "1.0 GiB"


def test_the_writer_checkpoints_between_batches_not_in_a_commit(tmp_path, monkeypatch):
    """DuckDB's own checkpoint waits for 256 MB of log on the writer; the writer checkpoints
    itself once a batch is committed, where the log passed CHECKPOINT_WAL."""
    import flows.writer_memory as wh

    with Warehouse.open(tmp_path / "w.duckdb") as warehouse:
        con = warehouse.con
        assert con.execute("SELECT current_setting('checkpoint_threshold')").fetchall()[0][0] == "256.0 MiB"
        wal = tmp_path / "w.duckdb.wal"
        con.execute("CREATE TABLE ballast (n BIGINT, s VARCHAR)")
        for start in range(0, 400_000, 5_000):  # small commits, as batches are: each goes to the log
            con.execute(f"INSERT INTO ballast SELECT range, md5(range::VARCHAR) FROM range({start}, {start + 5_000})")
        assert wal.stat().st_size > 16 << 20  # past DuckDB's usual threshold, and not checkpointed
        monkeypatch.setattr(wh, "CHECKPOINT_WAL", wal.stat().st_size + 1)
        assert not warehouse.checkpoint_if_due()
        assert wal.stat().st_size > 16 << 20
        monkeypatch.setattr(wh, "CHECKPOINT_WAL", 1 << 20)
        assert warehouse.checkpoint_if_due()
        assert not wal.exists() or wal.stat().st_size == 0
        assert con.execute("SELECT count(*) FROM ballast").fetchall()[0][0] == 400_000


def test_a_checkpoint_that_outgrows_its_memory_reopens_the_warehouse(tmp_path, monkeypatch, caplog):
    """DuckDB invalidates a database whose checkpoint runs out of memory; the writer opens it
    again (the log replays what was committed), checkpoints with its whole limit and goes on."""
    import flows.writer_memory as wh

    monkeypatch.setattr(wh, "CHECKPOINT_WAL", 1 << 20)
    monkeypatch.setattr(wh, "CHECKPOINT_MEMORY", 2 << 20)  # less than this checkpoint needs
    with Warehouse.open(tmp_path / "w.duckdb") as warehouse:
        warehouse.con.execute("CREATE TABLE ballast (n BIGINT, s VARCHAR)")
        for start in range(0, 100_000, 5_000):
            warehouse.con.execute(
                f"INSERT INTO ballast SELECT range, md5(range::VARCHAR) FROM range({start}, {start + 5_000})"
            )
        with caplog.at_level(logging.WARNING, logger="flows.writer_memory"):
            assert warehouse.checkpoint_if_due()
        assert any("opening the warehouse again" in r.getMessage() for r in caplog.records)
        wal = tmp_path / "w.duckdb.wal"
        assert not wal.exists() or wal.stat().st_size == 0
        assert warehouse.con.execute("SELECT count(*) FROM ballast").fetchall()[0][0] == 100_000
        assert warehouse.con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0] == "256.0 MiB"
        warehouse.con.execute("INSERT INTO ballast VALUES (0, 'again')")  # the writer goes on


def test_closing_a_writer_checkpoints_under_the_cap(tmp_path, monkeypatch, caplog):
    """Closing checkpoints what the log holds; the writer does it first under CHECKPOINT_MEMORY
    (DuckDB's own closing checkpoint takes the whole limit: the run's highest point). Here the cap
    is too small, which the warning shows was used, and nothing committed is lost."""
    import flows.writer_memory as wh

    monkeypatch.setattr(wh, "CHECKPOINT_MEMORY", 2 << 20)
    warehouse = Warehouse.open(tmp_path / "w.duckdb")
    warehouse.con.execute("CREATE TABLE ballast (n BIGINT, s VARCHAR)")
    for start in range(0, 100_000, 5_000):
        warehouse.con.execute(
            f"INSERT INTO ballast SELECT range, md5(range::VARCHAR) FROM range({start}, {start + 5_000})"
        )
    with caplog.at_level(logging.WARNING, logger="flows.writer_memory"):
        warehouse.close()
    assert any("opening the warehouse again" in r.getMessage() for r in caplog.records)
    wal = tmp_path / "w.duckdb.wal"
    assert not wal.exists() or wal.stat().st_size == 0
    with Warehouse.open(tmp_path / "w.duckdb", read_only=True) as reader:
        assert reader.con.execute("SELECT count(*) FROM ballast").fetchall()[0][0] == 100_000
