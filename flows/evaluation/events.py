"""`eventwire eval events PATH`: event coding scored on PLOVER gold sentences, CASE 2021
ACLED-style snippets or Gun Violence Archive incidents with their news articles.

The file's shape says which: a JSON array of PLOVER records, a TSV with `EventSnippet` and
`SubType`, or JSON lines (gzipped or not) of GVA incidents with `articles`. Every text runs
through the same `analyse` the pipeline uses; the harness only reads its events.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from flows.evaluation.common import analyse_texts as _analyse_texts
from flows.evaluation.common import share as _share
from flows.evaluation.split import PARTS, split
from flows.reference import Reference
from transforms.actor_codes import role_sector

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
# Our ACLED sub-event names (`acled_sub_types.csv`) -> CASE 2021 labels; CASE's "unseen" types
# (ORG_CRIME, NATURAL_DISASTER, ...) have no ACLED name and stay NONE on both sides.
CASE_OF_SUB_TYPE = {
    "Armed clash": "ARMED_CLASH",
    "Government regains territory": "GOV_REGAINS_TERIT",
    "Non-state actor overtakes territory": "NON_STATE_ACTOR_OVERTAKES_TER",
    "Air/drone strike": "AIR_STRIKE",
    "Suicide bomb": "SUIC_BOMB",
    "Grenade": "GRENADE",
    "Remote explosive/landmine/IED": "REM_EXPLOS",
    "Shelling/artillery/missile attack": "ART_MISS_ATTACK",
    "Chemical weapon": "CHEM_WEAP",
    "Attack": "ATTACK",
    "Abduction/forced disappearance": "ABDUCT_DISSAP",
    "Sexual violence": "SEX_VIOL",
    "Peaceful protest": "PEACE_PROTEST",
    "Protest with intervention": "PROTEST_WITH_INTER",
    "Excessive force against protesters": "FORCE_AGAINST_PROTEST",
    "Violent demonstration": "VIOL_DEMONSTR",
    "Mob violence": "MOB_VIOL",
    "Arrests": "ARREST",
    "Agreement": "AGREEMENT",
    "Change to group/activity": "CHANGE_TO_GROUP_ACT",
    "Headquarters or base established": "HQ_ESTABLISHED",
    "Non-violent transfer of territory": "NON_VIOL_TERRIT_TRANSFER",
    "Looting/property destruction": "PROPERTY_DISTRUCT",
    "Disrupted weapons use": "DISR_WEAP",
    "Other": "OTHER",
}
NONE = "NONE"


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
    if stripped.startswith("{"):
        with opener(path, "rt", encoding="utf-8") as fh:
            if '"event_mentions"' in fh.readline():  # WikiEvents: the key comes last on a long line
                return "wikievents"
    if stripped.startswith("{") and '"articles"' in head:
        return "gva"
    raise ValueError(f"{path}: not a PLOVER JSON array, a CASE 2021 TSV or GVA incidents (JSON lines)")


def _main(events: pl.DataFrame) -> dict[str, Any] | None:
    """The event a one-sentence text is about: the most confident, then the first."""
    if events.height == 0:
        return None
    return events.sort(["confidence", "trigger_start"], descending=[True, False]).row(0, named=True)


def _lede_event(events: pl.DataFrame) -> dict[str, Any] | None:
    """The event a snippet of several sentences is about: the act its first sentence with one
    asserts (`main` in the confidence basis), as a news text states its event first, then the
    most confident."""
    if events.height == 0:
        return None
    asserted = pl.col("confidence_basis").fill_null("").str.contains(r"(?:^|\+)main(?:\+|$)")
    return (
        events.with_columns(asserted.alias("_asserted"))
        .sort(["sent_idx", "_asserted", "confidence", "trigger_start"], descending=[False, True, True, False])
        .row(0, named=True)
    )


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


def evaluate_plover(
    path: Path, reference: Reference, parts: tuple[str, ...] = PARTS, min_confidence: float = 0.8
) -> dict[str, Any]:
    """PLOVER figures of each part asked for (records split by their `id`)."""
    records = [r for r in json.loads(path.read_text(encoding="utf-8")) if r.get("event") not in (None, "DOCUMENT")]
    by_part = split(records, lambda r: r["id"])
    wanted = [r for p in parts for r in by_part[p]]
    per_text = _analyse_texts([r["text"] for r in wanted], [date(2000, 1, 1)] * len(wanted), reference)
    events_of = {r["id"]: e for r, e in zip(wanted, per_text, strict=True)}
    return {
        "dataset": "plover",
        "parts": {
            p: _score_plover(by_part[p], [events_of[r["id"]] for r in by_part[p]], min_confidence)
            for p in parts
            if by_part[p]
        },
    }


def _score_plover(records: list[dict], per_text: list[pl.DataFrame], min_confidence: float) -> dict[str, Any]:
    """Event-type accuracy and macro-F1 of the main event of each gold sentence; the false-
    positive rate as UniversalPetrarch's evaluation counts it (sentences whose coded event has
    the wrong type: right + false positive + no event = 100 %), also for main events of at
    least `min_confidence` only; the share of all events coded whose type is not the
    sentence's; source and target country match; and how often events of each confidence
    band have the sentence's type (the calibration of `confidence`)."""
    pairs, confident, wrong_events, all_events = [], [], 0, 0
    actor_hits: Counter[str] = Counter()
    banded: list[tuple[float, bool]] = []
    for record, events in zip(records, per_text, strict=True):
        gold = record["event"]
        types = [PLOVER_OF.get(t, t) for t in events["event_type"].to_list()]
        all_events += len(types)
        wrong_events += sum(t != gold for t in types)
        banded += [(c, t == gold) for c, t in zip(events["confidence"].to_list(), types, strict=True)]
        main = _main(events)
        predicted = PLOVER_OF.get(main["event_type"], main["event_type"]) if main else NONE
        pairs.append((gold, predicted))
        confident.append((gold, predicted if main and main["confidence"] >= min_confidence else NONE))
        for role in ("source", "target"):
            codes = gold_countries(record.get(role))
            if codes:
                actor_hits[f"{role}_total"] += 1
                found = set(main[f"{role}_countries"] or []) if main else set()
                actor_hits[f"{role}_hits"] += bool(codes & found)
            sectors = {gold_sector(a.get("sector")) for a in _actors(record.get(role))} - {None}
            if sectors:
                actor_hits[f"{role}_sector_total"] += 1
                ours = set(main[f"{role}_sectors"] or []) if main else set()
                actor_hits[f"{role}_sector_hits"] += bool(sectors & ours)
    n = len(pairs)
    return {
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
        "source_sector_match": _share(actor_hits["source_sector_hits"], actor_hits["source_sector_total"]),
        "target_sector_match": _share(actor_hits["target_sector_hits"], actor_hits["target_sector_total"]),
        "calibration": calibration(banded),
    }


# Confidence bands of the calibration table: [low, high).
BANDS = ((0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01))


def calibration(scored: list[tuple[float, bool]]) -> dict[str, list]:
    """Per confidence band, [events, share right]; and `>=0.8` for the band the issue names."""
    out: dict[str, list] = {}
    for low, high in BANDS:
        rights = [ok for c, ok in scored if low <= c < high]
        out[f"{low:.1f}-{min(high, 1.0):.1f}"] = [len(rights), _share(sum(rights), len(rights))]
    top = [ok for c, ok in scored if c >= 0.8]
    out[">=0.8"] = [len(top), _share(sum(top), len(top))]
    return out


def _label_scores(pairs: list[tuple[str, str]], name: str) -> dict[str, float | None]:
    """Accuracy and macro-F1 of (gold, predicted) labels, and the share with no prediction."""
    n = len(pairs)
    return {
        f"{name}_accuracy": _share(sum(g == p for g, p in pairs), n),
        f"{name}_macro_f1": _macro_f1(pairs),
        "no_event": _share(sum(p == NONE for _, p in pairs), n),
    }


# PLOVER's gold writes civilians CIV where CAMEO writes CVL.
_GOLD_SPELLING = {"CIV": "CVL"}
# ... and three countries by codes that are neither ISO nor CAMEO (CAMEO writes JPN, VNM, ITA):
# read as the countries they name, on both parts alike.
_GOLD_COUNTRY = {"JAP": "JPN", "VTN": "VNM", "ITL": "ITA"}


def gold_sector(value: str | None) -> str | None:
    """A gold actor's sector as ours are named, read as the actor dictionary reads a code
    (`actor_codes.role_sector`: `CVLkur` is CVL with an ethnic code, `RELCHR` REL, LEG
    government); None for none or the coders' `***`."""
    code = (value or "").upper()
    return role_sector(_GOLD_SPELLING.get(code[:3], code[:3]) + code[3:])


def gold_countries(value: Any) -> set[str]:
    """The country codes (or IGO, IMG, NGO) of a record's source or target, read as ours are
    written (`_GOLD_COUNTRY`); a longer code or none is no country."""
    return {_GOLD_COUNTRY.get(c, c) for a in _actors(value) if len(c := a.get("code") or "") == 3}


def _actors(value: Any) -> list[dict]:
    """A record's source or target: a list of actor objects, one object, or (rarely) bare text."""
    if isinstance(value, dict):
        return [value]
    return [a for a in value or [] if isinstance(a, dict)] if isinstance(value, list) else []


def evaluate_case(path: Path, reference: Reference, parts: tuple[str, ...] = PARTS) -> dict[str, Any]:
    """Accuracy and macro-F1 of the ACLED event type and of the ACLED sub-event type (as CASE's
    label, `CASE_OF_SUB_TYPE`) of each snippet's event (`_lede_event`), per part (snippets split
    by their `id`). A snippet of an "unseen" CASE type counts as right when no event is typed."""
    rows = pl.read_csv(path, separator="\t", quote_char=None, infer_schema_length=0).to_dicts()
    by_part = split(rows, lambda r: r["id"])
    out = {}
    for p in parts:
        if not by_part[p]:
            continue
        per_text = _analyse_texts([r["EventSnippet"] for r in by_part[p]], [None] * len(by_part[p]), reference)
        pairs, sub_pairs = [], []
        for row, events in zip(by_part[p], per_text, strict=True):
            gold = ACLED_OF_SUBTYPE.get(row["SubType"], NONE)
            main = _lede_event(events.filter(pl.col("acled_type").is_not_null()))
            pairs.append((gold, main["acled_type"] if main else NONE))
            sub_gold = row["SubType"] if gold != NONE else NONE
            sub_pairs.append((sub_gold, CASE_OF_SUB_TYPE.get((main or {}).get("acled_sub_type") or "", NONE)))
        sub_scores = _label_scores(sub_pairs, "acled_sub_type")
        del sub_scores["no_event"]  # the same snippets as the type's
        out[p] = {"snippets": len(pairs), **_label_scores(pairs, "acled_type"), **sub_scores}
    return {"dataset": "case2021", "parts": out}


def evaluate_events(
    path: Path,
    reference: Reference,
    limit: int | None = None,
    parts: tuple[str, ...] = PARTS,
    min_confidence: float | None = None,
    nightly: bool = False,
) -> dict[str, Any]:
    """Score the dataset at `path`, whichever it is, on the parts asked for (see `split`).
    `min_confidence` is the views' floor for the harnesses that score what the views count
    (GVA, WikiEvents); None takes the setting. `nightly`: GVA clusters night by night."""
    kind = detect_kind(path)
    if kind == "plover":
        return evaluate_plover(path, reference, parts)
    if kind == "case":
        return evaluate_case(path, reference, parts)
    if kind == "wikievents":
        from flows.evaluation.wikievents import evaluate_wikievents

        return evaluate_wikievents(path, reference, parts=parts, min_confidence=min_confidence)
    from flows.evaluation.gva import evaluate_gva

    return evaluate_gva(path, reference, limit, parts, min_confidence, nightly=nightly)
