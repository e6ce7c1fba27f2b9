"""The trigger table's verb phrases read on the parse: a verb with its object, not a string.

`event_patterns.csv` writes a verb phrase as words in a row (`send troops`, `close the border`,
`recall its ambassador`), and the string matcher (`event_triggers.find_triggers`) finds it only
as written: `sent 500 more troops`, `closed its border` and `recalled the country's ambassador`
were no event. Here each such phrase is read as the field's verb dictionaries read theirs: the
verb, and an object of that verb whose phrase holds the pattern's other words (its own head
among them), in any order, with any determiner, number or adjective besides; a particle or a
preposition of the pattern may stand on the verb or in the object's phrase.

A phrase found so codes the verb as the table codes the phrase. Its hit is the verb alone, so
that the names inside the object stay actors (`expelled two French diplomats`: France is the
target). A phrase the string matcher found stays as it is, and so does a trigger in the object
that codes the same act (`held their first meeting with X`: the meeting, with its `with X`); a
single-word trigger on the verb gives way to the phrase, as the string matcher prefers the
longest match.

Pure: the trigger rows in, an index out; a parse in, hits out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from transforms.event_triggers import Hit, Trigger
from transforms.syntax import Parse

# Words a phrase may write that its object need not have: `close the border` is `closed its border`.
_FREE = frozenset("the a an its their his her our my your this that these those".split())
_OBJECTS = ("dobj", "obj")
# Dependents of the object that belong to another clause: their words are not the object's.
_CLAUSES = frozenset({"relcl", "acl", "advcl", "ccomp", "appos", "parataxis"})


def _key(word: str) -> str:
    """A word compared without its plural `s` (`troops` and `troop`, `borders` and `border`)."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


@dataclass(frozen=True)
class VerbPhrase:
    """A verb phrase of the table: its verb form, the keys of its other words, and its row."""

    verb: str
    words: frozenset[str]
    trigger: Trigger


@dataclass
class PhraseIndex:
    """The verb phrases by verb form, and the object words each verb form is read with (the
    cheap test that a sentence may hold one)."""

    by_verb: dict[str, list[VerbPhrase]] = field(default_factory=dict)
    objects: dict[str, frozenset[str]] = field(default_factory=dict)

    def worth_parsing(self, words: Iterable[str]) -> bool:
        """Whether the sentence's words (lower case) hold a verb form with one of its objects."""
        present = set(words)
        keys = {_key(w) for w in present}
        return any(w in self.objects and self.objects[w] & keys for w in present)


def build_phrase_index(triggers: Mapping[str, Trigger]) -> PhraseIndex:
    """The verb phrases of the trigger table (`pos` verb, two words or more after dropping the
    free words): every expanded surface form, so every inflection of the verb is indexed."""
    index = PhraseIndex()
    objects: dict[str, set[str]] = {}
    for form, trig in triggers.items():
        if trig.pos != "verb":
            continue
        verb, *rest = form.split()
        words = frozenset(_key(w) for w in rest if w not in _FREE)
        if not words:
            continue
        index.by_verb.setdefault(verb, []).append(VerbPhrase(verb, words, trig))
        objects.setdefault(verb, set()).update(words)
    index.objects = {v: frozenset(ws) for v, ws in objects.items()}
    return index


def _phrase_tokens(parse: Parse, o: int) -> list[int]:
    """The tokens of an object's phrase, its own clauses left out."""
    out, todo = [], [o]
    while todo:
        i = todo.pop()
        out.append(i)
        todo += [c for c in parse.kids(i) if parse.deps[c] not in _CLAUSES]
    return out


def phrase_at(index: PhraseIndex, parse: Parse, v: int) -> tuple[VerbPhrase, list[int]] | None:
    """The most specific phrase of the table that the verb token `v` and one of its objects
    make (see module), with the object's tokens; None where none does."""
    phrases = index.by_verb.get(parse.words[v])
    if not phrases or not parse.is_verb(v):
        return None
    on_verb = {_key(parse.words[c]) for c in parse.kids(v, "prt", "prep")}
    best: tuple[VerbPhrase, list[int]] | None = None
    for o in parse.kids(v, *_OBJECTS):
        tokens = _phrase_tokens(parse, o)
        have = {_key(parse.words[i]) for i in tokens} | on_verb
        head = _key(parse.words[o])
        for p in phrases:
            if head in p.words and p.words <= have and (best is None or len(p.words) > len(best[0].words)):
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
        first, last = min(parse.starts[i] for i in tokens), max(parse.ends[i] for i in tokens)
        if any(first <= h.start and h.end <= last and t.event_type == p.trigger.event_type for h, t in found):
            continue  # `held their first meeting with X`: the object's own trigger codes the act
        out = [(h, t) for h, t in out if not (h.start < end and start < h.end)]
        out.append((Hit(start, end, sentence[start:end]), p.trigger))
    return sorted(out, key=lambda ht: ht[0].start)
