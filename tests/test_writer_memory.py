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
    with caplog.at_level(logging.WARNING, logger="flows.warehouse"):
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
