"""A real Dask cluster for the tests: a `dask scheduler` and `dask worker` processes on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import ROOT


def free_port() -> int:
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

    port = free_port()
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
