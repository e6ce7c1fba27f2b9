"""The single writer's memory: DuckDB's limit, its cache and its checkpoints.

The flow's peak memory must stay flat however long a run (issue 14). DuckDB holds two things
that would grow with the run or the warehouse if left alone, and the writer bounds each between
batches: the block cache (`trim_cache`), the write-ahead log and the checkpoint that empties it
(`checkpoint_if_due` and `checkpoint_before_close`, under a lower limit). Mixed into
`flows.warehouse.Warehouse`.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

import duckdb

log = logging.getLogger(__name__)

# What the writer's DuckDB cache keeps between batches (`trim_cache`).
CACHE_FLOOR = 32 << 20
# The limit a batch's last trim goes down to, so that DuckDB's eviction queue is walked whole
# (`trim_cache`); None: the last trim stops at CACHE_FLOOR as the others.
PURGE_FLOOR: int | None = 1 << 20
# The write-ahead log's size past which the writer checkpoints, once a batch is committed and its
# frames let go (`checkpoint_if_due`), with DuckDB's memory held to CHECKPOINT_MEMORY.
# A checkpoint takes what DuckDB's limit allows (rewriting the row groups a batch changed): under
# the writer's 256 MB, a checkpoint now and then stood 60-70 MB above the batch it followed (the
# flow's peak 811 MB at 100,000 articles against 740 for the batches around it, bench.scale);
# replayed on the events of a 100,000-article warehouse, 63 MB at most under 256 MB, 25 under 48.
CHECKPOINT_WAL = 8 << 20
CHECKPOINT_MEMORY = 64 << 20
# DuckDB's own threshold for the writer's connection: a backstop for a batch whose log alone
# passes it (DuckDB's default, 16 MB, checkpointed inside whichever batch's commit crossed it).
AUTO_CHECKPOINT = "256MiB"


def memory_ceiling() -> int:
    """DuckDB's own default limit, 80 % of the machine's memory: the writer never asks for more."""
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") * 0.8)
    except (ValueError, OSError, AttributeError):
        return 4 << 30


class WriterMemory:
    """Memory handling for a connection that writes (`memory_limit` set); a no-op where a
    reader has no limit."""

    con: duckdb.DuckDBPyConnection
    path: Path
    memory_limit: int | None

    def set_memory_limit(self, limit: int) -> None:
        """DuckDB's cache and working memory for this connection, in bytes (see
        DEFAULT_WRITER_MEMORY: without a limit the writer's memory grows with the warehouse)."""
        self.con.execute(f"SET memory_limit = '{int(limit)}B'")
        self.memory_limit = int(limit)

    def _configure_writer(self) -> None:
        self.con.execute(f"SET checkpoint_threshold = '{AUTO_CHECKPOINT}'")

    def _wal_bytes(self) -> int:
        wal = Path(f"{self.path}.wal")
        return wal.stat().st_size if wal.exists() else 0

    def checkpoint_if_due(self) -> bool:
        """Checkpoint where the write-ahead log has passed `CHECKPOINT_WAL` (under
        `CHECKPOINT_MEMORY`, `_checkpoint_capped`); True where it did. Called between batches,
        so that a checkpoint's memory stands on the writer's resting memory, not on a batch's."""
        if self._wal_bytes() < CHECKPOINT_WAL:
            return False
        self._checkpoint_capped()
        return True

    def checkpoint_before_close(self) -> None:
        """A writer's last checkpoint, capped as the others: closing checkpoints what the log
        holds under the whole limit otherwise (the run's highest point, after its last batch).
        Where it fails the log stays, and the next open replays it."""
        if self.memory_limit is None or not self._wal_bytes():
            return
        try:
            self._checkpoint_capped()
        except duckdb.Error as err:
            log.warning("the closing checkpoint failed; the log replays at the next open (%s)",
                        str(err).splitlines()[0][:200])  # fmt: skip

    def _checkpoint_capped(self) -> None:
        """CHECKPOINT with DuckDB's memory held to `CHECKPOINT_MEMORY`, then trim the cache it
        filled. DuckDB answers a checkpoint that outgrows its memory by invalidating the database
        (what was committed is safe in the log): the writer then opens it again, which replays
        the log, and checkpoints with its whole limit."""
        limit = self.memory_limit
        fatal: duckdb.FatalException | None = None
        try:
            if limit is not None:
                self.trim_cache()
                with contextlib.suppress(duckdb.OutOfMemoryException):  # more is pinned: as it is
                    self.con.execute(f"SET memory_limit = '{min(limit, CHECKPOINT_MEMORY)}B'")
            self.con.execute("CHECKPOINT")
        except duckdb.FatalException as err:
            fatal = err
        finally:
            if fatal is None and limit is not None:  # an invalidated connection takes no setting
                self.set_memory_limit(limit)
        if fatal is not None:
            log.warning("a checkpoint needed more than %d MB; opening the warehouse again (%s)",
                        CHECKPOINT_MEMORY >> 20, str(fatal).splitlines()[0][:200])  # fmt: skip
            with contextlib.suppress(duckdb.Error):
                self.con.close()
            self.con = duckdb.connect(str(self.path))
            self._configure_writer()
            if limit is not None:
                self.set_memory_limit(limit)
            self.con.execute("CHECKPOINT")
        self.trim_cache()

    def trim_cache(self, floor: int | None = None) -> None:
        """Evict DuckDB's cached blocks down to `floor` (CACHE_FLOOR), keeping the limit. DuckDB
        keeps every block a query read or a checkpoint wrote until the limit forces it out, so
        under the limit the cache grows with the warehouse (about 1.7 KB an article in
        bench.scale). A nightly load appends: its next batch reads the near-duplicate index and
        the days it reclusters again, from the operating system's page cache, and nothing older.
        Lowering the limit is DuckDB's way to evict; where it cannot free that much (blocks in
        use), it keeps them."""
        limit = self.memory_limit
        floor = CACHE_FLOOR if floor is None else floor
        if limit is None or limit <= floor:
            return
        try:
            self.con.execute(f"SET memory_limit = '{floor}B'")
        except duckdb.Error:
            pass  # more is pinned than the floor: nothing is lost by keeping it
        finally:
            self.con.execute(f"SET memory_limit = '{limit}B'")

    def trim_after_batch(self) -> None:
        """The trim that ends a batch, down to PURGE_FLOOR: DuckDB's eviction queue holds an
        entry for every block a query unpinned, and an entry keeps its block's handle allocated
        (about 200 bytes) after the block is gone, until an eviction walks past it. Trimmed to
        CACHE_FLOOR only, the walk stops early and the dead entries pile up: 8,300 handles
        after 5 batches of 500 replayed on a 100,000-article warehouse, 52,000 after 30 (memray),
        glibc's bytes in use 45 -> 63 MB over 45 batches; walked whole, flat at 43 MB."""
        self.trim_cache(PURGE_FLOOR)

    def _more_memory(self, err: duckdb.OutOfMemoryException) -> bool:
        """After a batch outgrew the limit: double it for the rest of the run, up to DuckDB's own
        default; False when it is there already (the error then stands)."""
        limit = self.memory_limit
        if limit is None or limit >= memory_ceiling():
            return False
        grown = min(2 * limit, memory_ceiling())
        log.warning("a batch needed more than %d MB of DuckDB memory; trying it again with %d MB (%s)",
                    limit >> 20, grown >> 20, str(err).splitlines()[0])  # fmt: skip
        self.set_memory_limit(grown)
        return True
