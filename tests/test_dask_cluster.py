"""The flow on a real Dask cluster: a `dask scheduler` and `dask worker` processes on 127.0.0.1.

The warehouse a cluster run writes equals a one-process run's; a worker killed in the middle
of a run costs nothing; a scheduler that does not answer and a worker of another version stop
the run before anything is loaded, in one line and with exit 2.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from flows.pipeline import process_batch, run_pipeline
from flows.runners import ClusterError
from tests.conftest import ROOT, cli, read_table, snapshot

DASK = [sys.executable, "-m", "distributed.cli"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(args: list[str], log: Path, env: dict | None = None) -> subprocess.Popen:
    with log.open("w") as out:
        return subprocess.Popen(
            args,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


@contextmanager
def dask_cluster(tmp: Path, workers: list[dict | None]) -> Iterator[tuple[str, list[subprocess.Popen]]]:
    """A scheduler and one worker process per entry of `workers` (each entry: extra environment),
    without nannies, so a killed worker stays dead; yields (address, worker processes)."""
    import distributed

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs = [
        _start(
            [
                sys.executable,
                "-m",
                "distributed.cli.dask_scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-dashboard",
            ],
            tmp / "scheduler.log",
        )
    ]
    try:
        time.sleep(1)
        for n, env in enumerate(workers):
            procs.append(
                _start(
                    [
                        sys.executable,
                        "-m",
                        "distributed.cli.dask_worker",
                        address,
                        "--nthreads",
                        "1",
                        "--no-nanny",
                        "--no-dashboard",
                        "--name",
                        f"w{n}",
                    ],
                    tmp / f"worker{n}.log",
                    env,
                )
            )
        with distributed.Client(address, timeout=60, set_as_default=False) as client:
            client.wait_for_workers(len(workers), timeout=120)
        yield address, procs[1:]
    finally:
        for proc in reversed(procs):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)


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
    result = cli(["run", "--db", str(db), "--cluster", f"tcp://127.0.0.1:{_free_port()}"], api_url=None, timeout=120)
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
