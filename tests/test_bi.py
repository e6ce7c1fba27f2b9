"""The warehouse as BI tools see it: every view flat and readable through SQLAlchemy with
duckdb-engine (as Superset reads it) from the published copy, and the example queries of
`sql/queries/` answering their questions on the sample articles."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa

from flows.pipeline import run_pipeline
from tests.conftest import ROOT, SEED_ARTICLES

VIEWS = sorted(p.stem.split("_", 1)[1] for p in (ROOT / "sql" / "views").glob("*.sql"))
QUERIES = ROOT / "sql" / "queries"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory, prefect_api_url) -> Path:
    db = tmp_path_factory.mktemp("bi") / "warehouse.duckdb"
    run_pipeline(inputs=[str(SEED_ARTICLES)], db=str(db))
    return db


@pytest.mark.parametrize("view", VIEWS)
def test_each_view_is_flat_and_loads_through_sqlalchemy(warehouse, view):
    published = warehouse.parent / "published" / "warehouse.duckdb"
    engine = sa.create_engine(f"duckdb:///{published}", connect_args={"read_only": True})
    try:
        with engine.connect() as con:
            result = con.execute(sa.text(f"SELECT * FROM {view}"))
            rows = result.fetchall()
            columns = list(result.keys())
            types = dict(
                con.execute(
                    sa.text("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = :v"),
                    {"v": view},
                ).fetchall()
            )
    finally:
        engine.dispose()
    assert rows, f"{view} is empty on the sample articles"
    assert sorted(columns) == sorted(types)
    assert not [c for c, t in types.items() if "[]" in t or t.upper().startswith(("STRUCT", "MAP", "UNION"))]


def _query(warehouse: Path, name: str, **variables) -> list[dict]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for key, value in variables.items():
            con.execute(f"SET VARIABLE {key} = {value}")
        rel = con.sql((QUERIES / f"{name}.sql").read_text(encoding="utf-8"))
        return [dict(zip(rel.columns, row, strict=True)) for row in rel.fetchall()]
    finally:
        con.close()


def test_events_in_a_country_last_week(warehouse):
    rows = _query(warehouse, "events_in_a_country_last_week", country="'SYR'", as_of="DATE '2018-04-21'")
    assert rows and all(str(r["event_date"]) >= "2018-04-14" for r in rows)
    assert any(r["killed"] == 2 and r["injured"] == 8 for r in rows)  # the attack on Qadam
    assert not _query(warehouse, "events_in_a_country_last_week", country="'SYR'", as_of="DATE '2018-05-21'")


def test_deadliest_events_this_month(warehouse):
    rows = _query(warehouse, "deadliest_events_this_month", as_of="DATE '2024-03-15'")
    assert rows and rows[0]["killed"] == max(r["killed"] for r in rows)
    assert len({(r["event_date"], r["location_text"], r["killed"]) for r in rows}) == len(rows)  # each once


def test_who_accuses_whom(warehouse):
    rows = _query(warehouse, "who_accuses_whom")
    assert any(r["accuser_country"] == "RUS" and r["accused_country"] in {"USA", "GBR", "FRA"} for r in rows)
    assert [r["n_events"] for r in rows] == sorted((r["n_events"] for r in rows), reverse=True)


def test_actors_carry_their_codes_in_the_views(warehouse):
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        known = "country_iso3 IS NOT NULL OR sector IS NOT NULL"
        uncoded = con.sql(f"SELECT count(*) FROM event_actors WHERE actor_code IS NULL AND ({known})").fetchall()[0][0]
        codes = {c for (c,) in con.sql("SELECT DISTINCT actor_code FROM event_actors").fetchall()}
        dyads = con.sql("SELECT source_code, target_code FROM v_dyads WHERE source_code IS NOT NULL").fetchall()
        events = con.sql("SELECT count(*) FROM v_events WHERE source_actor_codes IS NOT NULL").fetchall()[0][0]
    finally:
        con.close()
    assert uncoded == 0  # every actor with a country or a sector has a code that agrees with them
    assert {"SYRMIL", "RUSGOV"} <= codes  # the seed article's Syrian army and Russia's deputy minister
    assert dyads and events > 0
