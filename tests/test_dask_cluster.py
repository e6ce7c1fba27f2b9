"""The flow on a real Dask cluster: a `dask scheduler` and `dask worker` processes on 127.0.0.1.

The warehouse a cluster run writes equals a one-process run's; a worker killed in the middle
of a run costs nothing; a scheduler that does not answer and a worker of another version stop
the run before anything is loaded, in one line and with exit 2.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.pipeline import process_batch, run_pipeline
from flows.runners import ClusterError
from tests.conftest import ROOT, cli, read_table, snapshot
from tests.dask_helpers import dask_cluster, free_port


def _corpus(folder: Path, source: Path, copies: int) -> Path:
    """Distinct articles made from the samples (a numbered line makes each copy its own text)."""
    folder.mkdir()
    for i in range(copies):
        for sample in sorted(source.glob("*.txt")):
            title, _, body = sample.read_text(encoding="utf-8").partition("\n")
            (folder / f"{i:02d}_{sample.name}").write_text(f"{title} ({i})\nDispatch {i}.\n{body}", encoding="utf-8")
    return folder


def _same(a: Path, b: Path) -> None:
    left, right = snapshot(a), snapshot(b)
    for table in left:
        assert left[table].equals(right[table]), table


def test_a_cluster_run_equals_a_one_process_run_even_when_a_worker_is_killed(articles_dir, tmp_path, prefect_api_url):
    import distributed

    corpus = _corpus(tmp_path / "corpus", articles_dir, 2)
    one = tmp_path / "one.duckdb"
    run_pipeline(inputs=[str(corpus)], db=str(one), batch_size=2, workers=1)
    with dask_cluster(tmp_path, [None, None, None]) as (address, workers):
        # an uninterrupted run: the same ids and rows as in one process
        plain = tmp_path / "plain.duckdb"
        result = cli(
            ["run", str(corpus), "--db", str(plain), "--cluster", address, "--batch-size", "2"], api_url=prefect_api_url
        )
        assert result.returncode == 0, result.stderr
        assert f"dask {address}" in result.stdout
        _same(one, plain)

        # the same run with a worker killed while it holds a batch
        killed = tmp_path / "killed.duckdb"
        proc = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "run", str(corpus), "--db", str(killed), "--batch-size", "2"],
            cwd=ROOT,
            env={**os.environ, "PREFECT_API_URL": prefect_api_url, "EVENTWIRE_DASK_ADDRESS": address},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        with distributed.Client(address, timeout=30, set_as_default=False) as client:
            pids = client.run(os.getpid)
            victim = None
            deadline = time.monotonic() + 240
            while victim is None and time.monotonic() < deadline and proc.poll() is None:
                busy = [w for w, keys in client.processing().items() if keys]
                if busy:
                    victim = pids[busy[0]]
                    os.kill(victim, signal.SIGKILL)
                time.sleep(0.05)
        _, err = proc.communicate(timeout=300)
        assert victim is not None, "no worker was seen holding a batch"
        assert not any(w.pid == victim and w.poll() is None for w in workers), "the worker survived"
        assert proc.returncode == 0, err
        _same(one, killed)


def test_an_unreachable_scheduler_stops_the_run_in_one_line(tmp_path):
    db = tmp_path / "w.duckdb"
    result = cli(["run", "--db", str(db), "--cluster", f"tcp://127.0.0.1:{free_port()}"], api_url=None, timeout=120)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "unreachable" in result.stderr, result.stderr


def test_a_worker_of_another_version_is_refused_before_anything_loads(articles_dir, tmp_path, prefect_api_url):
    other = tmp_path / "other-seeds"
    shutil.copytree(ROOT / "seeds", other, ignore=shutil.ignore_patterns("articles"))
    with (other / "event_cues.csv").open("a", encoding="utf-8") as fh:
        fh.write("a cue only this worker has,tally\n")
    db = tmp_path / "w.duckdb"
    with dask_cluster(tmp_path, [None, {"EVENTWIRE_SEEDS_DIR": str(other)}]) as (address, _):
        result = cli(["run", str(articles_dir), "--db", str(db), "--cluster", address], api_url=prefect_api_url)
    assert result.returncode == 2
    assert "1 of 2 Dask workers run another eventwire" in result.stderr, result.stderr
    assert read_table(db, "SELECT count(*) AS n FROM articles")["n"][0] == 0


def test_a_worker_refuses_a_batch_of_another_version():
    """The guard for a worker that joins after the run's check: it processes nothing."""
    import polars as pl

    from transforms.documents import RAW_SCHEMA

    with pytest.raises(ClusterError, match="runs eventwire"):
        process_batch.fn(pl.DataFrame(schema=RAW_SCHEMA), "run", "p0-another-version", 40)
