"""Where the flow process's memory goes during a long run: a diagnostic for `bench.scale`.

The flow's peak resident memory must stay flat however long the run (issue 14). When it does
not, resident memory alone cannot say who holds the growth: Python objects, DuckDB's buffer
pool, or the C allocator keeping freed pages. With `EVENTWIRE_MEMORY_TRACE=<file>` the flow
appends one JSON line every `EVENTWIRE_MEMORY_TRACE_EVERY` batches (default 20) with each of
them (cheap: a bench run's figures stand with it on). `EVENTWIRE_MEMORY_TRACE_PYTHON=1` adds the
Python allocation sites that grew most since the first line (tracemalloc, one frame: it slows
and enlarges the process, so for finding a leak, not for the figures).
"""

from __future__ import annotations

import ctypes
import gc
import json
import os
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flows.allocators import libc

TRACE_ENV = "EVENTWIRE_MEMORY_TRACE"
EVERY_ENV = "EVENTWIRE_MEMORY_TRACE_EVERY"
PYTHON_ENV = "EVENTWIRE_MEMORY_TRACE_PYTHON"
TOP = 12
_MALLINFO2_FIELDS = "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost"


class _MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in _MALLINFO2_FIELDS.split()]


def _malloc_info() -> dict[str, int]:
    """glibc's own account: bytes in use and bytes free but kept (fragmentation), in MB."""
    mallinfo2 = getattr(libc(), "mallinfo2", None)
    if mallinfo2 is None:
        return {}
    mallinfo2.restype = _MallInfo2
    info = mallinfo2()
    return {"malloc_used_mb": round((info.uordblks + info.hblkhd) / 1e6), "malloc_free_mb": round(info.fordblks / 1e6)}


def _peak_mb(reset: bool) -> int | None:
    """The process's peak resident memory since the last reset (VmHWM), then reset it (Linux's
    clear_refs), so that each stage's own peak can be told; None where the kernel will not."""
    try:
        with open("/proc/self/status") as status:
            peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
        if reset:
            with open("/proc/self/clear_refs", "w") as clear:
                clear.write("5")
    except (OSError, StopIteration, ValueError):
        return None
    return round(peak * 1024 / 1e6)


def _rss_mb() -> int:
    with open("/proc/self/statm") as statm:
        return round(int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6)


class MemoryTrace:
    """Appends a line to `path` every `every` batches; a no-op without the environment switch."""

    def __init__(self, path: Path | None, every: int = 20, python: bool = False) -> None:
        self.path = path
        self.every = max(1, every)
        self.batches = 0
        self.articles = 0
        self.baseline: tracemalloc.Snapshot | None = None
        self.peaks: dict[str, int] = {}  # the highest peak of each stage since the last line
        self.python = python and path is not None
        if self.python and not tracemalloc.is_tracing():
            tracemalloc.start(1)

    @classmethod
    def from_env(cls) -> MemoryTrace:
        path = os.environ.get(TRACE_ENV)
        every = int(os.environ.get(EVERY_ENV, "20"))
        return cls(Path(path) if path else None, every, os.environ.get(PYTHON_ENV) == "1")

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Measure the peak resident memory while `name` runs (the highest since the last line);
        the time before it counts as `between`."""
        if self.path is None:
            yield
            return
        self._keep("between", _peak_mb(reset=True))
        try:
            yield
        finally:
            self._keep(name, _peak_mb(reset=True))

    def _keep(self, name: str, peak: int | None) -> None:
        if peak is not None:
            self.peaks[name] = max(self.peaks.get(name, 0), peak)

    def after_batch(self, articles: int, con: Any) -> None:
        """Count a loaded batch; every `every` batches, write a line (with the state links
        Prefect's flow-run context holds for task results)."""
        if self.path is None:
            return
        self.batches += 1
        self.articles += articles
        if self.batches % self.every:
            return
        from prefect.context import FlowRunContext

        context = FlowRunContext.get()
        gc.collect()
        duck = con.execute(
            "SELECT tag, memory_usage_bytes FROM duckdb_memory() WHERE memory_usage_bytes > 0"
        ).fetchall()
        # the write-ahead log's size: it drops to nothing where a commit checkpointed
        [(wal,)] = con.execute(
            "SELECT wal_size FROM pragma_database_size() WHERE database_name = current_database()"
        ).fetchall()
        line = {
            "time": round(time.time()),
            "batches": self.batches,
            "articles": self.articles,
            "rss_mb": _rss_mb(),
            "duckdb_mb": {tag: round(size / 1e6) for tag, size in duck},
            "wal": wal,
            **_malloc_info(),
            "gc_objects": len(gc.get_objects()),
            "prefect_run_results": len(context.run_results) if context else 0,
            "peak_mb_by_stage": self.peaks,
            **(self._python() if self.python else {}),
        }
        self.peaks = {}
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(line) + "\n")

    def _python(self) -> dict[str, Any]:
        """Traced Python memory and the allocation sites that grew most since the first line."""
        snapshot = tracemalloc.take_snapshot().filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
        current, _ = tracemalloc.get_traced_memory()
        grew = []
        if self.baseline is None:
            self.baseline = snapshot
        else:
            for stat in snapshot.compare_to(self.baseline, "lineno")[:TOP]:
                frame = stat.traceback[0]
                grew.append([f"{frame.filename}:{frame.lineno}", round(stat.size_diff / 1e6, 2), stat.count_diff])
        return {"python_traced_mb": round(current / 1e6), "grew_since_first": grew}
