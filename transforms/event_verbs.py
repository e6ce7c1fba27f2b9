"""The CAMEO verb dictionary beside our trigger table: which of the two codes a sentence's verb.

Our table (`seeds/event_patterns.csv`) names acts by keyword: curated, with nouns
(`airstrike`), casualty verbs and the warehouse's own decisions, but a bare verb says little of
what was done (`boycotted`, `released`). The CAMEO verb patterns (`transforms.cameo_verbs`) read
the verb with its object or prepositional phrase. Measured on the tuning parts of the dev sets
(figures in `seeds/EVENTS.md`), they combine so:

- where a CAMEO pattern with an object or a prepositional phrase after the verb fits a verb our
  table names with a single word, and its act is of the keyword's kind (QuadClass), the
  pattern's type, mode and code replace the keyword's (`boycotted the elections`: PROTEST, not
  the SANCTION of a bare `boycott`; `released details`: sharing information, not a release).
  A phrase of our table (`impose sanctions`, `signed an agreement`) stays, being as specific
  and the warehouse's decision, and so does a violent keyword (`killed`, `attacked`): the
  warehouse reads violence from its means and from who fought whom, where the CAMEO blocks
  file a killing of demonstrators as repression or an attack on a headquarters as an
  occupation. On a tie between patterns the keyword's own type goes first (`deploy * &MILITARY`
  is 062, 072 and 154 at once);
- a CAMEO pattern where our table has no trigger adds nothing (`NEW_PHRASES`, `BARE`): on the
  tuning parts such events were mostly statements, acts in clauses that describe a noun, or
  acts the annotators do not count (`critics say`, `searches related to the attacks`), and
  they cost precision everywhere without a gain in type accuracy;
- a pattern the field codes as no event (`---`) leaves our keyword as it is (`VETO`: no change
  on the tuning parts); CAMEO 01/02 (statements, appeals) never re-type a keyword;
- our triggers on the words a pattern took stay (`ABSORB` off: `condemned the attack` keeps
  the attack beside the condemnation).

The switches below keep the alternatives measured, so that they can be measured again.
"""

from __future__ import annotations

from transforms.cameo_codes import acled_of, primary_code, root_and_quad
from transforms.cameo_patterns import NOUN
from transforms.cameo_verbs import VerbIndex, VerbMatch
from transforms.event_triggers import VIOLENT_TYPES, EventRules, Hit, Trigger, word_tokens
from transforms.syntax import Parse

# The combination, chosen on the tuning parts (see module); switches so the choice stays visible.
REFINE = False  # a phrase pattern re-types our single-word trigger at its verb (off: it moved GVA sums)
SAME_KIND = True  # ... only to an act of the keyword's QuadClass
VETO = False  # a null phrase pattern (`---`) drops our single-word trigger
NEW_PHRASES = False  # a typed phrase pattern where our table has no trigger
FILL_ONLY = False  # ... but only in a sentence where our table has none at all
MAIN_ONLY = False  # ... but only for a verb of the main clause, with an object or phrase after it
BARE = False  # a typed bare CAMEO verb where our table has no trigger
ABSORB = False  # our triggers on the words a typed phrase pattern took (`called off the attacks`) go
# Our types that PLOVER counts as one.
_PLOVER_OF = {"REQUEST": "DEMAND", "ACCUSE": "DISAPPROVE"}
# The priority of a trigger the CAMEO patterns add (`event_patterns.csv` scale: a specific act).
PHRASE_PRIORITY = 7
BARE_PRIORITY = 3


def worth_parsing(rules: EventRules, sentence: str) -> bool:
    """Whether the event coder reads the sentence's parse: it holds a trigger of our table, a
    verb of one of its phrases with that phrase's object word (`phrase_syntax`), or a CAMEO
    verb form with the anchor word of one of its typed phrase patterns (the parse then decides
    whether the pattern fits). The parse is the pipeline's dearest step, so this test is on
    words only."""
    if rules.has_trigger(sentence):
        return True
    words = word_tokens(sentence)
    if rules.phrases is not None and rules.phrases.worth_parsing(words):
        return True  # a verb of the table's phrases with one of their objects (`phrase_syntax`)
    if rules.verbs is None or not (NEW_PHRASES or BARE):
        return False  # a refinement needs our trigger in the sentence anyway
    return rules.verbs.worth_parsing(words, with_bare=BARE)


def cameo_trigger(m: VerbMatch, parse: Parse, base: Trigger | None = None) -> Trigger:
    """The trigger row of a CAMEO match; `base` is our table's trigger at the same verb, whose
    ACLED type, mode and priority carry over where the CAMEO type agrees with it."""
    p = m.pattern
    assert p.event_type is not None
    root, quad = root_and_quad(p.cameo)
    form = " ".join([p.verb.split()[0], *(parse.words[i] for i in m.tokens)])
    if base is not None and base.event_type == p.event_type:
        acled, mode = base.acled_type, base.mode or p.mode
    else:
        acled, mode = acled_of(p.event_type, p.mode), p.mode
    # a keyword re-typed keeps its rank: what the sentence asserts, and how sure, stay its own
    priority = base.priority if base is not None else PHRASE_PRIORITY if m.phrase else BARE_PRIORITY
    return Trigger(form, p.event_type, mode, root, quad, acled, priority, "verb", primary_code(p.cameo))


def with_verbs(
    index: VerbIndex,
    sentence: str,
    parse: Parse,
    found: list[tuple[Hit, Trigger]],
    kept: list[tuple[Hit, Trigger]],
    heads: dict[int, int | None],
) -> tuple[list[tuple[Hit, Trigger]], dict[int, int | None]]:
    """Our gated triggers (`kept`, of all `found`) with the CAMEO verbs combined in (see
    module), in sentence order, and the head token of each hit (`heads`, extended)."""
    adding = NEW_PHRASES or BARE
    if not (adding or REFINE or VETO):
        return kept, heads  # every combination switched off: no match can change a trigger
    at_token = {t: n for n, (h, _) in enumerate(kept) if (t := heads.get(h.start)) is not None}
    # tokens inside another trigger of our table: a phrase of ours (`sign an agreement`) that the
    # parse heads elsewhere still covers its verb
    covered = {
        i
        for h, _ in found
        for i in range(len(parse))
        if parse.starts[i] < h.end and parse.ends[i] > h.start and heads.get(h.start) != i
    }
    out = list(kept)
    added: dict[int, int | None] = {}
    dropped: set[int] = set()
    absorbed: set[int] = set()
    for v in range(len(parse)) if adding else sorted(at_token):
        if parse.words[v] not in index.forms or v in covered:
            continue
        n = at_token.get(v)
        m = index.match(parse, v, None if n is None else out[n][1].event_type)
        if m is None:
            continue
        p = m.pattern
        if n is not None:
            hit, trig = out[n]
            if not _says_what(m) or " " in trig.form:
                continue
            if p.event_type is None:
                if VETO and primary_code(p.cameo) is None:
                    dropped.add(n)  # `---`: the field's "no event"; an appeal (02) stays our REQUEST
                continue
            if REFINE and trig.event_type not in VIOLENT_TYPES and _same_kind(m, trig):
                out[n] = (hit, cameo_trigger(m, parse, trig))
                absorbed.update(m.tokens)
            continue
        if p.event_type is None or not (NEW_PHRASES if m.phrase else BARE) or (FILL_ONLY and found):
            continue
        if MAIN_ONLY and not (p.after and _main_clause(parse, v)):
            continue
        hit = Hit(parse.starts[v], parse.ends[v], sentence[parse.starts[v] : parse.ends[v]])
        out.append((hit, cameo_trigger(m, parse)))
        added[hit.start] = v
        absorbed.update(m.tokens)
    if ABSORB and absorbed:
        dropped |= {n for n, (h, _) in enumerate(out) if heads.get(h.start) in absorbed}
    if not (added or dropped) and out == kept:
        return kept, heads
    out = [ht for n, ht in enumerate(out) if n not in dropped]
    return sorted(out, key=lambda ht: ht[0].start), {**heads, **added}


def _says_what(m: VerbMatch) -> bool:
    """Whether the pattern names what the verb acts on after it: an object, or a prepositional
    phrase with its noun (`* (with)`, a preposition alone, says nothing of the act)."""
    return any(kind == NOUN or len(slots) > 1 for kind, slots in m.pattern.after)


def _same_kind(m: VerbMatch, trig: Trigger) -> bool:
    """Whether the pattern's act is of the keyword's kind (its QuadClass: verbal or material,
    cooperation or conflict). The keyword knows what kind of act the verb is; the object tells
    which act of that kind (`boycotted the elections`), not another kind (`deployed tear gas` is
    no aid, `signing a free trade agreement` no material cooperation). Where the warehouse splits
    one PLOVER type in two (ACCUSE and DISAPPROVE, REQUEST and DEMAND), the CAMEO codes do not
    draw our line (`accused the army` is 111, criticism), so the keyword keeps its side."""
    p = m.pattern
    if _PLOVER_OF.get(trig.event_type, trig.event_type) == _PLOVER_OF.get(p.event_type or "", p.event_type):
        return trig.event_type == p.event_type
    return not SAME_KIND or root_and_quad(p.cameo)[1] == trig.quad_class


_MAIN_PATH = frozenset({"ROOT", "conj", "ccomp", "xcomp"})


def _main_clause(parse: Parse, v: int) -> bool:
    """Whether the verb is the sentence's predicate, one coordinated with it, or the clause a
    verb of saying or intent takes: not a clause that describes a noun (`searches related to
    the attacks`) or an adverbial one."""
    seen = set()
    while v not in seen:
        seen.add(v)
        if parse.deps[v] not in _MAIN_PATH:
            return False
        if parse.heads[v] == v:
            return True
        v = parse.heads[v]
    return False
