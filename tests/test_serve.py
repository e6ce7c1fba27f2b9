"""The nightly deployment on a real `prefect server start`: `eventwire serve` registers it with
its cron schedule, a run triggered through Prefect's API completes and fills the warehouse,
and both processes are stopped by their ids."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT, read_table
from tests.dask_helpers import dask_cluster


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    """Stop a process and everything it started (it leads its own session)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)


@pytest.fixture
def prefect_server(tmp_path: Path):
    port = _free_port()
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }
    env.pop("PREFECT_API_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    api = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if httpx.get(f"{api}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert server.poll() is None, "prefect server exited"
            assert time.monotonic() < deadline, "prefect server did not come up"
            time.sleep(1)
        yield api, env
    finally:
        _stop(server)


def test_serve_registers_the_nightly_deployment_and_a_triggered_run_completes(prefect_server, tmp_path):
    _serve_and_trigger(prefect_server, tmp_path, cluster=None)


def test_a_nightly_deployment_with_a_cluster_runs_its_nlp_on_the_dask_workers(prefect_server, tmp_path):
    import distributed

    with dask_cluster(tmp_path, [None]) as (address, _):
        _serve_and_trigger(prefect_server, tmp_path, cluster=address)
        with distributed.Client(address, timeout=30, set_as_default=False) as client:
            done = client.run(lambda dask_worker: dask_worker.state.transition_counter)
    assert all(count > 0 for count in done.values()), done  # the worker ran the batch


def _serve_and_trigger(prefect_server: tuple[str, dict], tmp_path: Path, cluster: str | None) -> None:
    api, env = prefect_server
    db = tmp_path / "wh" / "warehouse.duckdb"
    env = {**env, "PREFECT_API_URL": api}
    serving = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "flows.cli",
            "serve",
            "--cron",
            "30 1 * * *",
            "--timezone",
            "Europe/Berlin",
            "--db",
            str(db),
            "--name",
            "nightly-test",
            *(["--cluster", cluster] if cluster else []),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    client = httpx.Client(base_url=api, timeout=10)
    try:
        deadline = time.monotonic() + 120
        deployment = None
        while deployment is None:
            assert serving.poll() is None, serving.stdout.read()
            assert time.monotonic() < deadline, "the deployment never appeared"
            found = client.get("/deployments/name/eventwire-run/nightly-test")
            deployment = found.json() if found.status_code == 200 else None
            time.sleep(1)
        schedules = deployment["schedules"]
        assert [s["schedule"]["cron"] for s in schedules] == ["30 1 * * *"]
        assert schedules[0]["schedule"]["timezone"] == "Europe/Berlin"
        assert deployment["parameters"]["db"] == str(db.resolve())
        assert deployment["parameters"].get("cluster") == cluster

        # the server's SQLite can be busy with the scheduler's own writes: ask again on a 5xx
        for _ in range(10):
            created = client.post(f"/deployments/{deployment['id']}/create_flow_run", json={})
            if created.status_code < 500:
                break
            time.sleep(2)
        assert created.status_code == 201, (created.status_code, created.text[:500])
        run = created.json()
        deadline = time.monotonic() + 300
        while True:
            state = client.get(f"/flow_runs/{run['id']}").json()["state"]["type"]
            if state in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED"):
                break
            assert time.monotonic() < deadline, f"the run is still {state}"
            time.sleep(2)
        assert state == "COMPLETED"
    finally:
        client.close()
        _stop(serving)
    assert read_table(db, "SELECT count(*) AS n FROM articles")["n"][0] > 0
    assert read_table(db, "SELECT status FROM runs")["status"].to_list() == ["completed"]
    assert (db.parent / "published" / "warehouse.duckdb").exists()
