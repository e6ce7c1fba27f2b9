"""What the flow process's C allocators keep after a batch, and giving it back.

Three allocators share the process: glibc's (Python's large objects, DuckDB's C++ objects),
DuckDB's jemalloc (its buffers) and polars' jemalloc. Each keeps pages a batch freed, to serve
the next batch faster; on a long run what they keep rose with the largest batch seen so far, so
the flow's resident memory crept though nothing was held (`flows.memory_trace`: glibc's free
but kept bytes, 58 to 71 MB over 100,000 articles; DuckDB's freed pages kept ten seconds, while
the reclustering's polars step ran on top of them). The writer gives both back after each batch.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
from functools import lru_cache

DUCKDB_ENV = "DUCKDB_JE_MALLOC_CONF"
# DuckDB's jemalloc gives a freed page back at once instead of after ten seconds (its default):
# the writer's SQL and its polars step run one after the other, and the second must not stand
# on what the first freed.
DUCKDB_ALLOCATOR = "dirty_decay_ms:0,muzzy_decay_ms:0"


def configure() -> None:
    """Set DuckDB's allocator (read when DuckDB first allocates, so before it is imported); a
    user's own setting wins."""
    os.environ.setdefault(DUCKDB_ENV, DUCKDB_ALLOCATOR)


@lru_cache(maxsize=1)
def libc() -> ctypes.CDLL | None:
    """The C library this process runs on, loaded once (the memory trace reads glibc's account
    through it too); None where it cannot be loaded."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None


def release_free_memory() -> bool:
    """Give glibc's free pages back to the system (`malloc_trim`), as a batch ends: glibc keeps
    them in its heaps otherwise, and the resident memory carries the largest batch so far.
    True where something was given back; False where nothing was, or there is no glibc (musl,
    macOS and Windows have no `malloc_trim`)."""
    trim = getattr(libc(), "malloc_trim", None)
    if trim is None:
        return False
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return bool(trim(0))
