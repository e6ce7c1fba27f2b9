"""Reports of one incident that arrive on later nights join it in the warehouse as they would
had they been loaded together: the writer reclusters far enough back for a late report (a week),
a high toll (months), a person named again and three rare names told again (weeks). Real pipeline runs into real DuckDB
files; texts of our own, each dated by its path as a news site's URL would date it."""

from __future__ import annotations

from pathlib import Path

import duckdb

from flows.pipeline import run_pipeline

STORIES = {
    "2024/03/03/dayton": "Gunman kills five at Dayton nightclub\nFive people were killed and two others were "
    "wounded when a gunman opened fire inside a nightclub in Dayton, Ohio, early on Sunday, police said.",
    "2024/03/05/toledo": "Man wounded in Toledo shooting\nA man was shot and wounded outside a store in Toledo, "
    "Ohio, on Monday night, police said.",
    # a follow-up six days later that tells no day of its own
    "2024/03/11/toledo-arrest": "Arrest in Toledo shooting\nPolice arrested a man in the shooting that wounded a "
    "man outside a store in Toledo, Ohio, police said.",
    "2024/03/06/akron": "Woman killed in Akron shooting\nDana Whitfield, 34, was shot and killed outside her home in "
    "Akron, Ohio, on Tuesday night, police said.",
    # a charge four weeks later names the victim, and neither the day nor the town
    "2024/04/02/akron-charge": "Man charged in Akron killing\nProsecutors charged a man with murder in the shooting "
    "death of Dana Whitfield, police said.",
    # the same toll at the same town five weeks later
    "2024/04/10/dayton-vigil": "Dayton remembers nightclub victims\nFive people were killed when a gunman opened "
    "fire inside a nightclub in Dayton, Ohio, police said.",
    "2024/03/08/canton": "Teen wounded outside Canton store\nA teenager was shot and wounded outside a Walgreens "
    "in Canton, Ohio, on Thursday night, police said. Relatives named him as Munnings, a student at Okafor Academy.",
    # an arrest four weeks later tells no day and no full name, but the same rare names
    "2024/04/04/canton-arrest": "Arrest in store shooting\nPolice in Canton, Ohio, arrested a man in the shooting "
    "that wounded a teenager outside a Walgreens. The teenager, Munnings, a student at Okafor Academy, is recovering.",
    "2024/03/04/salisbury": "Man wounded in Salisbury\nA man was shot and wounded outside a bar in Salisbury, "
    "North Carolina, on Sunday night, police said.",
    # the next day, a report that names the town alone: its geocoding reads a namesake abroad
    "2024/03/05/salisbury-bar": "Bar shooting\nA man was shot and wounded outside a bar in Salisbury on Sunday "
    "night, police said.",
}


def _clusters(db: Path) -> dict[str, str]:
    """The town and day of each violent act -> its cluster."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            """SELECT split_part(a.url, '/', -2) AS story, e.cluster_id
               FROM events e JOIN articles a USING (article_id)
               WHERE e.event_type = 'ASSAULT'"""
        ).fetchall()
    finally:
        con.close()
    return dict(rows)


def test_reports_loaded_on_later_nights_cluster_as_if_loaded_together(tmp_path: Path, prefect_api_url):
    src = tmp_path / "news"
    for path, text in STORIES.items():
        (src / path).mkdir(parents=True)
        (src / path / "story.txt").write_text(text, encoding="utf-8")
    together, nightly = tmp_path / "together.duckdb", tmp_path / "nightly.duckdb"
    run_pipeline(inputs=[str(src)], db=str(together), show_progress=False)
    for path in sorted(STORIES):  # one night each, in the order they were published
        run_pipeline(inputs=[str(src / path)], db=str(nightly), show_progress=False)

    one_run, nights = _clusters(together), _clusters(nightly)
    assert len(one_run) == 10, one_run
    assert nights == one_run, (nights, one_run)
    assert nights["dayton"] == nights["dayton-vigil"] != nights["toledo"] == nights["toledo-arrest"], nights
    assert nights["salisbury"] == nights["salisbury-bar"] != nights["toledo"], nights
    assert nights["akron"] == nights["akron-charge"] not in (nights["dayton"], nights["toledo"]), nights
    assert nights["canton"] == nights["canton-arrest"] not in (nights["akron"], nights["toledo"]), nights
