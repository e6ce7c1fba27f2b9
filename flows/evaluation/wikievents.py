"""WikiEvents dev articles scored for precision: every event of the KAIROS ontology is annotated
in every sentence, so an event we emit where no gold trigger lies is almost surely a false
positive, which the PLOVER gold sentences (each holding an event) cannot show.

Each article goes through the pipeline's `analyse` as one text: the title on its own line, then
the other sentences joined by single spaces (one separator character either way, so every gold
sentence and trigger keeps a known character span). An event is matched to gold triggers by
character spans: a trigger counts for an event when it lies within the event's evidence span.
Documents are scored by part (`flows.evaluation.split`), so that rules tuned on one part are
checked on the other.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from flows.evaluation.common import analyse_texts, share
from flows.evaluation.dashboard import counted_marks
from flows.evaluation.split import PARTS, TUNE, part_of
from flows.reference import Reference
from flows.settings import min_confidence_setting
from transforms.events import PLACE_REASONS

ATTACK, DIE, INJURE = "Conflict.Attack.", "Life.Die.", "Life.Injure."
VIOLENT = ("ASSAULT", "FIGHT")  # our types that code an attack
# Gold types whose trigger in an ASSAULT/FIGHT event's evidence makes that event right.
_VIOLENT_GOLD = (ATTACK, DIE, INJURE)


@dataclass(frozen=True)
class Trigger:
    """A gold event mention, as a character span in the article text we analyse."""

    event_type: str
    start: int
    end: int
    sent_idx: int
    places: tuple[str, ...]  # the texts of its Place arguments


@dataclass(frozen=True)
class Article:
    doc_id: str
    text: str
    sentences: list[tuple[int, int]]  # each gold sentence's character span in `text`
    triggers: list[Trigger]


def locate(sentence: str, word: str, expected: int) -> int:
    """Where `word` starts in `sentence`: at `expected` (from token offsets) when it is there,
    else its occurrence nearest to it (case-insensitive), else `expected` itself. The token
    offsets of the file drift between sentences, so only positions within a sentence are used,
    and a trigger is looked up by its text rather than trusted blindly."""
    if sentence[expected : expected + len(word)] == word:
        return expected
    found = [m.start() for m in re.finditer(re.escape(word), sentence, re.I)] if word else []
    return min(found, key=lambda s: abs(s - expected)) if found else expected


def _article(record: dict[str, Any]) -> Article:
    """The text we analyse and the gold spans in it, from one line of the file."""
    pieces, spans, where = [], [], []  # where: (sentence, start within it) of each document token
    pos = 0
    for idx, (tokens, sentence) in enumerate(record["sentences"]):
        if idx:
            pieces.append("\n" if idx == 1 else " ")  # the title is a line of its own
            pos += 1
        spans.append((pos, pos + len(sentence)))
        pieces.append(sentence)
        pos += len(sentence)
        base = tokens[0][1] if tokens else 0
        where += [(idx, tok[1] - base) for tok in tokens]
    triggers = []
    for mention in record.get("event_mentions") or []:
        trig = mention["trigger"]
        word = trig.get("text") or ""
        sent, expected = where[trig["start"]] if trig["start"] < len(where) else (trig["sent_idx"], 0)
        text = record["sentences"][sent][1]
        start = spans[sent][0] + locate(text, word, expected)
        places = tuple(a["text"] for a in mention.get("arguments") or [] if a.get("role") == "Place" and a.get("text"))
        triggers.append(Trigger(mention["event_type"], start, start + len(word), sent, places))
    return Article(str(record["doc_id"]), "".join(pieces), spans, triggers)


def load_articles(path: Path) -> list[Article]:
    """Every article of a WikiEvents JSON-lines file, in its order."""
    with path.open(encoding="utf-8") as fh:
        return [_article(json.loads(line)) for line in fh if line.strip()]


def _analysed(
    path: Path, reference: Reference, parts: tuple[str, ...], min_confidence: float | None
) -> list[tuple[Article, list[dict[str, Any]]]]:
    """The articles of the parts asked for, each with our events (rows as dicts); the other
    parts are not analysed at all."""
    articles = [a for a in load_articles(path) if part_of(a.doc_id) in parts]
    frames, actors = analyse_texts([a.text for a in articles], [None] * len(articles), reference, with_actors=True)
    every = pl.concat(frames) if frames else pl.DataFrame()
    keep = counted_marks(every.drop("source_countries", "target_countries", strict=False), min_confidence)
    # each event's actors, and how many of them are placed in a country (or are an IGO); a
    # source or target that is only the place of the act (`events.PLACE_REASONS`) is no actor resolved
    named = (
        actors.filter(~pl.col("code_reason").fill_null("").str.starts_with(PLACE_REASONS)) if actors.height else actors
    )
    placed = (
        dict(
            (e, (n, c))
            for e, n, c in named.group_by("event_id")
            .agg(pl.len(), (pl.col("country_iso3").is_not_null() | (pl.col("sector") == "IGO")).sum())
            .iter_rows()
        )
        if actors.height
        else {}
    )
    return [
        (a, [{**_as_counted(e, keep), "actors": placed.get(e["event_id"], (0, 0))} for e in f.to_dicts()])
        for a, f in zip(articles, frames, strict=True)
    ]


def _as_counted(event: dict[str, Any], keep: dict[str, bool]) -> dict[str, Any]:
    """The row marked `counted` as the views count it; a mention counted only because its
    cluster is (`by_cluster`) carries no casualty figure there, and none here."""
    row = {**event, "counted": event["event_id"] in keep}
    if keep.get(event["event_id"]):
        row.update(killed=None, injured=None)
    return row


def counted(event: dict[str, Any], min_confidence: float | None = None) -> bool:
    """Whether a dashboard counts the event, as `v_counted_events` said (see `_analysed`); for
    hand-made events without that mark: asserted, real, neither background nor recalled (a
    hand-made event has no cluster to be news in) and confident enough."""
    if "counted" in event:
        return bool(event["counted"])
    floor = min_confidence_setting() if min_confidence is None else min_confidence
    return (
        not event.get("negated")
        and not event.get("hypothetical")
        and not event.get("background")
        and not event.get("recalled")
        and (event.get("confidence") or 0) >= floor
    )


def _covers(event: dict[str, Any], trig: Trigger) -> bool:
    start, end = event.get("evidence_start"), event.get("evidence_end")
    return start is not None and end is not None and start <= trig.start and trig.end <= end


def _place_matches(location: str | None, places: tuple[str, ...]) -> bool:
    """Case-insensitive containment either way (`Kirkuk` and `Kirkuk province` agree)."""
    loc = (location or "").strip().lower()
    return bool(loc) and any(p.lower() in loc or loc in p.lower() for p in places)


def score(analysed: list[tuple[Article, list[dict[str, Any]]]], min_confidence: float | None = None) -> dict[str, Any]:
    """The metrics of one part, from its articles and our events (a pure function, so that it can
    be tested on events written by hand)."""
    n: Counter[str] = Counter()
    by_type: dict[str, list[int]] = {}
    for article, events in analysed:
        n["articles"] += 1
        n["sentences"] += len(article.sentences)
        n["gold_events"] += len(article.triggers)
        n["events"] += len(events)
        kept = [e for e in events if counted(e, min_confidence)]
        n["counted_events"] += len(kept)
        violent = [e for e in kept if e.get("event_type") in VIOLENT]
        for e in events:
            n["right_all_rows"] += any(_covers(e, t) for t in article.triggers)
        for e in kept:
            right = any(_covers(e, t) for t in article.triggers)
            total, placed = e.get("actors", (0, 0))
            n["actors"] += total
            n["actors_placed"] += placed
            n["right"] += right
            tally = by_type.setdefault(e.get("event_type") or "", [0, 0])
            tally[0] += 1
            tally[1] += right
        for e in violent:
            n["violent"] += 1
            n["violent_right"] += any(_covers(e, t) for t in article.triggers if t.event_type.startswith(_VIOLENT_GOLD))
        for t in article.triggers:
            if t.event_type.startswith(ATTACK):
                n["attacks"] += 1
                covering = [e for e in violent if _covers(e, t)]
                n["attacks_found"] += bool(covering)
                # a row at all, counted or flagged (recalled, background, hypothetical, low)
                n["attacks_in_rows"] += any(e.get("event_type") in VIOLENT and _covers(e, t) for e in events)
                if covering and t.places:
                    n["places"] += 1
                    n["places_right"] += any(_place_matches(e.get("location_text"), t.places) for e in covering)
            for prefix, column in ((DIE, "killed"), (INJURE, "injured")):
                if t.event_type.startswith(prefix):
                    n[column] += 1
                    n[f"{column}_found"] += any(_covers(e, t) and (e.get(column) or 0) >= 1 for e in kept)
    precision = share(n["right"], n["counted_events"])
    return {
        **{k: n[k] for k in ("articles", "sentences", "gold_events", "events", "counted_events")},
        "events_per_sentence": share(n["counted_events"], n["sentences"]),
        "precision": precision,
        "precision_all_rows": share(n["right_all_rows"], n["events"]),
        "in_eventless_sentences": None if precision is None else round(1 - precision, 4),
        "attack_recall": share(n["attacks_found"], n["attacks"]),
        "attack_recall_all_rows": share(n["attacks_in_rows"], n["attacks"]),
        "attack_precision": share(n["violent_right"], n["violent"]),
        "die_recall": share(n["killed_found"], n["killed"]),
        "injure_recall": share(n["injured_found"], n["injured"]),
        "place_match": share(n["places_right"], n["places"]),
        # the counted events' actors resolved to a country (or an IGO): what a dyad needs
        "actors_with_country": share(n["actors_placed"], n["actors"]),
        "precision_by_type": {t: [c, share(r, c)] for t, (c, r) in sorted(by_type.items(), key=lambda kv: -kv[1][0])},
    }


def evaluate_wikievents(
    path: Path, reference: Reference, parts: tuple[str, ...] = PARTS, min_confidence: float | None = None
) -> dict[str, Any]:
    """The metrics of each part asked for; events below `min_confidence`, negated or
    hypothetical are left out as a dashboard leaves them out (`events`, `precision_all_rows`
    count every row)."""
    floor = min_confidence_setting() if min_confidence is None else min_confidence
    analysed = _analysed(path, reference, parts, floor)
    return {
        "dataset": "wikievents",
        "min_confidence": floor,
        "parts": {p: score([x for x in analysed if part_of(x[0].doc_id) == p], floor) for p in parts},
    }


def false_positives(
    path: Path, reference: Reference, part: str = TUNE, min_confidence: float | None = None
) -> list[dict[str, Any]]:
    """The counted events of a part whose evidence holds no gold trigger, for error analysis
    (printed, never stored: the texts are not ours to keep)."""
    out = []
    for article, events in _analysed(path, reference, (part,), min_confidence):
        for e in events:
            if counted(e, min_confidence) and not any(_covers(e, t) for t in article.triggers):
                out.append({"doc_id": article.doc_id, **{k: e.get(k) for k in ("event_type", "trigger", "evidence")}})
    return out
