"""kill -9 in the middle of a run, rerun: the warehouse equals an uninterrupted run's."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT, SEED_ARTICLES, read_table, snapshot


def _corpus(folder: Path, copies: int) -> None:
    """Many distinct articles: each sample, with a numbered line so each copy is its own text."""
    folder.mkdir()
    samples = [p for p in sorted(SEED_ARTICLES.iterdir()) if p.suffix == ".txt"]
    for i in range(copies):
        for sample in samples:
            text = sample.read_text(encoding="utf-8")
            title, _, body = text.partition("\n")
            (folder / f"{i:04d}_{sample.name}").write_text(
                f"{title} ({i})\nDispatch number {i} follows.\n{body}", encoding="utf-8"
            )


def test_kill_mid_run_then_rerun_matches_uninterrupted(tmp_path, prefect_api_url):
    corpus = tmp_path / "corpus"
    _corpus(corpus, 60)
    env = {**os.environ, "PREFECT_API_URL": prefect_api_url, "PREFECT_LOGGING_LEVEL": "INFO"}
    crashed = tmp_path / "crashed.duckdb"
    args = [sys.executable, "-m", "flows.cli", "run", str(corpus), "--batch-size", "5", "--verbose"]

    proc = subprocess.Popen(
        [*args, "--db", str(crashed)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    seen_batches = 0
    deadline = time.monotonic() + 240
    assert proc.stdout is not None
    for line in proc.stdout:
        if "loaded batch" in line:
            seen_batches += 1
            if seen_batches == 3:
                os.kill(proc.pid, signal.SIGKILL)
                break
        assert time.monotonic() < deadline, "no batch was loaded in time"
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the run ended before it could be killed"

    partial = read_table(crashed, "SELECT count(*) AS n FROM articles")["n"][0]
    total = len(list(corpus.iterdir()))
    assert 0 < partial < total, "the kill did not land mid-run"
    assert read_table(crashed, "SELECT status FROM runs")["status"].to_list() == ["running"]

    rerun = subprocess.run(
        [*args, "--db", str(crashed)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    clean = tmp_path / "clean.duckdb"
    done = subprocess.run([*args, "--db", str(clean)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr

    a, b = snapshot(crashed), snapshot(clean)
    for table in a:
        assert a[table].equals(b[table]), (table, _diff(a[table], b[table]))
    statuses = sorted(read_table(crashed, "SELECT status FROM runs")["status"].to_list())
    assert statuses == ["abandoned", "completed"]
    shutil.rmtree(corpus)


def _diff(a, b) -> str:
    """The columns and first rows where two snapshots differ, for the failure message."""
    if a.columns != b.columns or a.height != b.height:
        return f"shapes {a.shape} vs {b.shape}"
    cols = [c for c in a.columns if not a[c].equals(b[c])]
    return f"columns {cols}: {a.select(cols).head(3).to_dicts()} vs {b.select(cols).head(3).to_dicts()}"
