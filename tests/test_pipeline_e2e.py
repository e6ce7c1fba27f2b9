"""End to end: the real flow over the bundled samples into a fresh DuckDB file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from flows.pipeline import run_pipeline
from tests.conftest import SEED_ARTICLES, SEED_ID, read_table

# The warehouse contract, DESIGN.md section 3: these names are fixed.
CONTRACT = {
    "runs": "run_id flow started_at finished_at status n_seen n_new n_rejected n_events",
    "articles": "article_id url canonical_url source_domain title author published_at published_from "
    "fetched_at language text content_hash duplicate_of run_id",
    "rejects": "run_id source locator stage reason detail rejected_at",
    "entities": "entity_id name kind country_iso3 sector geonameid lat lon",
    "mentions": "article_id sent_idx char_start char_end surface label entity_id",
    "events": "event_id article_id sent_idx evidence trigger event_type mode cameo_root source_text target_text "
    "location_text location_entity_id lat lon country_iso3 geo_precision event_date date_precision "
    "date_text killed injured negated hypothetical confidence cluster_id",
    "event_actors": "event_id role entity_id text country_iso3 sector",
}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, prefect_api_url) -> tuple[Path, dict]:
    db = tmp_path_factory.mktemp("e2e") / "warehouse.duckdb"
    summary = run_pipeline(inputs=[str(SEED_ARTICLES)], db=str(db))
    return db, summary


def test_contract_tables_and_columns_exist(loaded):
    db, _ = loaded
    cols = read_table(db, "SELECT table_name, column_name FROM information_schema.columns")
    have = {(t, c) for t, c in cols.iter_rows()}
    missing = [(t, c) for t, names in CONTRACT.items() for c in names.split() if (t, c) not in have]
    assert missing == []


def test_seed_article_loaded_with_title_and_date(loaded):
    db, _ = loaded
    row = read_table(
        db,
        f"SELECT title, published_at, published_from, language, url FROM articles WHERE url LIKE '%{SEED_ID}.html'",
    ).to_dicts()
    assert len(row) == 1
    assert row[0]["title"] == "Syrian army gains ground in southern Damascus"
    assert str(row[0]["published_at"].date()) == "2018-04-21"
    assert row[0]["published_from"] == "meta"
    assert row[0]["language"] == "en"


def test_txt_seed_takes_first_line_as_title(loaded):
    db, _ = loaded
    row = read_table(db, f"SELECT title, text, published_from FROM articles WHERE url LIKE '%{SEED_ID}.txt'").to_dicts()
    assert row[0]["title"] == "Syrian army gains ground in southern Damascus"
    assert row[0]["text"].startswith("Units of the Syrian army have gained ground")
    assert row[0]["published_from"] == "none"


def test_an_event_is_traceable_to_a_seed_sentence(loaded):
    db, _ = loaded
    seed_text = (Path(SEED_ARTICLES) / f"{SEED_ID}.txt").read_text(encoding="utf-8")
    seed_sentences = {s.strip() for line in seed_text.splitlines() for s in re.split(r"(?<=[.!?])\s+", line)}
    events = read_table(
        db,
        "SELECT e.evidence, e.evidence_start, e.evidence_end, a.text FROM events e JOIN articles a USING (article_id) "
        f"WHERE a.url LIKE '%{SEED_ID}.html'",
    )
    assert events.height > 0
    assert any(ev in seed_sentences for ev in events["evidence"])
    for evidence, start, end, text in events.iter_rows():  # offsets point at the evidence
        assert text[start:end] == evidence


def test_seed_qadam_attack_has_casualties_and_resolved_date(loaded):
    db, _ = loaded
    rows = read_table(
        db,
        "SELECT event_type, killed, injured, event_date, location_text, country_iso3 FROM events e "
        f"JOIN articles a USING (article_id) WHERE a.url LIKE '%{SEED_ID}.html' "
        "AND e.evidence LIKE '%Qadam neighborhood%'",
    ).to_dicts()
    assert rows, "the Friday attack sentence produced no event"
    ev = rows[0]
    assert (ev["killed"], ev["injured"]) == (2, 8)
    assert str(ev["event_date"]) == "2018-04-20"  # "on Friday", published Saturday 2018-04-21
    assert ev["country_iso3"] == "SYR"


def test_entities_resolve_to_countries_and_places(loaded):
    db, _ = loaded
    names = read_table(db, "SELECT name, kind, country_iso3, lat FROM entities")
    kinds = {(n, k, c) for n, k, c, _ in names.iter_rows()}
    assert ("Syria", "country", "SYR") in kinds
    assert ("Mikhail Bogdanov", "person", "RUS") in kinds
    damascus = names.filter(names["name"] == "Damascus").to_dicts()
    assert damascus and damascus[0]["country_iso3"] == "SYR" and abs(damascus[0]["lat"] - 33.5) < 0.2


def test_duplicate_and_non_english_pages(loaded):
    db, _ = loaded
    dups = read_table(db, "SELECT count(*) AS n FROM articles WHERE duplicate_of IS NOT NULL")["n"][0]
    assert dups >= 1
    skipped = read_table(db, "SELECT language, nlp_status FROM articles WHERE language <> 'en'").to_dicts()
    assert skipped and all(r["nlp_status"] == f"skipped:language={r['language']}" for r in skipped)
    n_events = read_table(
        db, "SELECT count(*) AS n FROM events e JOIN articles a USING (article_id) WHERE a.language <> 'en'"
    )["n"][0]
    assert n_events == 0


def test_run_row_and_summary(loaded):
    db, summary = loaded
    runs = read_table(db, "SELECT * FROM runs").to_dicts()
    assert len(runs) == 1 and runs[0]["status"] == "completed"
    n_files = len([p for p in SEED_ARTICLES.iterdir() if p.suffix in {".html", ".htm", ".txt"}])
    assert summary["seen"] == n_files == runs[0]["n_seen"]
    assert summary["new"] == runs[0]["n_new"] == read_table(db, "SELECT count(*) AS n FROM articles")["n"][0]
    assert summary["events"] == read_table(db, "SELECT count(*) AS n FROM events")["n"][0] > 0


def test_views_are_flat_and_queryable(loaded):
    db, _ = loaded
    flat = read_table(db, "SELECT * FROM v_events")
    assert flat.height > 0
    assert all(not str(t).startswith(("List", "Struct")) for t in flat.dtypes)


def test_cluster_view_has_one_row_per_cluster(loaded):
    db, _ = loaded
    clusters = read_table(db, "SELECT * FROM v_event_clusters")
    events = read_table(db, "SELECT cluster_id, killed FROM v_counted_events")
    assert clusters["cluster_id"].n_unique() == clusters.height == events["cluster_id"].n_unique()
    assert clusters["n_events"].sum() == events.height
    assert (clusters["n_articles"] >= 1).all() and (clusters["n_sources"] <= clusters["n_articles"]).all()
    # casualties are the highest count a report gives, never a sum
    assert (clusters["killed"].fill_null(0).max() or 0) == (events["killed"].fill_null(0).max() or 0)
    # every row of an original article is in v_events, and `counted` says which ones the views count
    flagged = read_table(db, "SELECT count(*) FILTER (WHERE counted) AS n, count(*) AS every FROM v_events").row(0)
    assert flagged[0] == events.height and flagged[1] >= flagged[0]


def test_summary_is_stored_as_a_prefect_markdown_artifact(loaded):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    _, summary = loaded
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["eventwire-run-summary"]))
        )
    assert artifacts, "no summary artifact"
    ours = [a for a in artifacts if summary["run_id"] in (a.data or "") and a.type == "markdown"]
    assert ours and "## Top events of this run" in ours[0].data
    assert summary["top_events"] and all(e["event_type"] for e in summary["top_events"])


def test_seed_article_people_organisations_and_places(loaded):
    db, _ = loaded
    found = read_table(
        db,
        "SELECT DISTINCT m.surface, e.name, e.kind, e.country_iso3, e.lat FROM mentions m "
        "JOIN articles a USING (article_id) LEFT JOIN entities e USING (entity_id) "
        f"WHERE a.url LIKE '%{SEED_ID}.html'",
    )
    by_surface = {r["surface"]: r for r in found.to_dicts()}
    for person in ("Mikhail Bogdanov", "Muhannad Fallouh"):
        assert by_surface[person]["kind"] == "person"
    for org in ("SANA", "Syrian Observatory for Human Rights", "Damascus Hospital"):
        assert by_surface[org]["kind"] == "organization" and by_surface[org]["name"] == org
    for place in ("Damascus", "Homs", "Douma", "Hajar al-Aswad", "Eastern Ghouta"):
        assert by_surface[place]["country_iso3"] == "SYR" and by_surface[place]["lat"] is not None, place
    countries = set(found.filter(found["kind"] == "country")["country_iso3"])
    assert {"SYR", "USA", "GBR", "FRA", "RUS"} <= countries


def test_one_person_is_one_entity_across_articles(loaded):
    db, _ = loaded
    rows = read_table(
        db, "SELECT DISTINCT article_id, entity_id FROM mentions WHERE surface IN ('Mikhail Bogdanov', 'Bogdanov')"
    )
    assert rows["article_id"].n_unique() >= 2 and rows["entity_id"].n_unique() == 1
