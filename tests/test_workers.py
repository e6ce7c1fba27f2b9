"""Extraction and NLP in a process pool give the same warehouse as in one process."""

from __future__ import annotations

from flows.pipeline import run_pipeline
from tests.conftest import cli, snapshot


def test_two_worker_processes_match_one(articles_dir, tmp_path, prefect_api_url):
    one = tmp_path / "one.duckdb"
    two = tmp_path / "two.duckdb"
    run_pipeline(inputs=[str(articles_dir)], db=str(one), batch_size=4)
    result = cli(
        ["run", str(articles_dir), "--db", str(two), "--workers", "2", "--batch-size", "4"], api_url=prefect_api_url
    )
    assert result.returncode == 0, result.stderr
    a, b = snapshot(one), snapshot(two)
    for table in a:
        assert a[table].equals(b[table]), table
