"""How likely an event row is right: the `confidence` the views' floor is applied to.

The score adds what the row can be checked against (a source, a target, a place in the
sentence, a date the text gives, a specific trigger) and then weighs whether the sentence
asserts it: an event beside the main one (in a subordinate clause, a `following the deal`
phrase) is worth at most 0.8 of its score, so a sentence's main event always ranks first, and
a denied or hypothetical one 0.6.
"""

from __future__ import annotations

from transforms.event_drafts import Draft


def confidence(d: Draft, has_place: bool, place_in_sentence: bool, is_main: bool) -> float:
    """The confidence of a drafted event (see module)."""
    score = 0.5 + 0.2 * bool(d.source) + 0.15 * bool(d.target)
    score += 0.1 if place_in_sentence else 0.05 * has_place
    score += 0.05 * bool(d.when.text) + 0.05 * (d.trig.priority >= 7)
    score = min(score, 1.0) * (1.0 if is_main else 0.8)
    return round(min(score, 1.0) * (0.6 if d.negated or d.hypothetical else 1.0), 3)
