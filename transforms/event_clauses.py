"""The clause of a trigger: the words that belong to its predicate, and what is attached there.

A trigger word reports an act only where it is the predicate of one: something attached to it
(a participant, a place, a date, a count) says who did it, where or when. The clause is read
from the dependency parse: a verb's subtree without the clauses embedded in it (a reported
complement, an adverbial or relative clause, a second conjunct verb: each is a predicate of its
own), a noun's subtree likewise, and for a noun that is the object of a verb which is no event
of its own (`launched an attack`, `carried out strikes`) that verb's clause too. A relative
clause keeps the noun it modifies (`2015, when 50 were killed`: the killing's date is 2015).
Pure functions over `syntax.Parse`.
"""

from __future__ import annotations

from transforms.event_roles import governing_verb
from transforms.syntax import Parse

# Children that head a predicate of their own: their words are not the trigger's.
_CLAUSAL = frozenset({"ccomp", "advcl", "relcl", "parataxis", "csubj", "acl", "xcomp", "pcomp"})


# Prepositions whose phrase starts a stretch of time, never the time of the act itself
# (`the deadliest since 2015`): the phrase is not the trigger's.
_SPAN_PREPOSITIONS = frozenset({"since"})
# The current periods a count so far runs over (`this year`).
_PERIODS = frozenset({"year", "month", "week", "weekend", "summer", "winter", "spring", "season"})


def _embedded(parse: Parse, child: int) -> bool:
    """Whether a child heads a clause of its own (a clausal relation, or a conjunct verb), or a
    phrase of another time (`since 2015`)."""
    dep = parse.deps[child]
    return (
        dep in _CLAUSAL
        or (dep == "conj" and parse.is_verb(child))
        or (dep == "prep" and parse.words[child] in _SPAN_PREPOSITIONS)
    )


def stretch(parse: Parse, t: int) -> bool:
    """Whether the act itself is counted over a stretch of time: a `since` phrase hangs on the
    trigger, not on a word near it (`700 have been shot since January`; but `the deadliest
    since 2015` hangs on `deadliest`), or the trigger is in the present perfect over the
    current period (`five children have been shot in the city this year`: the year's count so
    far, not an incident)."""
    kids = parse.children[t]
    if any(parse.deps[c] == "prep" and parse.words[c] in _SPAN_PREPOSITIONS for c in kids):
        return True
    if not any(parse.words[a] in ("have", "has", "'ve") for a in parse.kids(t, "aux")):
        return False
    return any(
        parse.deps[c] == "npadvmod"
        and parse.words[c] in _PERIODS
        and any(parse.words[d] == "this" for d in parse.kids(c, "det"))
        for c in kids
    )


# Durations that put an act told `after` or `before` another in another time than the story's.
_FAR_UNITS = frozenset({"month", "months", "year", "years", "decade", "decades"})


def far_in_time(parse: Parse, t: int) -> bool:
    """Whether the act is told as months or years away from the story's (`comes a month after
    Adam Lanza killed 20 children`, `two years after the massacre`): its clause, or the phrase
    of its noun, is introduced by `after` or `before` with such a duration on it."""
    head = t if parse.is_verb(t) else parse.heads[t]
    links = [c for c in parse.children[head] if parse.deps[c] == "mark"] if head == t else [head]
    for w in links:
        if parse.words[w] in ("after", "before"):
            near = (*parse.children[w], *parse.children[head])
            if any(parse.deps[c] == "npadvmod" and parse.words[c] in _FAR_UNITS for c in near):
                return True
    return False


def clause_heads(parse: Parse) -> list[int]:
    """The tokens that head a clause of their own: the root and every embedded predicate."""
    return [i for i in range(len(parse.words)) if parse.heads[i] == i or _embedded(parse, i)]


def own_tokens(parse: Parse, head: int) -> set[int]:
    """The head's subtree without the clauses embedded in it."""
    out, stack = set(), [head]
    while stack:
        i = stack.pop()
        out.add(i)
        stack.extend(c for c in parse.children[i] if not _embedded(parse, c))
    return out


def clause_tokens(parse: Parse, t: int, is_trigger: list[bool]) -> set[int]:
    """The tokens of the trigger headed by t (see module)."""
    tokens = own_tokens(parse, t)
    if parse.deps[t] in ("relcl", "acl") and parse.heads[t] != t:
        tokens.add(parse.heads[t])
    if parse.is_noun(t):
        verb = governing_verb(parse, t)
        if verb is not None and not is_trigger[verb]:
            tokens |= own_tokens(parse, verb)
    return tokens


def char_spans(parse: Parse, tokens: set[int]) -> list[tuple[int, int]]:
    """The character spans (relative to the sentence) of the tokens, merged where adjacent."""
    spans: list[tuple[int, int]] = []
    for i in sorted(tokens):
        s, e = parse.starts[i], parse.ends[i]
        if spans and i - 1 in tokens:
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
    return spans


def covers(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps any of the spans."""
    return any(s < end and start < e for s, e in spans)


def masked(sentence: str, spans: list[tuple[int, int]]) -> str:
    """The sentence with the characters outside the spans blanked (offsets kept): what a
    pattern reader sees of one clause."""
    keep = [" "] * len(sentence)
    for s, e in spans:
        keep[s:e] = sentence[s:e]
    return "".join(keep)


def blanked(sentence: str, spans: list[tuple[int, int]]) -> str:
    """The sentence with the characters inside the spans blanked (offsets kept)."""
    chars = list(sentence)
    for s, e in spans:
        chars[s:e] = " " * (e - s)
    return "".join(chars)
