"""Reruns: same input, same warehouse; an edit replaces rows; a new file adds rows."""

from __future__ import annotations

from flows.pipeline import run_pipeline
from tests.conftest import SEED_ID, read_table, snapshot


def test_rerun_leaves_identical_rows_and_ids(articles_dir, db_path, prefect_api_url):
    first = run_pipeline(inputs=[str(articles_dir)], db=str(db_path))
    before = snapshot(db_path)
    second = run_pipeline(inputs=[str(articles_dir)], db=str(db_path))
    after = snapshot(db_path)
    for table in before:
        assert before[table].equals(after[table]), table
    assert second["new"] == 0 and second["updated"] == 0
    assert second["unchanged"] == first["new"]


def test_edit_then_rerun_replaces_old_rows(articles_dir, db_path, prefect_api_url):
    run_pipeline(inputs=[str(articles_dir)], db=str(db_path))
    counts = {t: read_table(db_path, f"SELECT count(*) AS n FROM {t}")["n"][0] for t in ("articles", "events")}
    seed = articles_dir / f"{SEED_ID}.txt"
    text = seed.read_text(encoding="utf-8")
    # Drop the Qadam paragraph: its event must disappear, nothing else may change.
    edited = "\n".join(line for line in text.split("\n") if "Qadam neighborhood" not in line)
    seed.write_text(edited, encoding="utf-8")
    summary = run_pipeline(inputs=[str(articles_dir)], db=str(db_path))
    assert summary["updated"] == 1 and summary["new"] == 0
    art = read_table(db_path, f"SELECT article_id, text FROM articles WHERE url LIKE '%{SEED_ID}.txt'").to_dicts()
    assert len(art) == 1 and "Qadam neighborhood" not in art[0]["text"]
    ev = read_table(db_path, f"SELECT evidence FROM events WHERE article_id = '{art[0]['article_id']}'")
    assert not any("Qadam neighborhood" in e for e in ev["evidence"])
    assert read_table(db_path, "SELECT count(*) AS n FROM articles")["n"][0] == counts["articles"]
    assert read_table(db_path, "SELECT count(*) AS n FROM events")["n"][0] < counts["events"]
    dupes = read_table(db_path, "SELECT event_id FROM events GROUP BY event_id HAVING count(*) > 1")
    assert dupes.height == 0


def test_new_file_adds_rows(articles_dir, db_path, prefect_api_url):
    run_pipeline(inputs=[str(articles_dir)], db=str(db_path))
    n = read_table(db_path, "SELECT count(*) AS n FROM articles")["n"][0]
    (articles_dir / "900_new.txt").write_text(
        "Rebels attack convoy\nRebels attacked an army convoy near Aleppo on Tuesday, killing three soldiers.\n",
        encoding="utf-8",
    )
    summary = run_pipeline(inputs=[str(articles_dir)], db=str(db_path))
    assert summary["new"] == 1 and summary["updated"] == 0
    assert read_table(db_path, "SELECT count(*) AS n FROM articles")["n"][0] == n + 1
