"""The trigger table's verb phrases read on the parse: a verb with its object, not a string.

`event_patterns.csv` writes a verb phrase as words in a row (`send troops`, `close the border`,
`recall its ambassador`), and the string matcher (`event_triggers.find_triggers`) finds it only
as written: `sent 500 more troops`, `closed its border` and `recalled the country's ambassador`
were no event. Here each such phrase is read as the field's verb dictionaries read theirs: the
verb, and an object of that verb whose phrase holds the pattern's words before its first
preposition (the object's own head among them), with any number or adjective besides; a
particle may stand on the verb; each preposition of the pattern must stand on the verb or in
the object's phrase with the pattern's words after it below it (`lifted the travel ban on
imports`); a row that names no object (`put on alert`) is read only as written. The
determiner must be of the kind the pattern writes (`_DEFINITE`). Violent acts are read only as
written (`build_phrase_index`).

A phrase found so codes the verb as the table codes the phrase. Its hit is the verb alone, so
that the names inside the object stay actors (`expelled two French diplomats`: France is the
target). A phrase the string matcher found stays as it is, and the phrase adds nothing where a
trigger stands in its object (`held their first meeting with X`: the meeting codes the act, with
its `with X`), unless that trigger is one of the phrase's own words read as another act
(`called off its planned strike` is no strike). A trigger on the verb gives way to the phrase,
as the string matcher prefers the longest match. A conjunct of the object is
an object too (`offered police officers and troops`).

Pure: the trigger rows in, an index out; a parse in, hits out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from transforms.cameo_patterns import word_key
from transforms.cameo_verbs import subtree
from transforms.event_triggers import VIOLENT_TYPES, Hit, Trigger
from transforms.syntax import Parse

# Determiners a phrase may write: a definite one stands for any definite one (`close the border`
# is `closed its border`), an indefinite one for any indefinite one. A phrase that writes none
# (`send troops`, `settle dispute`) takes a definite determiner or none, never an indefinite one
# (`settle a dispute` is a habit, not an act) nor another noun's possessive (`join forces` is
# no `joined Penn's force`).
_DEFINITE = frozenset("the its their his her our my your this that these those".split())
_INDEFINITE = frozenset("a an any no some every each another".split())
# Prepositions of a phrase: the words after one are its object's (`put on alert`, `lift the ban on`).
_PREPOSITIONS = frozenset("on with to from into for of against over in at upon about between by under".split())
_OBJECTS = ("dobj", "obj")


@dataclass(frozen=True)
class VerbPhrase:
    """A verb phrase of the table: its verb form, the keys of its object's words, each of its
    prepositions with the keys of that preposition's words, the kind of determiner it writes
    (`definite`, `indefinite` or None), and its row."""

    verb: str
    words: frozenset[str]
    preps: tuple[tuple[str, frozenset[str]], ...]
    determiner: str | None
    trigger: Trigger

    @property
    def size(self) -> int:
        """How many words the phrase names: the more, the more specific."""
        return len(self.words) + sum(1 + len(w) for _, w in self.preps)


@dataclass
class PhraseIndex:
    """The verb phrases by verb form, and the object words each verb form is read with (the
    cheap test that a sentence may hold one)."""

    by_verb: dict[str, list[VerbPhrase]] = field(default_factory=dict)
    objects: dict[str, frozenset[str]] = field(default_factory=dict)

    def worth_parsing(self, words: Iterable[str]) -> bool:
        """Whether the sentence's words (lower case) hold a verb form with one of its objects."""
        present = set(words)
        keys = {word_key(w) for w in present}
        return any(w in self.objects and self.objects[w] & keys for w in present)


def read_phrase(form: str, trig: Trigger) -> VerbPhrase | None:
    """A table form read as a verb, its object's words and its prepositions' words; None for a
    form that names no object of its verb (`promised to`, `put on alert`: no word before the
    first preposition)."""
    verb, *rest = form.split()
    words: set[str] = set()
    preps: list[tuple[str, set[str]]] = []
    determiner = None
    for w in rest:
        if w in _PREPOSITIONS:
            preps.append((w, set()))
        elif w in _DEFINITE or w in _INDEFINITE:
            determiner = determiner or ("definite" if w in _DEFINITE else "indefinite")
        elif preps:
            preps[-1][1].add(word_key(w))
        else:
            words.add(word_key(w))
    if not words:
        return None
    return VerbPhrase(verb, frozenset(words), tuple((p, frozenset(ws)) for p, ws in preps), determiner, trig)


def build_phrase_index(triggers: Mapping[str, Trigger]) -> PhraseIndex:
    """The verb phrases of the trigger table (`pos` verb, with an object; violent acts are read
    only as written, their tolls being the warehouse's most summed figures): every expanded
    surface form, so every inflection of the verb is indexed."""
    index = PhraseIndex()
    objects: dict[str, set[str]] = {}
    for form, trig in triggers.items():
        if trig.pos != "verb" or trig.event_type in VIOLENT_TYPES:
            continue
        phrase = read_phrase(form, trig)
        if phrase is None:
            continue
        index.by_verb.setdefault(phrase.verb, []).append(phrase)
        objects.setdefault(phrase.verb, set()).update(phrase.words)
    index.objects = {v: frozenset(ws) for v, ws in objects.items()}
    return index


def _determiner_fits(parse: Parse, o: int, written: str | None) -> bool:
    """Whether the object's determiner is of the kind the phrase writes (see `_DEFINITE`)."""
    dets = {parse.words[d] for d in parse.kids(o, "det")}
    if dets & _INDEFINITE:
        return written == "indefinite"
    if written is None:
        # another noun's possessive (`Penn's force`); a pronoun's (`its`) is a definite determiner
        return not any(parse.tags[p] != "PRP$" for p in parse.kids(o, "poss"))
    return True


def _preps_fit(parse: Parse, v: int, tokens: list[int], preps: tuple[tuple[str, frozenset[str]], ...]) -> bool:
    """Whether each preposition of the phrase stands on the verb or in the object's phrase
    (`tokens`) with its words below it (`lifted the ban on imports`, `took control of the town`)."""
    for prep, words in preps:
        found = [
            p
            for p in (*parse.kids(v, "prep"), *(i for i in tokens if parse.deps[i] == "prep"))
            if parse.words[p] == prep
        ]
        if not any(words <= {word_key(parse.words[i]) for i in subtree(parse, p)} for p in found):
            return False
    return True


def phrase_at(index: PhraseIndex, parse: Parse, v: int) -> tuple[VerbPhrase, list[int]] | None:
    """The most specific phrase of the table that the verb token `v` and one of its objects
    make (see module), with the object's tokens; None where none does."""
    phrases = index.by_verb.get(parse.words[v])
    if not phrases or not parse.is_verb(v):
        return None
    particles = {word_key(parse.words[c]) for c in parse.kids(v, "prt")}
    best: tuple[VerbPhrase, list[int]] | None = None
    objects = parse.kids(v, *_OBJECTS)
    for o in objects + [c for x in objects for c in parse.kids(x, "conj")]:  # `officers and troops`
        tokens = subtree(parse, o)
        have = {word_key(parse.words[i]) for i in tokens} | particles
        head = word_key(parse.words[o])
        for p in phrases:
            if head not in p.words or not p.words <= have or (best is not None and p.size <= best[0].size):
                continue
            if _determiner_fits(parse, o, p.determiner) and _preps_fit(parse, v, tokens, p.preps):
                best = (p, tokens)
    return best


def with_phrases(
    index: PhraseIndex | None, sentence: str, parse: Parse, found: list[tuple[Hit, Trigger]]
) -> list[tuple[Hit, Trigger]]:
    """The string matcher's triggers (`found`) with the table's verb phrases read on the parse
    added (see module), in sentence order."""
    if index is None:
        return found
    phrases = [h for h, t in found if " " in t.form]
    out = list(found)
    for v in range(len(parse)):
        at = phrase_at(index, parse, v)
        if at is None:
            continue
        p, tokens = at
        start, end = parse.starts[v], parse.ends[v]
        if any(h.start < end and start < h.end for h in phrases):
            continue  # the string matcher found a phrase here: it stands
        inside = [(h, t) for h, t in found if any(parse.starts[i] <= h.start < parse.ends[i] for i in tokens)]
        # the phrase takes the verb and its own words where they read as another act
        # (`called off its planned strike` is no strike)
        taken = {h.start for h, t in inside if word_key(h.text) in p.words and t.event_type != p.trigger.event_type}
        if any(h.start not in taken for h, _ in inside):
            continue  # `held a meeting with X`: a trigger in the object codes the act, with its phrases
        out = [(h, t) for h, t in out if not (h.start < end and start < h.end) and h.start not in taken]
        out.append((Hit(start, end, sentence[start:end]), p.trigger))
    return sorted(out, key=lambda ht: ht[0].start)
