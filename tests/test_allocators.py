"""The flow gives its allocators' free pages back (`flows.allocators`)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from flows.allocators import DUCKDB_ALLOCATOR, DUCKDB_ENV, libc, release_free_memory


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


@pytest.mark.skipif(not sys.platform.startswith("linux") or not hasattr(libc(), "malloc_trim"), reason="glibc only")
def test_freed_pages_go_back_to_the_system() -> None:
    blocks = [bytearray(4096) for _ in range(30_000)]  # ~120 MB of glibc heap, below mmap's threshold
    keep = blocks[-1]  # the heap's top stays in use: only a trim gives the pages below it back
    del blocks
    before = _rss_mb()
    assert release_free_memory()
    assert before - _rss_mb() > 60
    assert len(keep) == 4096


def test_duckdb_allocator_is_set_before_duckdb_and_a_users_setting_wins() -> None:
    code = "import os, flows, duckdb; print(os.environ['DUCKDB_JE_MALLOC_CONF'])"
    env = {k: v for k, v in os.environ.items() if k != DUCKDB_ENV}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == DUCKDB_ALLOCATOR
    env[DUCKDB_ENV] = "dirty_decay_ms:1000"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "dirty_decay_ms:1000"
