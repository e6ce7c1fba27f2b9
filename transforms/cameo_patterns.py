"""The CAMEO verb dictionary's patterns as data: the words a pattern asks for, where, and how
words are compared (`word_key`, `verb_forms`). Text in, tuples out; `cameo_verbs` matches them
on a parse.

A pattern (`seeds/petrarch/verbs.csv`, see `seeds/petrarch/README.md`) is split at `*`, the
verb's place, into the groups before and after it: a bare word is a noun phrase of its own,
`{...}` one noun phrase (its last word the head), `(...)` one prepositional phrase (its first
word the preposition; a `{...}` inside it only groups). `&NAME` is any phrase of the synset;
`a_b` words must be adjacent; `x/y` are alternatives for one word; `$`, `+`, `^`, `%` (actors,
TABARI skips) match nothing and are dropped. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

# A slot is one word of a pattern: its alternative phrases, each a run of adjacent word keys.
Slot = tuple[tuple[str, ...], ...]
# A group is a noun phrase (`ties`, `{diplomatic relations}`: its last slot the head) or a
# prepositional phrase (`(for {financial aid})`: its first slot the preposition).
NOUN, PREP = "np", "pp"
Group = tuple[str, tuple[Slot, ...]]

_MARKERS = frozenset("$+^%")
_PIECE = re.compile(r"\(([^()]*)\)|\{([^{}]*)\}|(\S+)")


def word_key(word: str) -> str:
    """A word's lemma key for matching nouns: lower case, a regular plural's ending dropped
    (`sanctions`, `allies`, `churches` -> `sanction`, `ally`, `church`). The same function reads
    the dictionary and the sentence, so a plural and its singular meet whatever its spelling."""
    w = word.lower()
    if len(w) <= 3 or not w.endswith("s") or w.endswith(("ss", "us", "is", "'s")):
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "xes", "zes", "sses")):
        return w[:-2]
    return w[:-1]


def verb_forms(lemma: str) -> set[str]:
    """The regular inflections of a verb (PETRARCH builds them the same way where the dictionary
    lists no forms); a doubled final consonant is added as a variant (`stopped`), since a form
    no sentence uses costs nothing."""
    w = lemma
    forms = {w}
    consonant_y = len(w) > 2 and w.endswith("y") and w[-2] not in "aeiou"
    if w.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms.add(w + "es")
    else:
        forms.add(w[:-1] + "ies" if consonant_y else w + "s")
    if w.endswith("ie"):
        forms |= {w + "d", w[:-2] + "ying"}
    elif w.endswith("e"):
        forms |= {w + "d", w + "ing" if w.endswith("ee") else w[:-1] + "ing"}
    elif consonant_y:
        forms |= {w[:-1] + "ied", w + "ing"}
    else:
        forms |= {w + "ed", w + "ing"}
        if len(w) > 2 and w[-1] not in "aeiouwxy" and w[-2] in "aeiou" and w[-3] not in "aeiou":
            forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}
    return forms


@dataclass(frozen=True, slots=True)
class VerbPattern:
    """One row of the verb dictionary: a verb's pattern (`''` for the bare verb) and its code."""

    verb: str
    text: str
    cameo: str
    event_type: str | None  # None: the field codes no PLOVER event here (`---`, CAMEO 01/02)
    mode: str | None
    before: tuple[Group, ...]
    after: tuple[Group, ...]
    order: int = 0  # rank among rows of equal specificity: typed codes first, then the code

    @property
    def size(self) -> int:
        """How many words the pattern asks for: its specificity."""
        return sum(min(len(p) for p in slot) for _, slots in (*self.before, *self.after) for slot in slots)


def parse_pattern(text: str, synsets: Mapping[str, Slot]) -> tuple[tuple[Group, ...], tuple[Group, ...]] | None:
    """A pattern's groups before and after `*`; None when it names an unknown synset. A bare
    word is a noun phrase of its own, `{...}` one noun phrase, `(...)` one prepositional phrase
    (a `{...}` inside it only groups)."""
    before_text, star, after_text = text.partition("*")
    if not star:
        before_text, after_text = "", text
    out = []
    for part in (before_text, after_text):
        groups: list[Group] = []
        for m in _PIECE.finditer(part):
            kind = PREP if m.group(1) is not None else NOUN
            slots: list[Slot] = []
            for raw in (m.group(1) or m.group(2) or m.group(3) or "").replace("{", " ").replace("}", " ").split():
                raw = raw.strip("_")
                if not raw or raw in _MARKERS:
                    continue
                slot = _slot(raw, synsets)
                if slot is None:
                    return None
                if slot:
                    slots.append(slot)
            if slots:
                groups.append((kind, tuple(slots)))
        out.append(tuple(groups))
    return out[0], out[1]


def _slot(raw: str, synsets: Mapping[str, Slot]) -> Slot | None:
    """One pattern word: `&NAME` (its synset's phrases), `a_b` (adjacent words), `x/y` (either)."""
    phrases: list[tuple[str, ...]] = []
    for alt in raw.split("/"):
        words = [w for w in alt.split("_") if w and w not in _MARKERS]
        if len(words) == 1 and words[0].startswith("&"):
            if words[0].upper() not in synsets:
                return None
            phrases.extend(synsets[words[0].upper()])
        elif words:
            if any(w.startswith("&") for w in words):
                return None  # a synset inside an adjacency run: rare, and not worth a grammar
            phrases.append(tuple(word_key(w) for w in words))
    return tuple(dict.fromkeys(phrases))
