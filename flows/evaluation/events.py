"""`eventwire eval events PATH`: event coding scored on PLOVER gold sentences, CASE 2021
ACLED-style snippets or Gun Violence Archive incidents with their news articles.

The file's shape says which: a JSON array of PLOVER records, a TSV with `EventSnippet` and
`SubType`, or JSON lines (gzipped or not) of GVA incidents with `articles`. Every text runs
through the same `analyse` the pipeline uses; the harness only reads its events.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl

from flows.reference import Reference
from transforms.analysis import analyse
from transforms.casualties import CasualtyReader
from transforms.clusters import cluster_events

# Our types that PLOVER counts as one category.
PLOVER_OF = {"REQUEST": "DEMAND", "ACCUSE": "DISAPPROVE"}
# CASE 2021 sub-event types -> ACLED event types; the task's "unseen" types are no ACLED event.
ACLED_OF_SUBTYPE = {
    **dict.fromkeys(["ARMED_CLASH", "GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER"], "Battles"),
    **dict.fromkeys(
        ["AIR_STRIKE", "SUIC_BOMB", "GRENADE", "REM_EXPLOS", "ART_MISS_ATTACK", "CHEM_WEAP"],
        "Explosions/Remote violence",
    ),
    **dict.fromkeys(["ATTACK", "ABDUCT_DISSAP", "SEX_VIOL"], "Violence against civilians"),
    **dict.fromkeys(["PEACE_PROTEST", "PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST"], "Protests"),
    **dict.fromkeys(["VIOL_DEMONSTR", "MOB_VIOL"], "Riots"),
    **dict.fromkeys(
        [
            "ARREST",
            "AGREEMENT",
            "CHANGE_TO_GROUP_ACT",
            "HQ_ESTABLISHED",
            "NON_VIOL_TERRIT_TRANSFER",
            "PROPERTY_DISTRUCT",
            "DISR_WEAP",
            "OTHER",
        ],
        "Strategic developments",
    ),
}
NONE = "NONE"
# An actor's code as PLOVER writes it: its country, or `IGO` for an international organisation.
_code = pl.coalesce(pl.col("country_iso3"), pl.when(pl.col("sector") == "IGO").then(pl.lit("IGO")))
_ARTICLE_SCHEMA = {"article_id": pl.String, "text": pl.String, "language": pl.String, "published_at": pl.Datetime("us")}


def detect_kind(path: Path) -> str:
    """`plover`, `case` or `gva`, from the file's first bytes."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        head = fh.read(4096)
    stripped = head.lstrip()
    if stripped.startswith("["):
        return "plover"
    if "EventSnippet" in head.split("\n", 1)[0]:
        return "case"
    if stripped.startswith("{") and '"articles"' in head:
        return "gva"
    raise ValueError(f"{path}: not a PLOVER JSON array, a CASE 2021 TSV or GVA incidents (JSON lines)")


def _analyse_texts(
    texts: list[str], published: list[date | None], reference: Reference, batch: int = 200
) -> list[pl.DataFrame]:
    """The events of each text (one frame per text, in order), `analyse` run in batches."""
    out: list[pl.DataFrame] = []
    for first in range(0, len(texts), batch):
        chunk = texts[first : first + batch]
        frame = pl.DataFrame(
            {
                "article_id": [str(first + i) for i in range(len(chunk))],
                "text": chunk,
                "language": ["en"] * len(chunk),
                "published_at": [
                    datetime(d.year, d.month, d.day) if d else None for d in published[first : first + batch]
                ],
            },
            schema=_ARTICLE_SCHEMA,
        )
        result = analyse(frame, reference.lexicon, reference.rules, reference.nlp, reference.parser)
        events = result.events.join(
            result.event_actors.group_by("event_id").agg(
                _code.filter(pl.col("role") == "source").drop_nulls().alias("source_countries"),
                _code.filter(pl.col("role") == "target").drop_nulls().alias("target_countries"),
            ),
            on="event_id",
            how="left",
        )
        parts = events.partition_by("article_id", as_dict=True)
        empty = events.clear()
        out += [parts.get((str(first + i),), empty) for i in range(len(chunk))]
    return out


def _main(events: pl.DataFrame) -> dict[str, Any] | None:
    """The event a one-sentence text is about: the most confident, then the first."""
    if events.height == 0:
        return None
    return events.sort(["confidence", "trigger_start"], descending=[True, False]).row(0, named=True)


def _macro_f1(pairs: Iterable[tuple[str, str]]) -> float:
    """Macro-averaged F1 over the gold labels (NONE, no prediction, is not a class of its own)."""
    pairs = list(pairs)
    labels = {g for g, _ in pairs} - {NONE}
    f1s = []
    for label in labels:
        tp = sum(g == label and p == label for g, p in pairs)
        fp = sum(g != label and p == label for g, p in pairs)
        fn = sum(g == label and p != label for g, p in pairs)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return round(sum(f1s) / len(f1s), 4) if f1s else 0.0


def evaluate_plover(path: Path, reference: Reference, min_confidence: float = 0.8) -> dict[str, Any]:
    """Event-type accuracy and macro-F1 of the main event of each gold sentence; the false-
    positive rate as UniversalPetrarch's evaluation counts it (sentences whose coded event has
    the wrong type: right + false positive + no event = 100 %), also for main events of at
    least `min_confidence` only; the share of all events coded whose type is not the
    sentence's; and source and target country match."""
    records = [r for r in json.loads(path.read_text(encoding="utf-8")) if r.get("event") not in (None, "DOCUMENT")]
    per_text = _analyse_texts([r["text"] for r in records], [date(2000, 1, 1)] * len(records), reference)
    pairs, confident, wrong_events, all_events = [], [], 0, 0
    actor_hits = Counter()
    for record, events in zip(records, per_text, strict=True):
        gold = record["event"]
        types = [PLOVER_OF.get(t, t) for t in events["event_type"].to_list()]
        all_events += len(types)
        wrong_events += sum(t != gold for t in types)
        main = _main(events)
        predicted = PLOVER_OF.get(main["event_type"], main["event_type"]) if main else NONE
        pairs.append((gold, predicted))
        confident.append((gold, predicted if main and main["confidence"] >= min_confidence else NONE))
        for role in ("source", "target"):
            codes = {c for a in _actors(record.get(role)) if len(c := a.get("code") or "") == 3}
            if codes:
                actor_hits[f"{role}_total"] += 1
                found = set(main[f"{role}_countries"] or []) if main else set()
                actor_hits[f"{role}_hits"] += bool(codes & found)
    n = len(pairs)
    return {
        "dataset": "plover",
        "sentences": n,
        **_label_scores(pairs, "type"),
        "false_positive_rate": _share(sum(p not in (g, NONE) for g, p in pairs), n),
        "min_confidence": min_confidence,
        "confident_type_accuracy": _share(sum(g == p for g, p in confident), n),
        "confident_false_positive_rate": _share(sum(p not in (g, NONE) for g, p in confident), n),
        "events": all_events,
        "other_type_events": _share(wrong_events, all_events),
        "source_country_match": _share(actor_hits["source_hits"], actor_hits["source_total"]),
        "target_country_match": _share(actor_hits["target_hits"], actor_hits["target_total"]),
    }


def _label_scores(pairs: list[tuple[str, str]], name: str) -> dict[str, float | None]:
    """Accuracy and macro-F1 of (gold, predicted) labels, and the share with no prediction."""
    n = len(pairs)
    return {
        f"{name}_accuracy": _share(sum(g == p for g, p in pairs), n),
        f"{name}_macro_f1": _macro_f1(pairs),
        "no_event": _share(sum(p == NONE for _, p in pairs), n),
    }


def _actors(value: Any) -> list[dict]:
    """A record's source or target: a list of actor objects, one object, or (rarely) bare text."""
    if isinstance(value, dict):
        return [value]
    return [a for a in value or [] if isinstance(a, dict)] if isinstance(value, list) else []


def evaluate_case(path: Path, reference: Reference) -> dict[str, Any]:
    """Accuracy and macro-F1 of the ACLED event type of each snippet's main event."""
    rows = pl.read_csv(path, separator="\t", quote_char=None, infer_schema_length=0)
    per_text = _analyse_texts(rows["EventSnippet"].to_list(), [None] * rows.height, reference)
    pairs = []
    for subtype, events in zip(rows["SubType"].to_list(), per_text, strict=True):
        gold = ACLED_OF_SUBTYPE.get(subtype, NONE)
        typed = events.filter(pl.col("acled_type").is_not_null())
        main = _main(typed)
        pairs.append((gold, main["acled_type"] if main else NONE))
    return {"dataset": "case2021", "snippets": len(pairs), **_label_scores(pairs, "acled_type")}


def _read_jsonl(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _cluster_across(per_text: list[pl.DataFrame]) -> list[pl.DataFrame]:
    """Each text's events with clusters computed over all texts, as the warehouse does across
    batches (`analyse` clusters within its batch only)."""
    every = pl.concat(per_text).with_columns(pl.col("source_countries").fill_null([]))
    clusters = cluster_events(every)
    return [e.drop("cluster_id").join(clusters, on="event_id", how="left") for e in per_text]


def _current(events: pl.DataFrame, published: date | None, days: int = 365) -> pl.DataFrame:
    """The events an article reports as news: background it recalls with a date more than
    `days` before publication (`in 2007, a student killed 32 people`) is not the incident."""
    if published is None or events.height == 0:
        return events
    cutoff = published - timedelta(days=days)
    return events.filter(pl.col("event_date").is_null() | (pl.col("event_date") >= cutoff))


_CUES = {
    "killed": re.compile(r"kill|dead|died|death|slain|fatal|murder", re.I),
    "injured": re.compile(r"injur|wound|hurt|hospital|shot|condition", re.I),
}


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


def evaluate_gva(path: Path, reference: Reference, limit: int | None = None) -> dict[str, Any]:
    """Killed and injured (the largest counts of any event of an article) against the incident's
    totals, exact match per article and per incident (the best of its articles), beside the share
    of articles that state the totals at all (`_stated`, the ceiling for any reader); the event date
    of the article's deadliest event against the incident's; and how many incidents reported by
    several articles share one cluster."""
    incidents = _read_jsonl(path)[:limit]
    texts, published, owner = [], [], []
    for n, inc in enumerate(incidents):
        for art in inc.get("articles") or []:
            if (art.get("text") or "").strip():
                texts.append(art["text"])
                published.append(date.fromisoformat(art["dct"][:10]) if art.get("dct") else None)
                owner.append(n)
    per_text = _cluster_across(_analyse_texts(texts, published, reference))
    hits: Counter[str] = Counter()
    by_incident: dict[int, list[dict]] = {}
    reader = reference.rules.casualties
    for n, text, pub, events in zip(owner, texts, published, per_text, strict=True):
        inc = incidents[n]
        events = _current(events, pub)
        hits["killed_stated"] += _stated(text, "killed", inc["num_killed"], reader)
        hits["injured_stated"] += _stated(text, "injured", inc["num_injured"], reader)
        killed = int(events["killed"].max() or 0) if events.height else 0
        injured = int(events["injured"].max() or 0) if events.height else 0
        deadliest = (
            events.sort(["killed", "injured"], descending=True, nulls_last=True).row(0, named=True)
            if (events.height)
            else None
        )
        gold_date = datetime.strptime(inc["date"], "%B %d, %Y").date()
        row = {
            "killed": killed == inc["num_killed"],
            "injured": injured == inc["num_injured"],
            "date": bool(deadliest) and deadliest["event_date"] == gold_date,
            "clusters": set(events["cluster_id"].drop_nulls().to_list()) if events.height else set(),
        }
        by_incident.setdefault(n, []).append(row)
        for key in ("killed", "injured", "date"):
            hits[key] += row[key]
    articles = len(texts)
    multi = [rows for rows in by_incident.values() if len(rows) > 1]
    merged = sum(bool(set.intersection(*(r["clusters"] for r in rows))) for rows in multi)
    return {
        "dataset": "gva",
        "incidents": len(by_incident),
        "articles": articles,
        "killed_exact": _share(hits["killed"], articles),
        "injured_exact": _share(hits["injured"], articles),
        "killed_exact_best_article": _share(
            sum(any(r["killed"] for r in rows) for rows in by_incident.values()), len(by_incident)
        ),
        "injured_exact_best_article": _share(
            sum(any(r["injured"] for r in rows) for rows in by_incident.values()), len(by_incident)
        ),
        "killed_stated_in_text": _share(hits["killed_stated"], articles),
        "injured_stated_in_text": _share(hits["injured_stated"], articles),
        "event_date_exact": _share(hits["date"], articles),
        "incidents_with_several_articles": len(multi),
        "of_which_in_one_cluster": merged,
    }


def _share(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def evaluate_events(path: Path, reference: Reference, limit: int | None = None) -> dict[str, Any]:
    """Score the dataset at `path`, whichever of the three it is."""
    kind = detect_kind(path)
    if kind == "plover":
        return evaluate_plover(path, reference)
    if kind == "case":
        return evaluate_case(path, reference)
    return evaluate_gva(path, reference, limit)
