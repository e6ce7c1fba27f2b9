"""The CAMEO verb dictionary as triggers: a verb's lemma, the words of its object, particle or
prepositional phrase, and the CAMEO code (with its PLOVER type and mode) the field gives them.

`seeds/petrarch/verbs.csv` ties each verb lemma to phrase patterns (`* &CEASEFIRE`, `* (for
{financial aid})`, `police * demonstrator`) and a CAMEO code; `verb_synsets.csv` names the
noun sets the patterns use. Where our own trigger table says only that `called` or `expelled`
happened, the pattern says what was called off or who was expelled, and that decides the type
(`called off the strike`: a concession; `expelled two diplomats`: a sanction).

A pattern is matched on the dependency parse, not on the word string: a noun after `*` must be
the head of the verb's object (a passive's subject counts as its object, an infinitive's verb
too: `offered to withdraw`), with the other words of its `{...}` before it in the object's
subtree; a `(...)` phrase must start at a preposition of the verb or of its object, its other
words in order below it; a word before `*` heads the verb's subject or an adverb. Words are
compared as lemma keys (`word_key`: the plural's `-s` dropped, on both sides), verbs through the
inflected forms the dictionary lists or the regular ones. The most specific pattern wins (the
most words matched), and the bare verb's own code where no pattern matches. How the pattern
text reads (`&NAME`, `{...}`, `(...)`, `_`, `/`, the markers dropped) is `cameo_patterns`.
Pure: rows in, matches out; no I/O.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from transforms.cameo_codes import event_type_of, mode_of
from transforms.cameo_patterns import NOUN, Group, Slot, VerbPattern, parse_pattern, verb_forms, word_key
from transforms.syntax import Parse

# What a verb acts on: its object-like dependents after it (a passive's subject wherever it
# stands, an infinitive's verb: `offered to withdraw`), its prepositions, and the dependents
# before it (subject, adverb). Words below another clause are not the verb's.
_OBJECTS = frozenset({"dobj", "obj", "dative", "attr", "oprd", "acomp", "xcomp", "prt", "advmod", "npadvmod"})
_SUBJECTS = frozenset({"nsubj", "advmod", "npadvmod", "compound", "dep", "nmod"})
_PREPS = frozenset({"prep", "agent"})
_CLAUSES = frozenset({"relcl", "advcl", "ccomp", "acl", "parataxis", "appos", "csubj", "xcomp", "punct"})
# Tokens that look like verbs but do not act: a participle before a noun, a word of a name.
_NOT_ACTING = frozenset({"amod", "compound"})
_WORD = re.compile(r"[a-z0-9&][a-z0-9&'\-.]*")


@dataclass(frozen=True)
class VerbMatch:
    """The pattern that fits a verb token, and the tokens its words were found at."""

    pattern: VerbPattern
    verb_token: int
    tokens: tuple[int, ...]  # the particle and pattern words' tokens, in sentence order

    @property
    def phrase(self) -> bool:
        """Whether a pattern with words matched, more than the bare verb (a particle alone,
        `blew up`, is still the bare verb of `blow up`)."""
        return bool(self.pattern.before or self.pattern.after)


@dataclass
class VerbEntry:
    """A dictionary verb: its words after the verb word (`call off`: `off`) and its patterns,
    indexed by one word of each (`anchors`) so that a sentence tries only the patterns whose
    rarest word it holds."""

    lemma: str
    particles: tuple[str, ...]
    patterns: list[VerbPattern] = field(default_factory=list)
    bare: list[VerbPattern] = field(default_factory=list)
    anchors: dict[str, list[VerbPattern]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Side:
    """The places one side of a verb offers a pattern: noun-phrase heads and prepositions."""

    heads: list[int]
    preps: list[int]


@dataclass(frozen=True)
class VerbIndex:
    """Surface verb form -> the dictionary verbs it may be; built once from the CSV rows."""

    forms: Mapping[str, tuple[VerbEntry, ...]]

    def worth_parsing(self, words: Iterable[str], with_bare: bool = False) -> bool:
        """Whether a sentence (its lower-case words) may hold a typed CAMEO match: a verb form
        of the dictionary with the anchor word of one of its typed phrase patterns (or, with
        `with_bare`, a verb whose bare code is typed). A cheap test on words, so that only
        such sentences pay for a parse."""
        words = list(words)
        keys = {word_key(w) for w in words}
        for w in words:
            for entry in self.forms.get(w, ()):
                if with_bare and any(p.event_type for p in entry.bare):
                    return True
                if any(k in entry.anchors and any(p.event_type for p in entry.anchors[k]) for k in keys):
                    return True
        return False

    def match(self, parse: Parse, v: int, prefer: str | None = None) -> VerbMatch | None:
        """The most specific pattern of the verb at token `v` whose words the parse holds
        where the pattern puts them, else the bare verb's own code; None for a token that is no
        acting verb of the dictionary. Null codes are returned too: `---` says the phrase is no
        event, which the caller may use to set aside another trigger of the same word. Among
        equally specific patterns (a verb in two synonym blocks: `deploy * &MILITARY` is 062,
        072 and 154), one of the event type `prefer` goes first, then the row order."""
        entries = self.forms.get(parse.words[v])
        if not entries or not parse.is_verb(v) or parse.pos[v] == "AUX" or parse.deps[v] in _NOT_ACTING:
            return None
        keys = [word_key(w) for w in parse.words]
        best: tuple[tuple[int, bool, int], VerbMatch] | None = None
        for entry in entries:
            used = _particles(parse, v, entry.particles)
            if used is None:
                continue
            before, after = _sides(parse, v, set(used))
            tried: dict[int, VerbPattern] = {id(p): p for p in entry.bare}
            for k in {keys[i] for i in _reach(parse, before, after)}:
                tried.update((id(p), p) for p in entry.anchors.get(k, ()))
            for p in tried.values():
                found = _fit_side(parse, keys, p.before, before)
                found_after = _fit_side(parse, keys, p.after, after) if found is not None else None
                if found is None or found_after is None:
                    continue
                score = (p.size + len(used), prefer is not None and p.event_type == prefer, -p.order)
                if best is None or score > best[0]:
                    best = (score, VerbMatch(p, v, tuple(sorted({*used, *found, *found_after}))))
        return best[1] if best else None


def subtree(parse: Parse, i: int) -> list[int]:
    """Token i and what hangs below it, short of another clause, in sentence order."""
    out, stack = [], [i]
    while stack:
        j = stack.pop()
        out.append(j)
        stack.extend(c for c in parse.children[j] if parse.deps[c] not in _CLAUSES)
    return sorted(out)


def _with_conjuncts(parse: Parse, heads: list[int]) -> list[int]:
    """The heads and the words coordinated with them (`troops and tanks`)."""
    out = list(heads)
    for h in out:
        out.extend(c for c in parse.kids(h, "conj") if c not in out)
    return out


def _sides(parse: Parse, v: int, used: set[int]) -> tuple[_Side, _Side]:
    """What the verb at `v` offers before and after it (see `_OBJECTS`): noun-phrase heads, and
    prepositions (the verb's own, and those of its objects: `deployment of peacekeepers`)."""
    objects, subjects, preps, left_preps = [], [], [], []
    for c in parse.children[v]:
        if c in used:
            continue
        dep = parse.deps[c]
        if dep == "nsubjpass" or (c > v and dep in _OBJECTS):
            objects.append(c)
        elif dep in _PREPS:
            (preps if c > v else left_preps).append(c)
        elif c < v and dep in _SUBJECTS:
            subjects.append(c)
    objects = _with_conjuncts(parse, objects)
    preps += [p for o in objects for p in parse.kids(o, *_PREPS)]
    return _Side(_with_conjuncts(parse, subjects), left_preps), _Side(objects, preps)


def _reach(parse: Parse, *sides: _Side) -> set[int]:
    """Every token a pattern may use on these sides."""
    return {t for side in sides for h in (*side.heads, *side.preps) for t in subtree(parse, h)}


def _particles(parse: Parse, v: int, words: tuple[str, ...]) -> list[int] | None:
    """The tokens of a multi-word verb's other words (`off` of `call off`): each a child of the
    verb or the word right after the previous one; None when one is missing."""
    used: list[int] = []
    last = v
    for w in words:
        at = next((c for c in parse.children[v] if parse.words[c] == w and c > v and c not in used), None)
        if at is None and last + 1 < len(parse) and parse.words[last + 1] == w:
            at = last + 1
        if at is None:
            return None
        used.append(at)
        last = at
    return used


def _fit_side(parse: Parse, keys: list[str], groups: tuple[Group, ...], side: _Side) -> list[int] | None:
    """The tokens a side's groups take, or None when one finds no place: a noun phrase's head
    at one of the side's heads (its other words before it in that head's subtree), a
    prepositional phrase's preposition at one of its prepositions (its other words after it,
    in its subtree)."""
    found: list[int] = []
    for kind, slots in groups:
        hit = None
        if kind == NOUN:
            *mods, head = slots
            for h in side.heads:
                at = _phrase_at(keys, head, h, ending=True)
                if at is not None:
                    rest = _fit(mods, [t for t in subtree(parse, h) if t < at], keys)
                    if rest is not None:
                        hit = [*rest, *range(at, h + 1)]
                        break
        else:
            first, *rest_slots = slots
            for p in side.preps:
                if _phrase_at(keys, first, p, ending=False) is not None:
                    rest = _fit(tuple(rest_slots), [t for t in subtree(parse, p) if t > p], keys)
                    if rest is not None:
                        hit = [p, *rest]
                        break
        if hit is None:
            return None
        found += hit
    return found


def _phrase_at(keys: list[str], slot: Slot, i: int, ending: bool) -> int | None:
    """Where a phrase of the slot starts that ends (`ending`) or starts at token i; None if none."""
    for phrase in slot:
        start = i - len(phrase) + 1 if ending else i
        if start >= 0 and tuple(keys[start : start + len(phrase)]) == phrase:
            return start
    return None


def _fit(slots: tuple[Slot, ...] | list[Slot], tokens: list[int], keys: list[str]) -> list[int] | None:
    """The tokens the slots take among `tokens`, in order (each at its earliest place, which
    finds a match whenever one exists; a phrase's words adjacent); None when a slot has none."""
    found: list[int] = []
    pos = 0
    for slot in slots:
        hit = None
        for p in range(pos, len(tokens)):
            start = _phrase_at(keys, slot, tokens[p], ending=False)
            if start is not None:
                n = next(len(ph) for ph in slot if tuple(keys[start : start + len(ph)]) == ph)
                hit = list(range(start, start + n))
                pos = p + 1
                break
        if hit is None:
            return None
        found += hit
    return found


def build_verb_index(
    rows: Iterable[Mapping[str, str | None]], synset_rows: Iterable[Mapping[str, str | None]]
) -> VerbIndex:
    """The index from the rows of `verbs.csv` and `verb_synsets.csv` (as dicts of text). A verb
    given twice with one pattern (it sits in two synonym blocks) keeps every row: on a tie of
    specificity a typed code goes before a null one, then the lower code."""
    synsets: dict[str, list[tuple[str, ...]]] = {}
    for s in synset_rows:
        words = tuple(word_key(w) for w in _WORD.findall(str(s["phrase"] or "").lower()))
        if words:
            synsets.setdefault(str(s["synset"]).upper(), []).append(words)
    sets = {k: tuple(dict.fromkeys(v)) for k, v in synsets.items()}
    entries: dict[str, VerbEntry] = {}
    forms: dict[str, list[VerbEntry]] = {}
    parsed_texts: dict[str, tuple[tuple[Group, ...], tuple[Group, ...]] | None] = {}
    for row in rows:
        verb = " ".join(str(row["verb"] or "").lower().split())
        words = verb.split()
        if not words or any(w in ("and", "or") for w in words):
            continue  # `killed and`: a coordination, which the parse reads as two verbs
        entry = entries.get(verb)
        if entry is None:
            entry = entries[verb] = VerbEntry(verb, tuple(words[1:]))
            listed = [f.split()[0] for f in str(row["forms"] or "").lower().split("|") if f.strip(" ,")]
            for form in {words[0], *listed} if listed else verb_forms(words[0]):
                forms.setdefault(form, []).append(entry)
        text = str(row["pattern"] or "").lower()
        if text not in parsed_texts:  # a block's patterns repeat for each of its verbs: read once, share
            parsed_texts[text] = parse_pattern(text, sets)
        parsed = parsed_texts[text]
        if parsed is None:
            continue
        cameo = str(row["cameo"] or "---")
        event_type = event_type_of(cameo, row.get("plover_type"))
        pattern = VerbPattern(
            entry.lemma,
            sys.intern(str(row["pattern"] or "")),
            sys.intern(cameo),
            event_type,
            mode_of(cameo, event_type, row.get("plover_mode"), row.get("plover_context")) if event_type else None,
            parsed[0],
            parsed[1],
        )
        entry.patterns.append(pattern)
    for entry in entries.values():
        ranked = sorted(entry.patterns, key=lambda p: (p.event_type is None, p.cameo))
        entry.patterns = [_ranked(p, n) for n, p in enumerate(ranked)]
        for p in entry.patterns:
            slots = [slot for _, group in (*p.before, *p.after) for slot in group]
            if not slots:
                entry.bare.append(p)
                continue
            anchor = min(slots, key=len)  # the slot with the fewest phrases: the rarest word
            for phrase in anchor:
                entry.anchors.setdefault(phrase[0], []).append(p)
    return VerbIndex({form: tuple(e) for form, e in forms.items()})


def _ranked(p: VerbPattern, order: int) -> VerbPattern:
    return VerbPattern(p.verb, p.text, p.cameo, p.event_type, p.mode, p.before, p.after, order)
