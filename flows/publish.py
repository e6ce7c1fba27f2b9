"""Publishing the warehouse for BI tools after each run.

DuckDB lets one process write a database file or many read it, never both at once, and the
nightly run writes for minutes. So after a run the warehouse is copied for readers:

- `published/warehouse.duckdb`: the content tables, and every view of `sql/views/` materialised
  as a table of the same name (BI tools then read flat tables, fast). It is written in DuckDB's
  v1.2.0 storage format, which the DuckDB 1.x inside current BI drivers (Metabase's DuckDB
  driver, duckdb-engine under Superset) can open; DuckDB 2.0's own format they cannot. It is
  built under a temporary name and moved into place with one rename, so a reader sees the last
  run or the new one, never half of one.
- `published/parquet/<table>/month=YYYY-MM/*.parquet`: the main tables partitioned by month
  (articles by publication, events by event date, undated rows under `month=unknown`), written
  aside and swapped in the same way.

A failure leaves the last published copy as it was and raises PublishError with one line.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from pathlib import Path

import duckdb

from flows.settings import SQL_DIR

STORAGE_VERSION = "v1.2.0"
TABLES = ("runs", "articles", "entities", "mentions", "events", "event_actors", "rejects", "source_state")
# table -> the date its monthly Parquet partitions follow
PARQUET = {
    "articles": "published_at",
    "events": "event_date",
    "event_actors": None,
    "entities": None,
    "mentions": None,
}


class PublishError(RuntimeError):
    """The warehouse could not be published; the message is one line for the user."""


def _views() -> list[str]:
    return [p.stem.split("_", 1)[1] for p in sorted((SQL_DIR / "views").glob("*.sql"))]


def publish(con: duckdb.DuckDBPyConnection, target: Path) -> Path:
    """Publish the warehouse `con` writes into `target` (see module); returns the database path."""
    tag = uuid.uuid4().hex[:8]
    tmp_db = target / f".warehouse-{tag}.duckdb.part"
    tmp_parquet = target / f".parquet-{tag}.part"
    final_db, final_parquet = target / "warehouse.duckdb", target / "parquet"
    try:
        target.mkdir(parents=True, exist_ok=True)
        con.execute(f"ATTACH '{tmp_db}' AS pub (STORAGE_VERSION '{STORAGE_VERSION}')")
        try:
            for table in (*TABLES, *_views()):
                con.execute(f"CREATE TABLE pub.{table} AS SELECT * FROM main.{table}")
        finally:
            con.execute("DETACH pub")
        tmp_parquet.mkdir()
        for table, date_col in PARQUET.items():
            month = f"coalesce(strftime({date_col}, '%Y-%m'), 'unknown')" if date_col else "'all'"
            out = tmp_parquet / table
            con.execute(
                f"COPY (SELECT *, {month} AS month FROM main.{table}) TO '{out}' "
                "(FORMAT parquet, PARTITION_BY (month), OVERWRITE_OR_IGNORE)"
            )
        os.replace(tmp_db, final_db)  # one rename: readers see the old copy or the new one
        old = target / f".parquet-old-{tag}"
        if final_parquet.exists():
            final_parquet.rename(old)
        tmp_parquet.rename(final_parquet)
        shutil.rmtree(old, ignore_errors=True)
    except (duckdb.Error, OSError) as err:
        raise PublishError(f"could not publish to {target}: {type(err).__name__}: {str(err).splitlines()[0]}") from err
    finally:
        for leftover in (Path(tmp_db), Path(f"{tmp_db}.wal")):
            with contextlib.suppress(OSError):  # an unusable target: nothing was written there
                leftover.unlink(missing_ok=True)
        shutil.rmtree(tmp_parquet, ignore_errors=True)
    return final_db
