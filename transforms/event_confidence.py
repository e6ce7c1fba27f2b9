"""How likely an event row is right: the `confidence` the views' floor is applied to.

Each event carries the evidence its row can be checked against, as named features (kept in
`events.confidence_basis`, so an analyst sees why a row scored what it did): a source, a
target, a place or a date in the trigger's own clause, a casualty count, whether the sentence
asserts the act (its main event, a finite verb in the past) or only names it (a noun, an act
told before, a headline), where it stands (the lede of a news text tells its event), and the
kind of act. The confidence is a logistic model over those
features whose weights are data, `seeds/confidence_model.csv`, fitted on the tuning parts of
the dev sets by `python -m flows.evaluation.calibrate` (which also reports, on the checking
parts, how often events of each confidence band are right), and put on a scale whose 0.8 mark
is where the tuning events were right 93 % of the time (`rescale`). Denied and hypothetical events
keep 0.6 of their score: they are rows, never counted.
"""

from __future__ import annotations

import math

from transforms.event_drafts import Draft, SentenceContext
from transforms.syntax import Parse

FEATURES = (
    "bias",
    "source",
    "target",
    "speaker_unnamed",
    "clause_place",
    "sentence_place",
    "article_place",
    "own_date",
    "sentence_date",
    "count",
    "main",
    "lede",
    "verb",
    "past",
    "present",
    "told_before",
    "headline",
    "quoted",
    "phrase",
    "specific",
    "quad1",
    "quad2",
    "quad3",
)
# The model row that says which score the confidence scale puts at 0.8 (see `rescale`).
HIGH_MARK = "high_mark"
_PAST_AUX = frozenset({"has", "have", "had", "was", "were", "been", "'s"})


def _tense(parse: Parse | None, t: int | None) -> tuple[bool, bool]:
    """(past, present) of the trigger's verb group: `attacked`, `has attacked`, `was attacked`
    are past; `attacks`, `will attack`, `is attacking` present or future."""
    if parse is None or t is None or not parse.is_verb(t):
        return False, False
    aux = [parse.words[a] for a in parse.kids(t, "aux", "auxpass")]
    if parse.tags[t] == "VBD" or (parse.tags[t] == "VBN" and any(a in _PAST_AUX for a in aux)):
        return True, False
    return False, parse.tags[t] in ("VBZ", "VBP", "VB") or any(a in ("will", "is", "are", "am") for a in aux)


def features(d: Draft, ctx: SentenceContext, place: dict | None, place_in_sentence: bool, is_main: bool) -> list[str]:
    """The names of the features an event has (see module)."""
    past, present = _tense(ctx.parse, d.t)
    sentence = ctx.sentence.strip()
    on = {
        "bias": True,
        "source": bool(d.source),
        "target": bool(d.target),
        "speaker_unnamed": not d.source and d.trig.quad_class in (1, 3),
        "clause_place": d.place_in_clause,
        "sentence_place": place_in_sentence and not d.place_in_clause,
        "article_place": place is not None and not place_in_sentence,
        "own_date": d.when.text is not None,
        "sentence_date": d.when.text is None and bool(ctx.dates),
        "count": any(c is not None for c in ctx.counts) and d.trig.quad_class == 4,
        "main": is_main,
        "lede": ctx.sent_idx <= 1,
        "verb": ctx.parse is not None and d.t is not None and ctx.parse.is_verb(d.t),
        "past": past,
        "present": present,
        "told_before": d.told_before,
        "headline": not sentence.endswith((".", "!", "?", '"', "”", "'", "’")),
        "quoted": sentence[:1] in ('"', "“", "'", "‘"),
        "phrase": " " in d.trig.form,
        "specific": d.trig.priority >= 7,
        "quad1": d.trig.quad_class == 1,
        "quad2": d.trig.quad_class == 2,
        "quad3": d.trig.quad_class == 3,
    }
    return [name for name in FEATURES if on[name]]


def _fallback(active: set[str]) -> float:
    """The hand-set score used when no fitted model is present (the first coder's rule)."""
    score = 0.5 + 0.2 * ("source" in active) + 0.15 * ("target" in active)
    score += 0.1 if active & {"clause_place", "sentence_place"} else 0.05 * ("article_place" in active)
    score += 0.05 * ("own_date" in active) + 0.05 * ("specific" in active)
    return min(score, 1.0) * (1.0 if "main" in active else 0.8)


def rescale(score: float, high: float) -> float:
    """The model's score on the confidence scale: 0.5 stays 0.5, `high` (the score above which
    the tuning events were right 93 % of the time) becomes 0.8, linear between and beyond."""
    if high <= 0.5 or high >= 1.0:
        return score
    if score <= 0.5:
        return score
    if score <= high:
        return 0.5 + 0.3 * (score - 0.5) / (high - 0.5)
    return 0.8 + 0.2 * (score - high) / (1.0 - high)


def confidence(
    active: list[str],
    weights: dict[str, float] | None,
    negated: bool = False,
    hypothetical: bool = False,
    ceiling: float = 1.0,
) -> float:
    """The event's confidence from its features: the fitted model where `weights` exist, at
    most `ceiling` (an act beside the one its sentence asserts stays below that one)."""
    if weights:
        z = sum(weights.get(name, 0.0) for name in FEATURES if name in active)
        score = rescale(1.0 / (1.0 + math.exp(-z)), weights.get(HIGH_MARK, 0.8))
    else:
        score = _fallback(set(active))
    return round(min(score, ceiling, 1.0) * (0.6 if negated or hypothetical else 1.0), 3)
