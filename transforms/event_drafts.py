"""What one trigger of a sentence says: its actors, its frame, its own date, whether it is
background, and whether it is an act the text reports at all.

`events.code_events` makes a draft of every candidate trigger of a sentence (see
`event_picking.candidates`), drops the drafts `event_gate` refuses (nothing attached, a verbal
act without a speaker), and chooses among the rest. Dates and background are read per clause
(`event_clauses`): an event takes the date expression of its own clause, else that of the
nearest clause above it, so `the deadliest since 2015, when 50 were killed` dates the old
killing to 2015 and leaves the new attack its own day. An event that belongs to another time
than the story's (a year or a month long past, a count over a period such as `so far this
year`) is `background`: kept as a row, never counted in the views.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from transforms.draft_roles import MOVES, roles_of
from transforms.event_clauses import (
    blanked,
    char_spans,
    clause_heads,
    clause_tokens,
    covers,
    far_in_time,
    masked,
    own_tokens,
    stretch,
)
from transforms.event_dates import DateMention, ResolvedDate, stand_in
from transforms.event_frames import RECODED, frame
from transforms.event_gate import INDEFINITE, VERBAL_QUADS, attached, headline_case, needs_speaker
from transforms.event_participants import mentions_of
from transforms.event_picking import Picked
from transforms.event_roles import argument_tokens, back_reference
from transforms.event_roles import negated as syntax_negated
from transforms.event_triggers import VIOLENT_TYPES, EventRules, Hit, Trigger
from transforms.syntax import Parse

# A day named this long before publication is an act the story recalls, not one it reports.
BACKGROUND_DAYS = 30
# Markers of a question or of a condition around a trigger: the act is not reported as done.
_CONDITIONS = frozenset({"if", "unless", "whether"})


@dataclass
class SentenceContext:
    """What every trigger of one sentence shares."""

    article_id: str
    sent_idx: int
    start: int  # the sentence's offset in the article
    sentence: str
    parse: Parse | None
    cands: Picked
    actors: list[dict]  # actor mentions with an entity
    capitals: list[dict]
    places: list[dict]  # place and country mentions of the sentence
    published: date | None
    dates: list[DateMention]
    counts: tuple[int | None, int | None]  # killed, injured read from the whole sentence
    last_named: dict | None  # the last person the article named before this sentence
    labels: list[dict] = field(default_factory=list)  # `actors` with the agent nouns' mentions, if any
    _spans: dict[int, list[tuple[int, int]]] = field(default_factory=dict, repr=False)
    _undated: str | None = field(default=None, repr=False)

    def own_spans(self, head: int) -> list[tuple[int, int]]:
        """The characters of a head's own clause (`event_clauses.own_tokens`), computed once."""
        if head not in self._spans:
            self._spans[head] = char_spans(self.parse, own_tokens(self.parse, head))
        return self._spans[head]

    def undated(self) -> str:
        """The sentence with its dates blanked, computed once: a date is no modal (`the May 22
        concert bombing` is no `may`)."""
        if self._undated is None:
            self._undated = blanked(self.sentence, [(d.start, d.end) for d in self.dates])
        return self._undated


@dataclass
class Draft:
    hit: Hit
    trig: Trigger
    t: int | None  # the trigger's head token (None without a parse)
    source: list[dict]
    target: list[dict]
    negated: bool
    hypothetical: bool
    when: ResolvedDate
    background: bool
    spans: list[tuple[int, int]] | None  # the clause's characters in the sentence; None: all of it
    place_in_clause: bool
    told_before: bool = False  # a definite act named again (`the blast`), nothing of its own
    recalled: bool = False  # told under a legal process without a day of its own (`accused of killing`)
    label_source: list[dict] = field(default_factory=list)  # agent nouns where `source` is empty
    label_target: list[dict] = field(default_factory=list)  # ... and where `target` is
    placed: list[dict] = field(default_factory=list)  # a place in the target's slot (`Roles.placed`)


def _conditional(parse: Parse, t: int) -> bool:
    """Whether the trigger stands in a clause introduced by `if`, `unless` or `whether`."""
    i, seen = t, set()
    while i not in seen:
        seen.add(i)
        if parse.deps[i] in ("advcl", "ccomp") and any(parse.words[m] in _CONDITIONS for m in parse.kids(i, "mark")):
            return True
        if parse.heads[i] == i:
            return False
        i = parse.heads[i]
    return False


def _hedges(rules: EventRules, window: str, offset: int, parse: Parse | None, t: int | None) -> bool:
    """Whether a doubt word in the `window` before the trigger (at `offset` in the sentence)
    hedges the act. One that modifies another noun (`the alleged killer`, `a suspected gang
    member`) doubts who the person is, not that the act happened: `the alleged killer, shot dead
    by police` tells a shooting. Without a parse every doubt word hedges."""
    if parse is None or t is None:
        return bool(rules.hypothetical_re.search(window))
    for m in rules.hypothetical_re.finditer(window):
        tok = parse.token_at(offset + m.start())
        if tok is None:
            return True
        head = parse.heads[tok]
        if not (parse.deps[tok] == "amod" and head != t and parse.is_noun(head)):
            return True
    return False


_WORDS = re.compile(r"[A-Za-z]+")


def accidental(rules: EventRules, trig: Trigger, sentence: str, hit: Hit, doer: bool = False) -> bool:
    """Whether a violent trigger that names no weapon of its own tells deaths or damage in an
    accident or disaster (`accident` cues: a crash, a collapse, a flood, a factory's boiler) in
    a sentence that names no weapon either: a bus off a bridge kills no one's victims, and a
    furnace that exploded was no one's bomb. A bare `killed` or `died` names no means; nor does
    a bare `explosion` or `blast`, whose mode is only the word itself (the sentence is read
    without such words) and, being no verb of a doer, a blast with a `doer` (`gunmen
    set off an explosion`) stays an act. `accidentally shot` names a gun and stays an act."""
    if trig.event_type not in VIOLENT_TYPES or rules.accident_re.search(sentence) is None:
        return False
    bare_blast = sentence[hit.start : hit.end].lower() in rules.bare_blasts
    # a weapon is looked for outside the accident's own words (`chemical plant`) and the blasts
    # that name none (`killed in an explosion at a factory`); a trigger that is a weapon's word
    # (`the bomb caused the ceiling to collapse`) names its own
    rest = rules.accident_re.sub(lambda m: " " * len(m.group()), sentence)
    rest = _WORDS.sub(lambda m: " " * len(m.group()) if m.group().lower() in rules.bare_blasts else m.group(), rest)
    return (trig.mode is None or (bare_blast and not doer)) and rules.mode_of(rest) is None


def _heads_above(parse: Parse, t: int) -> Iterator[int]:
    """The heads above a token up to the root, nearest first: the clauses whose context (a
    date, a tally) scopes down over the token's."""
    i, seen = t, {t}
    while parse.heads[i] != i and parse.heads[i] not in seen:
        i = parse.heads[i]
        seen.add(i)
        yield i


def _own_date(
    ctx: SentenceContext, t: int | None, spans: list[tuple[int, int]] | None, legal: bool = False
) -> ResolvedDate:
    """The date of the trigger's own clause, else of the nearest clause above it, else the
    publication date standing in. Without a parse: the sentence's first date. An act told
    under a `legal` process has only its own clause's date: `accused of killing his brother,
    he was in court on Thursday` does not date the killing to Thursday."""
    if not ctx.dates:
        return stand_in(ctx.published)
    parse = ctx.parse
    if parse is None or t is None or spans is None:
        return ctx.dates[0].date
    own = [d for d in ctx.dates if covers(spans, d.start, d.end)]
    if own:
        return own[0].date
    # coordinated predicates share their modifiers: in `were shot and killed inside the home on
    # August 8`, the parser hangs the day on `killed`, but the shooting is the same act that day
    conjuncts = _conjunct_verbs(parse, t) if parse.is_verb(t) else []
    shared = [d for c in conjuncts for d in ctx.dates if covers(ctx.own_spans(c), d.start, d.end)]
    if shared:
        return shared[0].date
    if legal:
        return stand_in(ctx.published)
    # a date that opens the sentence frames all of it (`1991: Fighting killed 80`, `In 2007, ...`)
    opening = ctx.dates[0]
    if not ctx.sentence[: opening.start].strip(" \n\t\"'“‘([-–—"):
        return opening.date
    for i in _heads_above(parse, t):
        above = ctx.own_spans(i)
        found = [d for d in ctx.dates if covers(above, d.start, d.end)]
        if found:
            return found[0].date
    # a date elsewhere in the sentence (a sibling clause: `the man who shot five on Saturday
    # faces charges`), unless it is of another time or starts a stretch (`since 2015`)
    story = [d for d in ctx.dates if not is_background(d.date, ctx.published) and not _since(ctx.sentence, d.start)]
    return story[0].date if story else stand_in(ctx.published)


def _conjunct_verbs(parse: Parse, t: int) -> list[int]:
    """The predicates coordinated with the trigger (its `conj` verbs, or the word it is a `conj`
    of): one subject's predicates, sharing what is told once for them."""
    out = [c for c in parse.kids(t, "conj") if parse.is_verb(c)]
    if parse.deps[t] == "conj" and parse.heads[t] != t:
        out.append(parse.heads[t])
    return out


def _since(sentence: str, start: int) -> bool:
    """Whether the date expression at `start` is introduced by `since` (a stretch of time)."""
    return (
        sentence[max(0, start - 6) : start].strip().lower().endswith("since")
        or sentence[start : start + 5].lower() == "since"
    )


def _tally(rules: EventRules, ctx: SentenceContext, t: int | None, clause_text: str, bare: bool = False) -> bool:
    """Whether the act is counted over a period (`so far this year`, `crime stats for 2015 show
    165 people were murdered`): a tally word in its clause or in a clause above it (context
    scopes downward, as dates do), or a stretch of time the act itself is counted over
    (`700 have been shot since January`). A `bare` clause (no date, no place of its own)
    shares the tally of the act it is coordinated with: in `six were killed and 28 wounded in
    shootings across the city`, both counts are the city's weekend."""
    parse = ctx.parse
    if parse is not None and t is not None and stretch(parse, t):
        return True
    if not rules.tally_re.search(ctx.sentence):
        return False  # the cheap test first: most sentences hold no tally word at all
    if rules.tally_re.search(clause_text):
        return True
    if parse is None or t is None:
        return False
    if any(rules.tally_re.search(masked(ctx.sentence, ctx.own_spans(i))) for i in _heads_above(parse, t)):
        return True
    if not bare:
        return False
    return any(rules.tally_re.search(masked(ctx.sentence, ctx.own_spans(c))) for c in _conjunct_verbs(parse, t))


def tally_spans(rules: EventRules, ctx: SentenceContext) -> list[tuple[int, int]]:
    """The characters of the sentence's clauses that count over a period or over several
    incidents (a tally word in the clause's own words): `The boy was one of several injured in a
    weekend that left seven dead and 14 hurt in 17 shootings across the city` tells the boy's
    shooting and the city's weekend, and the seven and the 14 are the weekend's, not the boy's."""
    parse = ctx.parse
    if parse is None or not rules.tally_re.search(ctx.sentence):
        return []
    return [
        span
        for head in clause_heads(parse)
        if rules.tally_re.search(masked(ctx.sentence, ctx.own_spans(head)))
        for span in ctx.own_spans(head)
    ]


def is_background(when: ResolvedDate, published: date | None) -> bool:
    """Whether a date the text gives lies in another time than the story's: a year before the
    publication year, a month before the publication month (`45 people were killed in July`,
    in an August story: a month's tally, not the story's act), or a day more than
    `BACKGROUND_DAYS` before publication (`the July 19, 2012, Aurora theater shooting` in a 2015
    story: recalled, not reported)."""
    if when.text is None or when.value is None or published is None:
        return False
    if when.value < published - timedelta(days=BACKGROUND_DAYS):
        return True
    if when.precision == 4:
        return when.value.year < published.year
    if when.precision == 3:
        return when.value < published.replace(day=1)
    return False


def draft(rules: EventRules, ctx: SentenceContext, hit: Hit, trig: Trigger) -> Draft | None:
    """The draft of one candidate trigger, or None when it is no reported act (see module)."""
    parse, sentence = ctx.parse, ctx.sentence
    t = ctx.cands.heads.get(hit.start)
    source, target, doers, undergoers, placed, named_doer = roles_of(ctx, hit, t, trig.event_type in MOVES)
    window_start = max(0, hit.start - 40)
    window = ctx.undated()[window_start : hit.start]
    negated = bool(rules.negation_re.search(window))
    hypothetical = _hedges(rules, window, window_start, parse, t) or sentence.rstrip().endswith("?")
    spans = None
    if parse is not None and t is not None:
        negated = negated or syntax_negated(parse, t)
        hypothetical = hypothetical or _conditional(parse, t)
        # a headline in title case is parsed poorly: its clause is the whole line
        spans = None if headline_case(sentence) else char_spans(parse, clause_tokens(parse, t, ctx.cands.marks))
        fr = frame(parse, t, trig.event_type, trig.quad_class, rules.frame_cues, trig.mode)
        if fr is not None:
            # the promise, threat, refusal, demand or reversal is itself what happened
            negated = hypothetical = False
            cameo, quad = RECODED[fr.event_type]
            trig = replace(
                trig, event_type=fr.event_type, cameo_root=cameo, quad_class=quad, acled_type=None, cameo=None
            )
            if fr.speaker is not None:
                doers = [fr.speaker]
                source = mentions_of(
                    [argument_tokens(parse, fr.speaker)], parse, ctx.actors, ctx.capitals, ctx.start, True
                )
                target = mentions_of([argument_tokens(parse, fr.addressee)], parse, ctx.actors, [], ctx.start, False)
    start = ctx.start
    region = spans if spans is not None else [(0, len(sentence))]
    clause_places = [p for p in ctx.places if covers(region, p["char_start"] - start, p["char_end"] - start)]
    place_in_clause = bool(clause_places)
    # a dateline (`CHICAGO (STMW) — ...`) places the story, not the clause the parser hangs it on
    own_place = any(not (p["char_start"] == start and p["surface"].isupper()) for p in clause_places)
    date_in_clause = any(covers(region, d.start, d.end) for d in ctx.dates)
    count = trig.quad_class == 4 and any(c is not None for c in ctx.counts)
    speakers = [parse.words[i] for i in doers] if parse is not None else []
    if needs_speaker(trig, source, speakers):
        return None
    # a verbal act's speaker is its participant even when no dictionary names it (`the forum`);
    # `the blast`, `the attack`: an act told before, named again (it joins that act's cluster)
    participants = source or speakers * (trig.quad_class in VERBAL_QUADS)
    if parse is not None and t is not None and parse.is_verb(t):
        # a verb's own subject or object is a participant though no dictionary names it
        # (`the packages were intercepted`); a noun's is not (`the fight against corruption`)
        participants = participants or [
            w for w in (*speakers, *(parse.words[i] for i in undergoers)) if w not in INDEFINITE
        ]
    told_before = parse is not None and t is not None and trig.quad_class == 4 and back_reference(parse, t)
    if not told_before and not attached(participants, target, place_in_clause, date_in_clause, count):
        return None
    clause_text = masked(sentence, spans) if spans is not None else sentence
    if trig.quad_class == 1 and rules.poll_re.search(clause_text):
        return None  # `his support among voters` in a poll is an opinion, not an act
    # only a doer syntax names sets a blast off: word order's nearest actor (`workers were hurt
    # when a furnace exploded`) is no one's hand on it
    if accidental(rules, trig, sentence, hit, doer=named_doer):
        return None  # `19 people were killed when their bus plunged off a bridge`: no one's act
    # an act told under a legal process (`accused of killing six`, `arrested in the shooting`)
    # is told again, not news: it never takes the hearing's day, and without a day of its own
    # it is `recalled`: counted only where it joins an incident reported as news (see clusters)
    parsed = parse is not None and t is not None
    legal = parsed and any(parse.words[i] in rules.legal for i in _heads_above(parse, t))
    when = _own_date(ctx, t, spans, legal)
    background = (
        is_background(when, ctx.published)
        or (parsed and far_in_time(parse, t))
        or _tally(rules, ctx, t, clause_text, bare=not (own_place or date_in_clause))
    )
    labelled = _labels(ctx, hit, t) if ctx.labels and not (source and target) else ([], [])
    return Draft(
        hit,
        trig,
        t,
        source,
        target,
        negated,
        hypothetical,
        when,
        background,
        spans,
        place_in_clause,
        told_before,
        recalled=legal and when.text is None and not background,
        label_source=[] if source else labelled[0],
        label_target=[] if target else labelled[1],
        placed=placed,
    )


def _labels(ctx: SentenceContext, hit: Hit, t: int | None) -> tuple[list[dict], list[dict]]:
    """The agent nouns' mentions the roles would take with them among the actors (`labels`)."""
    source, target, *_ = roles_of(replace(ctx, actors=ctx.labels), hit, t)
    return [a for a in source if a["origin"] == "agent"], [a for a in target if a["origin"] == "agent"]
