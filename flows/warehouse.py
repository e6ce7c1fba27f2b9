"""The DuckDB warehouse: migrations, the single batch writer, reads for the CLI.

DuckDB allows one writing process at a time; the flow opens one connection and every write
goes through `load_batch`, one transaction per batch, so a crash loses at most the batch in
flight and a rerun redoes exactly that.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from flows.settings import SQL_DIR, min_confidence_setting, retry_policy_setting, writer_memory_setting
from flows.writer_memory import WriterMemory
from transforms.article_terms import TERM_SCHEMA
from transforms.cluster_links import candidate_window
from transforms.clusters import cluster_events
from transforms.near_dups import signatures
from transforms.retry_policy import RetryPolicy, is_permanent, next_attempt_at

log = logging.getLogger(__name__)


class WarehouseError(RuntimeError):
    """The warehouse cannot be opened or migrated; the message is one line for the user."""


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _sql_files(folder: str) -> list[Path]:
    return sorted((SQL_DIR / folder).glob("*.sql"))


# Load steps a batch needs only when it replaces articles already loaded: they scan whole tables,
# which a batch of new articles (a nightly run's) must not pay as the warehouse grows.
REPLACING_ONLY = frozenset({"01_delete_children.sql", "09_check_keys.sql"})


SOURCE_STATE_SCHEMA = {
    "name": pl.String,
    "kind": pl.String,
    "location": pl.String,
    "etag": pl.String,
    "last_modified": pl.String,
    "last_run_id": pl.String,
    "last_fetched_at": pl.Datetime("us"),
    "last_status": pl.String,
    "last_links": pl.Int32,
    "last_new": pl.Int32,
}


@dataclass
class BatchStats:
    new: int = 0
    updated: int = 0
    rejected: int = 0
    events: int = 0


class Warehouse(WriterMemory):
    """One open connection to the warehouse file (a writer's memory: `flows.writer_memory`)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path) -> None:
        self.con = con
        self.path = path
        self.memory_limit: int | None = None  # bytes, set for a writer
        self.retry_policy = RetryPolicy()  # a writer's comes from the settings

    # -- opening -------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path, *, read_only: bool = False, min_confidence: float | None = None) -> Warehouse:
        """Open (and for writers, create and migrate) the warehouse; WarehouseError if impossible.
        A writer records the views' confidence floor (`min_confidence`, else the setting)."""
        path = Path(path)
        if read_only and not path.exists():
            raise WarehouseError(f"no warehouse at {path}: run `eventwire run` first")
        if not read_only:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise WarehouseError(f"cannot create the folder for {path}: {err.strerror or err}") from err
        try:
            con = duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as err:
            first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
            raise WarehouseError(f"cannot open the warehouse {path}: {first}") from err
        wh = cls(con, path)
        if not read_only:
            try:
                wh.set_memory_limit(writer_memory_setting())
                wh._configure_writer()
                wh.retry_policy = retry_policy_setting()
            except (ValueError, duckdb.Error) as err:
                con.close()
                raise WarehouseError(str(err).strip().splitlines()[0]) from err
            wh.migrate(min_confidence_setting() if min_confidence is None else min_confidence)
        return wh

    def close(self) -> None:
        self.checkpoint_before_close()
        self.con.close()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema --------------------------------------------------------------------------
    def migrate(self, min_confidence: float | None = None) -> list[str]:
        """Apply numbered migrations not yet recorded, record the views' confidence floor (when
        given), then re-create the views. Idempotent."""
        files = _sql_files("migrations")
        self.con.execute(files[0].read_text()).fetchall()  # 000: the bookkeeping table itself
        done = {v for (v,) in self.con.execute("SELECT version FROM schema_migrations").fetchall()}
        applied = []
        for file in files:
            version = int(file.name.split("_", 1)[0])
            if version in done:
                continue
            sql = file.read_text()
            self.con.execute("BEGIN TRANSACTION")
            try:
                self.con.execute(sql).fetchall()
                self.con.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?, ?)",
                    [version, file.name, hashlib.sha256(sql.encode()).hexdigest(), _now()],
                ).fetchall()
                self.con.execute("COMMIT")
            except duckdb.Error:
                self.con.execute("ROLLBACK")
                raise
            applied.append(file.name)
        if min_confidence is not None:
            self.con.execute(
                "INSERT OR REPLACE INTO view_settings VALUES ('min_confidence', ?)", [float(min_confidence)]
            ).fetchall()
        for view in _sql_files("views"):
            self.con.execute(view.read_text()).fetchall()
        return applied

    # -- runs ----------------------------------------------------------------------------
    def start_run(self, run_id: str, flow: str, inputs: str) -> None:
        """Record a run; runs left `running` by a killed process are marked abandoned
        (holding the write lock proves no other writer is alive)."""
        now = _now()
        self.con.execute(
            "UPDATE runs SET status = 'abandoned', finished_at = ? WHERE status = 'running'", [now]
        ).fetchall()
        self.con.execute(
            "INSERT INTO runs (run_id, flow, started_at, status, inputs) VALUES (?, ?, ?, 'running', ?) "
            "ON CONFLICT (run_id) DO UPDATE SET started_at = excluded.started_at, status = 'running'",
            [run_id, flow, now, inputs],
        ).fetchall()

    def finish_run(self, run_id: str, status: str, counts: dict[str, int], error: str | None = None) -> None:
        self.con.execute(
            """UPDATE runs SET finished_at = ?, status = ?, n_seen = ?, n_new = ?, n_updated = ?,
               n_unchanged = ?, n_rejected = ?, n_events = ?, n_skipped = ?, error = ? WHERE run_id = ?""",
            [
                _now(),
                status,
                counts.get("seen", 0),
                counts.get("new", 0),
                counts.get("updated", 0),
                counts.get("unchanged", 0),
                counts.get("rejected", 0),
                counts.get("events", 0),
                counts.get("skipped", 0),
                error,
                run_id,
            ],
        ).fetchall()

    # -- reads ---------------------------------------------------------------------------
    def known_inputs(self, ids: list[str]) -> dict[str, tuple[str, str]]:
        """article_id -> (raw_hash, extractor_version) of those of `ids` already loaded (asked
        batch by batch, so that a run never holds the whole warehouse's ids)."""
        if not ids:
            return {}
        rows = self.con.execute(
            "SELECT article_id, raw_hash, extractor_version FROM articles WHERE article_id IN (SELECT unnest(?))",
            [ids],
        ).fetchall()
        return {a: (h, v) for a, h, v in rows}

    def waiting_rejects(self, locators: list[str], now: datetime) -> dict[str, str]:
        """Locator -> reason of the given inputs rejected before and not yet due again
        (`next_attempt_at` after `now`): a run does not ask for them."""
        if not locators:
            return {}
        return dict(
            self.con.execute(
                "SELECT locator, reason FROM rejects WHERE locator IN (SELECT unnest(?)) AND next_attempt_at > ?",
                [locators, now],
            ).fetchall()
        )

    def waiting_by_source(self, now: datetime) -> dict[str, dict[str, int]]:
        """source -> {reason: inputs} of the rejects a run will not ask for before their time."""
        rows = self.con.execute(
            "SELECT source, reason, count(*) FROM rejects WHERE next_attempt_at > ? GROUP BY ALL ORDER BY ALL", [now]
        ).fetchall()
        out: dict[str, dict[str, int]] = {}
        for source, reason, n in rows:
            out.setdefault(source or "", {})[reason] = n
        return out

    def loaded_ids(self, ids: list[str]) -> set[str]:
        """Those of `ids` already in the warehouse."""
        return set(self.known_inputs(ids))

    def source_state(self) -> dict[str, dict]:
        """name -> last state of every source a sources file named (see sql/sources)."""
        frame = self.con.sql((SQL_DIR / "sources" / "read_state.sql").read_text()).pl()
        return {row["name"]: row for row in frame.iter_rows(named=True)}

    def save_source_state(self, rows: list[dict]) -> None:
        """Replace the stored state of the sources in `rows`."""
        if not rows:
            return
        self.con.register("b_source_state", pl.DataFrame(rows, schema=SOURCE_STATE_SCHEMA))
        try:
            self.con.execute((SQL_DIR / "sources" / "upsert_state.sql").read_text())
        finally:
            self.con.unregister("b_source_state")

    def top_events(self, run_id: str) -> list[dict]:
        """The run's ten most telling events (sql/queries/top_events_of_run.sql), JSON-ready."""
        sql = (SQL_DIR / "queries" / "top_events_of_run.sql").read_text()
        rows = self.con.sql(sql, params={"run_id": run_id}).pl().to_dicts()
        return [{k: (str(v) if hasattr(v, "isoformat") else v) for k, v in row.items()} for row in rows]

    def stored_inputs(self) -> pl.DataFrame:
        """locator, source, id_url, raw_hash of every article read from the web or a WARC file."""
        return self.con.sql((SQL_DIR / "sources" / "stored_inputs.sql").read_text()).pl()

    def columns(self, table: str) -> list[str]:
        """The columns of a table, in order."""
        return [r[0] for r in self.con.execute(f"DESCRIBE {table}").fetchall()]

    def query(self, sql: str, params: list | dict | None = None) -> pl.DataFrame:
        return self.con.sql(sql, params=params).pl()

    # -- the writer ----------------------------------------------------------------------
    def _with_retry(self, rejects: pl.DataFrame) -> pl.DataFrame:
        """The batch's rejects with their attempt number (earlier ones + 1), whether the reason is
        permanent, and when the input may be asked for again (transforms/retry_policy.py)."""
        locators, reasons = rejects["locator"].to_list(), rejects["reason"].to_list()
        earlier: dict[str, int] = {}
        if locators:
            earlier = dict(
                self.con.execute(
                    "SELECT locator, attempts FROM rejects WHERE locator IN (SELECT unnest(?))", [locators]
                ).fetchall()
            )
        attempts = [earlier.get(loc, 0) + 1 for loc in locators]
        rows = zip(reasons, attempts, rejects["rejected_at"].to_list(), strict=True)
        return rejects.with_columns(
            pl.Series("attempts", attempts, dtype=pl.Int32),
            pl.Series("permanent", [is_permanent(r) for r in reasons], dtype=pl.Boolean),
            pl.Series(
                "next_attempt_at",
                [next_attempt_at(r, n, at, self.retry_policy) for r, n, at in rows],
                dtype=pl.Datetime("us"),
            ),
        )

    def _recluster(self) -> None:
        """Recompute the clusters the batch in `b_events` can change (within its transaction)."""
        candidates, apply = _sql_files("cluster")
        events = self.con.sql(candidates.read_text(), params=candidate_window()).pl()
        self.trim_cache()  # the blocks the batch's SQL read, before polars takes its share
        clusters = cluster_events(events)
        self.con.register("b_clusters", clusters)
        try:
            self.con.execute(apply.read_text())
        finally:
            self.con.unregister("b_clusters")

    def recluster(self, batch_events: pl.DataFrame) -> None:
        """Recompute the clusters the given events (already stored) can change, as `load_batch`
        does in its transaction: for a harness that loads analysed events night by night."""
        self.con.register("b_events", batch_events)
        try:
            self._recluster()
        finally:
            self.con.unregister("b_events")

    def load_batch(
        self,
        *,
        articles: pl.DataFrame,
        entities: pl.DataFrame,
        mentions: pl.DataFrame,
        events: pl.DataFrame,
        event_actors: pl.DataFrame,
        rejects: pl.DataFrame,
        terms: pl.DataFrame | None = None,
    ) -> BatchStats:
        """Write one batch in one transaction: all of it lands, or none of it. `terms` are the
        articles' rare names (`transforms.article_terms`), which tie reports weeks apart."""
        frames = {
            "b_terms": terms if terms is not None else pl.DataFrame(schema=TERM_SCHEMA),
            "b_articles": articles,
            "b_entities": entities,
            "b_mentions": mentions,
            "b_events": events,
            "b_event_actors": event_actors,
            "b_rejects": self._with_retry(rejects),
            "b_minhash": signatures(articles),
        }
        con = self.con
        for name, frame in frames.items():
            con.register(name, frame)
        try:
            ids = articles["article_id"].to_list()
            existing = set()
            if ids:
                existing = {
                    a
                    for (a,) in con.execute(
                        "SELECT article_id FROM articles WHERE article_id IN (SELECT article_id FROM b_articles)"
                    ).fetchall()
                }
            while True:
                con.execute("BEGIN TRANSACTION")
                try:
                    for file in _sql_files("load"):
                        if existing or file.name not in REPLACING_ONLY:
                            con.execute(file.read_text()).fetchall()
                    self._recluster()
                    con.execute("COMMIT")
                    break
                except duckdb.OutOfMemoryException as err:
                    con.execute("ROLLBACK")
                    if not self._more_memory(err):
                        raise
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
        finally:
            for name in frames:
                con.unregister(name)
        self.trim_after_batch()
        self.checkpoint_if_due()
        return BatchStats(
            new=len(set(ids) - existing), updated=len(existing), rejected=rejects.height, events=events.height
        )
