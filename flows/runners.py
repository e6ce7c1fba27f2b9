"""Where extraction and NLP run: in the flow's own process, in a pool of local processes, or on
a Dask cluster through prefect-dask.

The flow reads inputs and loads results; `process_batch` is pure work on a frame of raw bytes,
so any of these can run it. Nothing is shared on disk: a batch travels to a worker and its
frames travel back. Every worker builds the reference data and loads the models once (a pool
initializer, a Dask worker plugin), and every worker must give the same `extractor_version` as
the flow: one built from other dictionaries or another trafilatura would load a mixed
warehouse, so the run is refused before its first batch.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from prefect.task_runners import ProcessPoolTaskRunner

from flows.reference import extractor_version, load_reference
from flows.settings import seeds_dir_setting

DASK_ADDRESS_ENV = "EVENTWIRE_DASK_ADDRESS"
# How long `--cluster` waits for the scheduler to answer, and for a first worker to join.
CONNECT_TIMEOUT_S = 10.0
# What one worker process holds at its peak: the spaCy pipelines, the gazetteer and a batch
# (bench.pipeline measures 1.4 to 1.6 GB). The default never starts more than memory holds.
WORKER_BYTES = 1_600_000_000
# Which local runner `--workers N` uses; bench.pipeline --runner measures both on this machine.
# EVENTWIRE_LOCAL_RUNNER=dask|pool overrides it, even for one worker (for that measure).
LOCAL_RUNNER = "pool"


class ClusterError(RuntimeError):
    """A Dask cluster that cannot take the run: unreachable, without workers, or running
    another version of the pipeline. Its message is one line for the user."""


@lru_cache(maxsize=1)
def local_version() -> str:
    """This process's extractor version (reference data from its own seeds directory)."""
    return extractor_version(seeds_dir_setting())


def check_version(expected: str) -> None:
    """Refuse to process a batch for a flow whose version this process does not share."""
    mine = local_version()
    if mine != expected:
        raise ClusterError(
            f"worker pid {os.getpid()} on {os.uname().nodename} runs eventwire {mine}, the flow {expected}: "
            "install the same version and seeds on every worker"
        )


def warm_process() -> None:
    """Pool initializer and worker-plugin body: build the reference data before a batch comes."""
    load_reference(seeds_dir_setting())


def default_workers() -> int:
    """Every core this process may use, but no more workers than memory holds."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return cores
    return max(1, min(cores, memory // WORKER_BYTES))


def dask_address(flag: str | None) -> str | None:
    """The scheduler named by `--cluster`, else by EVENTWIRE_DASK_ADDRESS; None for none."""
    value = flag or os.environ.get(DASK_ADDRESS_ENV) or None
    return value.strip() if value else None


def _warm_plugin() -> Any:
    from flows.dask_worker import WarmWorker

    return WarmWorker()


def check_cluster(address: str, version: str, timeout_s: float = CONNECT_TIMEOUT_S) -> int:
    """Connect to the scheduler at `address`, check that every worker runs `version`, have every
    worker load the models, and return the cluster's threads (the batches it can take at once).
    Raises ClusterError with one line when the scheduler does not answer, no worker joins
    within `timeout_s`, or a worker runs another version."""
    import distributed

    try:
        client = distributed.Client(address, timeout=timeout_s, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as err:
        raise ClusterError(f"the Dask scheduler at {address} is unreachable: {type(err).__name__}") from None
    try:
        try:
            client.wait_for_workers(1, timeout=timeout_s)
        except TimeoutError:
            raise ClusterError(f"the Dask scheduler at {address} has no worker") from None
        versions: dict[str, str] = client.run(local_version)
        wrong = {w: v for w, v in versions.items() if v != version}
        if wrong:
            worker, theirs = sorted(wrong.items())[0]
            raise ClusterError(
                f"{len(wrong)} of {len(versions)} Dask workers run another eventwire ({worker}: {theirs}; "
                f"this flow: {version}): install the same version and seeds on every worker"
            )
        client.register_plugin(_warm_plugin())
        return max(1, sum(client.nthreads().values()))
    finally:
        client.close()


@dataclass(frozen=True)
class Placement:
    """Where the batches of one run go: `runner` (None: the flow's own thread), how many may be
    in flight at once (the flow's memory bound), and a line for the summary."""

    runner: Any
    slots: int
    where: str


def placement(workers: int, cluster: str | None, version: str, batches: int) -> Placement:
    """The runner for a run of `batches` batches: the Dask cluster at `cluster`; else, for
    more than one worker and more than one batch, `min(workers, batches)` local processes;
    else the flow's own process (a pool's start-up buys nothing for one batch)."""
    if cluster:
        from prefect_dask import DaskTaskRunner

        threads = check_cluster(cluster, version)
        return Placement(DaskTaskRunner(address=cluster), threads, f"dask {cluster} ({threads} threads)")
    n = min(workers, batches)
    kind = os.environ.get("EVENTWIRE_LOCAL_RUNNER")  # set: that runner even for one worker (a bench knob)
    if n <= 1 and not kind:
        return Placement(None, 1, "in process")
    kind = kind or LOCAL_RUNNER
    return Placement(local_runner(n, kind), n, f"{n} {'local Dask workers' if kind == 'dask' else 'processes'}")


def share_temporary_server() -> None:
    """Point the worker processes about to start at this process's temporary Prefect server.

    Without a configured server (PREFECT_API_URL), Prefect starts a temporary one in the flow's
    process; a worker process would start one of its own to report its task runs, a server per
    worker (each took about half a core of a 2-core machine in a long run). The workers inherit
    the environment, so naming the flow's server there is enough."""
    if os.environ.get("PREFECT_API_URL"):
        return
    from prefect.settings import PREFECT_API_URL

    if PREFECT_API_URL.value():
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    if server.running:
        os.environ["PREFECT_API_URL"] = server.api_url


def local_runner(n: int, kind: str = LOCAL_RUNNER) -> Any:
    """`n` local worker processes: a process pool, or a local Dask cluster (`kind="dask"`)."""
    share_temporary_server()
    if kind == "dask":
        from prefect_dask import DaskTaskRunner

        return DaskTaskRunner(
            cluster_kwargs={
                "n_workers": n,
                "threads_per_worker": 1,
                "processes": True,
                "dashboard_address": None,
                "plugins": {_warm_plugin()},
            }
        )
    return ProcessPoolTaskRunner(max_workers=n, initializer=warm_process)
