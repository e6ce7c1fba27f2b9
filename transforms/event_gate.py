"""Whether a trigger word, where it stands, is the predicate of an act the text reports.

A word of the trigger dictionary is an event only in some of its uses. The parse tells the
others apart, with the dictionary's own part of speech (`seeds/event_patterns.csv`, `pos`):

- the word's part of speech in the sentence must be one the dictionary lists for it: `block`
  the verb is a protest, `the 400 block` is an address; `threatening` as an adjective
  (`non-life threatening injuries`) is no threat;
- a noun that modifies another noun is part of a name or a compound (`riot police`, `shooting
  victim`): the compound names a thing, not an act, unless its head only frames the act (`a
  mediation effort`) or is what a verb does (`sent an aid convoy`);
- a verb with a particle the pattern does not include has another sense (`prices shot up`);
- an agent noun (`protesters`, `investigators`) names the doers: it reports their act only as
  the subject of a verb that is no event of its own (`protesters gathered`), never as the
  object or the addressee of something else (`asked to call investigators`);
- an act needs something attached to it (`attached`): a participant, a place or a date in its
  own clause, or a count. `The investigation is ongoing.` has none;
- a verbal act (a statement, an accusation, a demand, a threat) needs a speaker.

Headlines in title case are tagged poorly by the model, so there only attachment is checked.
"""

from __future__ import annotations

from transforms.event_triggers import EventRules, Hit, Trigger
from transforms.syntax import Parse

VERBAL_QUADS = frozenset({1, 3})
# Subjects that name no speaker.
INDEFINITE = frozenset(
    {"anyone", "anybody", "someone", "somebody", "everyone", "everybody", "nobody", "whoever", "you"}
)


def headline_case(sentence: str) -> bool:
    """Most words capitalised (`Rebels Attack Army Post In Kabul`): capitals say nothing there."""
    words = [w for w in sentence.split() if w[:1].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) > 0.6 * len(words)


def _use(parse: Parse, t: int) -> str | None:
    """The part of speech the trigger's head has here: verb, noun, or neither (an adjective,
    a participle modifying a noun)."""
    if parse.deps[t] == "amod":
        return None
    if parse.is_verb(t):
        return "verb"
    if parse.is_noun(t):
        return "noun"
    return None


def word_use(rules: EventRules, parse: Parse, t: int, hit: Hit, trig: Trigger, marks: list[bool]) -> Trigger | None:
    """The trigger row for this use of the word (the dictionary may code the verb and the noun
    differently), or None when the word is not an event predicate here (see module). The part
    of speech is checked for single words only (a phrase is specific enough, and the parse of
    `drive-by shooting` is no better than the dictionary's). A noun the dictionary lists only as
    a verb names the act (`the shooting`, `an assault`) unless it is a known homograph
    (`homograph` cues: `the 400 block`, `in jail`, `his phone`, `the power supply`); a verb the
    dictionary lists only as a noun is the act too (`X talks with Y`)."""
    alternatives = rules.by_pos.get(trig.form, {trig.pos: trig})
    use = _use(parse, t)
    if use is None:
        return trig if " " in trig.form and parse.deps[t] != "amod" else None  # `under investigation`
    if use == "noun" and "noun" not in alternatives and "agent" in alternatives:
        head = parse.heads[t]
        as_subject = parse.deps[t] == "nsubj" and head != t and parse.is_verb(head) and not marks[head]
        return alternatives["agent"] if as_subject else None
    if use == "noun" and parse.deps[t] == "compound" and parse.is_noun(parse.heads[t]):
        head = parse.heads[t]
        light = parse.words[head] in rules.light_heads
        done = parse.deps[head] in ("dobj", "obj") and parse.is_verb(parse.heads[head]) and not marks[parse.heads[head]]
        if not (light or done):
            return None  # `riot police`, `shooting victim`; but `a mediation effort`, `sent an aid convoy`
    if " " in trig.form:
        return trig
    chosen = alternatives.get(use)
    if chosen is None and not (use == "noun" and trig.form in rules.homographs):
        chosen = next(iter(alternatives.values()))
    if chosen is None:
        return None
    if use == "verb":
        words = set(hit.text.lower().split())
        if any(parse.words[p] not in words for p in parse.kids(t, "prt")):
            return None
    return chosen


def attached(source: list[dict], target: list[dict], place_in_clause: bool, date_in_clause: bool, count: bool) -> bool:
    """Whether anything is attached to the act: a participant, a place, a date or a count."""
    return bool(source or target or place_in_clause or date_in_clause or count)


def needs_speaker(trig: Trigger, source: list[dict], doers: list[str]) -> bool:
    """Whether a verbal act lacks the speaker it needs: neither an actor mention nor a subject
    in the parse (`the union said it would ...` has one in `the union`); an indefinite pronoun
    speaks for no one (`Anyone with information is asked to call` has none)."""
    if trig.quad_class not in VERBAL_QUADS or source:
        return False
    return not any(w not in INDEFINITE for w in doers)
