"""GVA shooting reports scored as a dashboard shows them, and per article and incident.

Every article of the incidents in a part (see `split`) runs through `analyse`; the events are
clustered across all of the part's articles at once, or (`nightly`) one publication day at a
time through the writer's own SQL, as a nightly warehouse does, and written
into an in-memory warehouse whose real views are then queried (`dashboard`). Beside the
per-article figures of earlier sessions, this scores what a BI user sums: killed and injured
over real-world events against the gold totals over incidents, how many real-world events
carry casualties per incident, whether the reports of one incident share a cluster and
different incidents stay apart, and whether events are placed in the incident's country.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl

from flows.evaluation.common import analyse_texts, evidence_sources, read_jsonl, share
from flows.evaluation.dashboard import Dashboard, nightly_clusters
from flows.evaluation.split import PARTS, split
from flows.reference import Reference
from transforms.casualties import CasualtyReader
from transforms.clusters import cluster_events
from transforms.event_triggers import VIOLENT_TYPES as VIOLENT

_CUES = {
    "killed": re.compile(r"kill|dead|died|death|slain|fatal|murder", re.I),
    "injured": re.compile(r"injur|wound|hurt|hospital|shot|condition", re.I),
}
COUNTRY = "USA"  # every GVA incident happened in the United States


def _stated(text: str, kind: str, gold: int, reader: CasualtyReader) -> bool:
    """Whether the article states the gold count at all: 0, or the number (digits or words,
    `a`/`an` for one) in a sentence with a word of that kind. An upper bound for any reader of
    the text, since GVA's totals often come from sources the article does not quote."""
    if gold == 0:
        return True
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if not _CUES[kind].search(sentence):
            continue
        numbers = re.finditer(rf"\b(?:{reader.numbers.pattern}|an?)\b", sentence, re.I)
        if any(
            (reader.numbers.value(m.group(0)) or (1 if m.group(0).lower() in ("a", "an") else None)) == gold
            for m in numbers
        ):
            return True
    return False


def _town_names(incident: dict) -> list[str]:
    """The incident's town as GVA files it, lower-cased: `Pittsburgh (Wilkinsburg)` gives the city
    and the neighbourhood, `Horry County` the county's name; none where the file gives none."""
    where = (incident.get("city_or_county") or "").lower()
    names = [n.strip().removesuffix(" county").strip() for n in re.split(r"[()]", where)]
    return [n for n in names if n]


def _articles(incidents: list[dict]) -> tuple[list[str], list[date | None], list[int]]:
    """Texts, publication dates and owning incident (index) of every non-empty article."""
    texts, published, owner = [], [], []
    for n, inc in enumerate(incidents):
        for art in inc.get("articles") or []:
            if (art.get("text") or "").strip():
                texts.append(art["text"])
                published.append(date.fromisoformat(art["dct"][:10]) if art.get("dct") else None)
                owner.append(n)
    return texts, published, owner


def _score_part(
    incidents: list[dict], reference: Reference, min_confidence: float | None, batch: int, nightly: bool = False
) -> dict[str, Any]:
    texts, published, owner = _articles(incidents)
    per_text, actors = analyse_texts(texts, published, reference, batch=batch, with_actors=True)
    every = pl.concat(per_text) if per_text else pl.DataFrame()
    ids = [str(i) for i in range(len(texts))]
    days = [datetime(d.year, d.month, d.day) if d else None for d in published]
    if every.height:
        if nightly:  # night by night through the writer's SQL, as a nightly warehouse clusters
            clusters = nightly_clusters(every.drop("target_countries", strict=False), actors, ids, days)
        else:
            evidence = every.drop("source_countries").join(evidence_sources(actors), on="event_id", how="left")
            clusters = cluster_events(evidence.with_columns(pl.col("source_countries").fill_null([])))
        every = every.drop("cluster_id").join(clusters, on="event_id", how="left")
    board = Dashboard(
        every.drop("source_countries", "target_countries", strict=False),
        actors,
        ids,
        days,
        min_confidence=min_confidence,
    )
    try:
        totals = board.report_totals()
        counted = board.query(
            # a mention counted only because its cluster is gives no count (sql/views/05_...)
            "SELECT event_id, article_id, cluster_id, if(by_cluster, NULL, killed) AS killed,"
            " if(by_cluster, NULL, injured) AS injured, event_date, country_iso3, event_type"
            " FROM v_counted_events"
        )
        clusters = board.query("SELECT cluster_id, killed, injured FROM v_event_clusters")
        floor = board.query("SELECT max(value) AS v FROM view_settings WHERE name = 'min_confidence'")["v"][0]
    finally:
        board.close()
    incident_of = {str(i): owner[i] for i in range(len(texts))}
    counted = counted.with_columns(pl.col("article_id").replace_strict(incident_of, return_dtype=pl.Int64).alias("inc"))
    return {
        "incidents": len(incidents),
        "articles": len(texts),
        "min_confidence": floor,
        **_dashboard(incidents, totals, counted, clusters),
        **_per_article(incidents, texts, published, owner, counted, reference.rules.casualties),
    }


def _dashboard(incidents: list[dict], totals: dict, counted: pl.DataFrame, clusters: pl.DataFrame) -> dict[str, Any]:
    """The figures a dashboard shows, against the truth of the part's incidents."""
    gold_killed = sum(i["num_killed"] for i in incidents)
    gold_injured = sum(i["num_injured"] for i in incidents)
    with_casualties = clusters.filter((pl.col("killed").fill_null(0) + pl.col("injured").fill_null(0)) > 0)
    per_cluster = counted.group_by("cluster_id").agg(
        pl.col("inc").n_unique().alias("incidents"), pl.col("article_id").n_unique().alias("articles")
    )
    multi_article = per_cluster.filter(pl.col("articles") >= 2)
    placed = counted.filter(pl.col("country_iso3").is_not_null())
    return {
        "dashboard_events": totals["n_events"],
        "dashboard_real_world_events": totals["n_clusters"],
        "dashboard_killed": totals["killed"],
        "gold_killed": gold_killed,
        "killed_ratio": share(totals["killed"], gold_killed),
        "dashboard_injured": totals["injured"],
        "gold_injured": gold_injured,
        "injured_ratio": share(totals["injured"], gold_injured),
        "events_per_article": share(totals["n_events"], max(totals["n_articles"], 1)),
        "casualty_clusters_per_incident": share(with_casualties.height, len(incidents)),
        "multi_article_clusters_spanning_incidents": share(
            multi_article.filter(pl.col("incidents") >= 2).height, multi_article.height
        ),
        "placed_in_incident_country": share(placed.filter(pl.col("country_iso3") == COUNTRY).height, placed.height),
    }


def _per_article(
    incidents: list[dict],
    texts: list[str],
    published: list[date | None],
    owner: list[int],
    counted: pl.DataFrame,
    reader: CasualtyReader,
) -> dict[str, Any]:
    """Killed, injured and date per article (its counted events' largest counts, its deadliest
    event's date) and per incident (the best of its articles); whether all the articles of a
    multi-article incident share a cluster, whether all those that report it (a counted
    violent act: about 270 of the file's articles are paywall or boilerplate pages) share one,
    and whether those that report it and name its town do (GVA's sources include stories of
    other incidents)."""
    by_article = counted.partition_by("article_id", as_dict=True)
    hits: Counter[str] = Counter()
    rows_of: dict[int, list[dict]] = {}
    for i, (n, text) in enumerate(zip(owner, texts, strict=True)):
        inc = incidents[n]
        lowered = text.lower()
        events = by_article.get((str(i),), counted.clear())
        hits["killed_stated"] += _stated(text, "killed", inc["num_killed"], reader)
        hits["injured_stated"] += _stated(text, "injured", inc["num_injured"], reader)
        deadliest = (
            events.sort(["killed", "injured"], descending=True, nulls_last=True).row(0, named=True)
            if events.height
            else None
        )
        row = {
            "killed": int(events["killed"].max() or 0) == inc["num_killed"],
            "injured": int(events["injured"].max() or 0) == inc["num_injured"],
            "date": bool(deadliest) and deadliest["event_date"] == datetime.strptime(inc["date"], "%B %d, %Y").date(),
            "clusters": set(events["cluster_id"].drop_nulls().to_list()),
            # the clusters of the article's violent acts: what an article that reports the
            # incident must share with the others (a paywall page or an unrelated page reports none)
            "violent": set(events.filter(pl.col("event_type").is_in(VIOLENT))["cluster_id"].drop_nulls().to_list()),
            # whether it names the incident's town at all: GVA files as sources some stories of
            # other incidents (a homicide elsewhere in the state), which no clustering should join
            "names_town": not (towns := _town_names(inc)) or any(t in lowered for t in towns),
        }
        rows_of.setdefault(n, []).append(row)
        for key in ("killed", "injured", "date"):
            hits[key] += row[key]
    articles = len(texts)
    multi = [rows for rows in rows_of.values() if len(rows) > 1]
    merged = sum(bool(set.intersection(*(r["clusters"] for r in rows))) for rows in multi)
    reporting = [[r for r in rows if r["violent"]] for rows in rows_of.values()]
    reporting = [rows for rows in reporting if len(rows) > 1]
    merged_reporting = sum(bool(set.intersection(*(r["violent"] for r in rows))) for rows in reporting)
    naming = [[r for r in rows if r["names_town"]] for rows in reporting]
    naming = [rows for rows in naming if len(rows) > 1]
    merged_naming = sum(bool(set.intersection(*(r["violent"] for r in rows))) for rows in naming)
    return {
        "killed_exact": share(hits["killed"], articles),
        "injured_exact": share(hits["injured"], articles),
        "killed_exact_best_article": share(
            sum(any(r["killed"] for r in rows) for rows in rows_of.values()), len(rows_of)
        ),
        "injured_exact_best_article": share(
            sum(any(r["injured"] for r in rows) for rows in rows_of.values()), len(rows_of)
        ),
        "killed_stated_in_text": share(hits["killed_stated"], articles),
        "injured_stated_in_text": share(hits["injured_stated"], articles),
        "event_date_exact": share(hits["date"], articles),
        "incidents_with_several_articles": len(multi),
        "of_which_in_one_cluster": merged,
        "multi_article_incidents_in_one_cluster": share(merged, len(multi)),
        "incidents_with_several_reporting_articles": len(reporting),
        "multi_article_incidents_in_one_cluster_among_reporting": share(merged_reporting, len(reporting)),
        "incidents_with_several_reporting_articles_naming_the_town": len(naming),
        "multi_article_incidents_in_one_cluster_among_reporting_naming_the_town": share(merged_naming, len(naming)),
    }


def evaluate_gva(
    path: Path,
    reference: Reference,
    limit: int | None = None,
    parts: tuple[str, ...] = PARTS,
    min_confidence: float | None = None,
    batch: int = 200,
    nightly: bool = False,
) -> dict[str, Any]:
    """The GVA figures of each part asked for (see module); `limit` keeps the first N incidents
    of the file before splitting; `nightly` clusters night by night through the writer's SQL
    (`dashboard.nightly_clusters`) rather than all at once."""
    incidents = read_jsonl(path)[:limit]
    by_part = split(incidents, lambda inc: inc["incident_uri"])
    return {
        "dataset": "gva",
        "clustered": "nightly" if nightly else "at once",
        "parts": {p: _score_part(by_part[p], reference, min_confidence, batch, nightly) for p in parts if by_part[p]},
    }
