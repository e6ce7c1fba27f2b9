"""Which trigger words of a sentence are events, and which of them the sentence asserts."""

from __future__ import annotations

from dataclasses import dataclass

from transforms.event_gate import headline_case, word_use
from transforms.event_roles import back_reference, nominal, prominence, trigger_marks
from transforms.event_triggers import VIOLENT_TYPES, EventRules, Hit, Trigger, find_triggers
from transforms.event_verbs import with_verbs
from transforms.phrase_syntax import with_phrases
from transforms.syntax import Parse


@dataclass(frozen=True)
class Picked:
    """The triggers a sentence codes, and what the parse says about them."""

    hits: list[tuple[Hit, Trigger]]
    main: Hit | None  # the act the sentence asserts (set by `choose`)
    heads: dict[int, int | None]  # hit start -> its head token (empty without a parse)
    marks: list[bool] | None  # per token, whether a trigger covers it (None without a parse)


def in_a_name(parse: Parse, sentence: str, token: int) -> bool:
    """Whether a capitalised noun trigger inside the sentence is a word of a title or a name
    (`Planning and Investment Minister`, `the Peace Corps`), not an act."""
    head = parse.heads[token]
    word = sentence[parse.starts[token] : parse.ends[token]]
    if not word[:1].isupper() or word.isupper() or headline_case(sentence):
        return False
    while parse.deps[token] in ("compound", "conj", "nmod") and head != token and parse.is_noun(head):
        if parse.deps[token] != "conj" and parse.pos[head] == "PROPN" and sentence[parse.starts[head]].isupper():
            return True
        token, head = head, parse.heads[head]
    return False


def candidates(rules: EventRules, sentence: str, parse: Parse | None) -> Picked:
    """The triggers of a sentence that may be events: with a parse, only the uses of a trigger
    word that `event_gate.word_use` accepts (with the dictionary row for that use), and no
    participle used as a noun for people (`the wounded`) or word of a title or a name; then
    the CAMEO verb patterns combined in where the seeds have them (`event_verbs`).
    `main` is left empty: `choose` sets it."""
    found = find_triggers(rules, sentence)
    if parse is not None:
        found = with_phrases(rules.phrases, sentence, parse, found)  # `sent 500 more troops`
    if parse is None or not (found or rules.verbs is not None):
        return Picked(found, None, {}, None)
    marks = trigger_marks(parse, [(h.start, h.end) for h, _ in found])
    heads = {hit.start: parse.span_head(hit.start, hit.end) for hit, _ in found}
    loose = headline_case(sentence)
    kept: list[tuple[Hit, Trigger]] = []
    for hit, trig in found:
        t = heads[hit.start]
        if t is None:
            kept.append((hit, trig))
            continue
        if nominal(parse, t) or in_a_name(parse, sentence, t):
            continue
        use = trig if loose else word_use(rules, parse, t, hit, trig, marks)
        if use is not None:
            kept.append((hit, use))
    if rules.verbs is not None:
        # the CAMEO verb patterns refine our keywords by their objects (see `event_verbs`)
        verbs, heads = with_verbs(rules.verbs, sentence, parse, found, kept, heads)
        if {h.start for h, _ in verbs} - {h.start for h, _ in found}:
            marks = trigger_marks(parse, [(h.start, h.end) for h, _ in found + verbs])
        kept = verbs
    return Picked(kept, None, heads, marks)


def outside_places(cands: Picked, places: list[dict], offset: int) -> Picked:
    """The candidates less the trigger words inside the name of a place the sentence names
    (`places`: mentions with text offsets; `offset`: the sentence's): `Lee's Summit` is a town,
    not a meeting; `Battle Creek` no battle."""
    if not cands.hits or not places:
        return cands
    spans = [(m["char_start"] - offset, m["char_end"] - offset) for m in places]
    kept = [(h, t) for h, t in cands.hits if not any(s <= h.start and h.end <= e for s, e in spans)]
    return cands if len(kept) == len(cands.hits) else Picked(kept, cands.main, cands.heads, cands.marks)


def choose(
    rules: EventRules, found: list[tuple[Hit, Trigger]], parse: Parse | None, cands: Picked
) -> tuple[list[tuple[Hit, Trigger]], Hit | None]:
    """Of the sentence's events (`found`, already gated), the strongest verbal and the strongest
    material one, a more specific material act beside them when it has another type
    (`airstrike` beside `attack`), and the main one (what the sentence asserts). With a parse
    the strongest is the most prominent (see `event_roles.prominence`), then the highest
    priority; without one, the highest priority."""
    heads, marks = cands.heads, cands.marks
    if parse is not None and marks is not None:
        rank = {
            hit.start: (
                prominence(parse, heads[hit.start], marks, rules.reporting)
                if heads.get(hit.start) is not None
                else 9.0,
                -trig.priority,
            )
            for hit, trig in found
        }
    else:
        rank = {hit.start: (0.0, -trig.priority) for hit, trig in found}
    verbal = [ht for ht in found if ht[1].quad_class not in (2, 4)]
    material = [ht for ht in found if ht[1].quad_class in (2, 4)]
    if parse is not None:
        fresh = [
            ht for ht in material if heads.get(ht[0].start) is None or not back_reference(parse, heads[ht[0].start])
        ]
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
        # `arrested for killing two`: the killing is coded beside the arrest, so that the toll
        # has the violent act it belongs to
        violent = [ht for ht in material if ht[1].event_type in VIOLENT_TYPES]
        if (
            g.event_type not in VIOLENT_TYPES
            and violent
            and all(ht[1].event_type not in VIOLENT_TYPES for ht in picked)
        ):
            picked.append(min(violent, key=lambda ht: rank[ht[0].start]))
    picked.sort(key=lambda ht: ht[0].start)
    main = min(picked, key=lambda ht: rank[ht[0].start])[0] if picked else None
    return picked, main
