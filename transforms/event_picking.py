"""Which trigger words of a sentence are events, and which of them the sentence asserts."""

from __future__ import annotations

from dataclasses import dataclass

from transforms.event_roles import back_reference, nominal, prominence, trigger_marks
from transforms.event_triggers import EventRules, Hit, Trigger, find_triggers
from transforms.syntax import Parse


@dataclass(frozen=True)
class Picked:
    """The triggers a sentence codes, and what the parse says about them."""

    hits: list[tuple[Hit, Trigger]]
    main: Hit | None  # the act the sentence asserts
    heads: dict[int, int | None]  # hit start -> its head token (empty without a parse)
    marks: list[bool] | None  # per token, whether a trigger covers it (None without a parse)


def _headline_case(sentence: str) -> bool:
    """Most words capitalised (`Rebels Attack Army Post In Kabul`): capitals say nothing there."""
    words = [w for w in sentence.split() if w[:1].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) > 0.6 * len(words)


def _in_a_name(parse: Parse, sentence: str, token: int) -> bool:
    """Whether a capitalised noun trigger inside the sentence is a word of a title or a name
    (`Planning and Investment Minister`, `the Peace Corps`), not an act."""
    head = parse.heads[token]
    word = sentence[parse.starts[token] : parse.ends[token]]
    if not word[:1].isupper() or word.isupper() or _headline_case(sentence):
        return False
    while parse.deps[token] in ("compound", "conj", "nmod") and head != token and parse.is_noun(head):
        if parse.deps[token] != "conj" and parse.pos[head] == "PROPN" and sentence[parse.starts[head]].isupper():
            return True
        token, head = head, parse.heads[head]
    return False


def pick_triggers(rules: EventRules, sentence: str, parse: Parse | None) -> Picked:
    """The strongest verbal and the strongest material trigger of a sentence, a more specific
    material act beside them when it has another type (`airstrike` beside `attack`), and the
    main one (what the sentence asserts). With a parse the strongest is the most prominent
    (see `event_roles.prominence`), then the highest priority; without one, the highest
    priority. Participles used as nouns (`the wounded`) are no trigger."""
    found = find_triggers(rules, sentence)
    heads: dict[int, int | None] = {}
    marks = None
    if parse is not None:
        marks = trigger_marks(parse, [(h.start, h.end) for h, _ in found])
        heads = {hit.start: parse.span_head(hit.start, hit.end) for hit, _ in found}
        found = [
            (h, tr)
            for h, tr in found
            if heads[h.start] is None
            or not (nominal(parse, heads[h.start]) or _in_a_name(parse, sentence, heads[h.start]))
        ]
        rank = {
            hit.start: (
                prominence(parse, heads[hit.start], marks, rules.reporting) if heads[hit.start] is not None else 9.0,
                -trig.priority,
            )
            for hit, trig in found
        }
    else:
        rank = {hit.start: (0.0, -trig.priority) for hit, trig in found}
    verbal = [ht for ht in found if ht[1].quad_class not in (2, 4)]
    material = [ht for ht in found if ht[1].quad_class in (2, 4)]
    if parse is not None:
        fresh = [ht for ht in material if heads[ht[0].start] is None or not back_reference(parse, heads[ht[0].start])]
        material = fresh or material
    picked = []
    if verbal:
        picked.append(min(verbal, key=lambda ht: rank[ht[0].start]))
    if material:
        general = min(material, key=lambda ht: rank[ht[0].start])
        specific = min(material, key=lambda ht: rank[ht[0].start][::-1])
        picked.append(general)
        g, sp = general[1], specific[1]
        if sp.priority > g.priority and (sp.event_type, sp.acled_type) != (g.event_type, g.acled_type):
            picked.append(specific)
    picked.sort(key=lambda ht: ht[0].start)
    main = min(picked, key=lambda ht: rank[ht[0].start])[0] if picked else None
    return Picked(picked, main, heads, marks)
