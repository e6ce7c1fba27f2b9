"""The child tables' keys without primary-key indexes (migration 009): a warehouse of the old
schema keeps every row through the migration, and a batch that would duplicate a key fails and
leaves the warehouse as it was."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

from flows.pipeline import run_pipeline
from flows.settings import SQL_DIR
from flows.warehouse import Warehouse
from tests.conftest import read_table, snapshot

CHILDREN = ("events", "event_actors", "mentions", "article_minhash")


# Columns migrations after 009 add (they come back empty until an article is loaded again).
LATER = (
    ("entities", "actor_code"),
    ("entities", "code_reason"),
    ("event_actors", "actor_code"),
    ("event_actors", "code_reason"),
    ("events", "acled_sub_type"),
)


def _without_later(snap: dict) -> dict:
    later = {c for _, c in LATER}
    return {t: f.drop([c for c in f.columns if c in later]) for t, f in snap.items()}


def _keys(db) -> set[tuple[str, str]]:
    sql = "SELECT table_name, constraint_type FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'"
    return set(read_table(db, sql).rows())


def _count(db, sql: str) -> int:
    return read_table(db, f"SELECT count(*) AS n FROM {sql}")["n"][0]


def test_an_old_warehouse_keeps_its_rows_and_loses_the_child_indexes(
    articles_dir, tmp_path, prefect_api_url, monkeypatch
):
    monkeypatch.setenv("EVENTWIRE_PUBLISH", "0")
    new = tmp_path / "new.duckdb"
    run_pipeline(inputs=[str(articles_dir)], db=str(new), workers=1)
    # the same warehouse as the schema stood before 009: each child table written again with its key
    old = tmp_path / "old.duckdb"
    con = duckdb.connect(str(old))
    con.execute(f"ATTACH '{new}' AS src (READ_ONLY)")
    con.execute("COPY FROM DATABASE src TO old")
    con.execute("DETACH src")
    keys = {
        "events": "event_id",
        "event_actors": "event_id, role, actor_idx",
        "mentions": "article_id, char_start, char_end",
        "article_minhash": "article_id",
    }
    for table, key in keys.items():
        con.execute(f"ALTER TABLE {table} ADD PRIMARY KEY ({key})")
    con.execute("CREATE INDEX article_terms_term ON article_terms (term)")
    # and without what later migrations added, which 009 does not know of
    for table, column in LATER:
        con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
    con.execute("DELETE FROM schema_migrations WHERE version >= 9")
    con.close()
    assert {(t, "PRIMARY KEY") for t in CHILDREN} <= _keys(old)

    Warehouse.open(old).close()  # a writer migrates as it opens
    assert read_table(old, "SELECT name FROM schema_migrations WHERE version = 9")["name"].to_list() == [
        "009_unindexed_children.sql"
    ]
    assert not {t for t, _ in _keys(old)} & set(CHILDREN)
    assert {("articles", "PRIMARY KEY"), ("entities", "PRIMARY KEY")} <= _keys(old)
    assert _count(old, "duckdb_indexes() WHERE index_name = 'article_terms_term'") == 0
    before, after = _without_later(snapshot(new)), _without_later(snapshot(old))
    for table in before:
        assert before[table].equals(after[table]), table
    # the views still read the rewritten tables, and a rerun over the same input changes nothing
    assert _count(old, "v_events") == _count(new, "v_events") > 0
    run_pipeline(inputs=[str(articles_dir)], db=str(old), workers=1)
    again = _without_later(snapshot(old))
    for table in before:
        assert before[table].equals(again[table]), table


def test_a_batch_that_duplicates_a_key_fails(articles_dir, tmp_path, prefect_api_url, monkeypatch):
    monkeypatch.setenv("EVENTWIRE_PUBLISH", "0")
    db = tmp_path / "w.duckdb"
    run_pipeline(inputs=[str(articles_dir)], db=str(db), workers=1)
    check = (SQL_DIR / "load" / "09_check_keys.sql").read_text()
    con = duckdb.connect(str(db))
    try:
        events = con.sql("SELECT * FROM events").pl()
        con.register("b_events", events.head(3))
        con.register("b_articles", con.sql("SELECT article_id FROM articles").pl())
        con.register("b_minhash", con.sql("SELECT article_id FROM article_minhash").pl())
        con.execute(check).fetchall()  # as loaded: every key once
        con.execute("BEGIN TRANSACTION")
        con.execute("INSERT INTO events SELECT * FROM events LIMIT 1")
        with pytest.raises(duckdb.Error, match="duplicate keys after loading a batch: events "):
            con.execute(check).fetchall()
        con.execute("ROLLBACK")
        con.execute("INSERT INTO mentions SELECT * FROM mentions LIMIT 1")
        with pytest.raises(duckdb.Error, match="mentions "):
            con.execute(check).fetchall()
    finally:
        con.close()


def test_a_batch_of_new_articles_is_checked_on_its_own_rows(articles_dir, tmp_path, prefect_api_url, monkeypatch):
    """A batch whose articles are all new skips the table scans (their deletes and the table
    check) and is checked on its own rows: a duplicate still fails it, and nothing lands."""
    monkeypatch.setenv("EVENTWIRE_PUBLISH", "0")
    loaded = tmp_path / "loaded.duckdb"
    run_pipeline(inputs=[str(articles_dir)], db=str(loaded), workers=1)
    frames = {
        name: read_table(loaded, f"SELECT * FROM {table}")
        for name, table in (
            ("articles", "articles"),
            ("entities", "entities"),
            ("mentions", "mentions"),
            ("events", "events"),
            ("event_actors", "event_actors"),
        )
    }
    rejects = read_table(loaded, "SELECT * FROM rejects LIMIT 0")
    fresh = Warehouse.open(tmp_path / "fresh.duckdb")
    try:
        doubled = {**frames, "events": pl.concat([frames["events"], frames["events"].head(1)])}
        with pytest.raises(duckdb.Error, match="duplicate keys after loading a batch: events "):
            fresh.load_batch(**doubled, rejects=rejects)
        assert fresh.con.execute("SELECT count(*) FROM articles").fetchall() == [(0,)]
        stats = fresh.load_batch(**frames, rejects=rejects)
        assert stats.new == frames["articles"].height and stats.updated == 0
        assert fresh.con.execute("SELECT count(*) FROM events").fetchall() == [(frames["events"].height,)]
    finally:
        fresh.close()
