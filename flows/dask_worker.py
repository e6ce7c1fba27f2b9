"""The Dask worker plugin, in a module of its own so that only Dask runs import `distributed`."""

from __future__ import annotations

from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from flows.runners import warm_process


class WarmWorker(WorkerPlugin):
    """Builds the reference data and loads the models on every worker when it joins (or when
    the plugin is registered), so that no batch pays for them and no worker does it twice."""

    name = "eventwire-warm"

    def setup(self, worker: Any) -> None:
        warm_process()
