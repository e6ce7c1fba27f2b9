"""Dependency parses of the sentences that hold an event trigger, as plain tuples.

Only sentences with a trigger are parsed: the parser is the most expensive step of the
pipeline and most sentences of a news article code no event. The model is passed in (the flows
load it once per process); what comes out holds no spaCy objects, so the event coder and its
tests work on small immutable values.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

# The parser needs its shared token-to-vector layer and the tagger (whose tags the attribute
# ruler maps to coarse parts of speech); NER and the lemmatizer are not used here.
PARSER_EXCLUDE = ("ner", "lemmatizer", "senter")
# Longer sentences are lists or tables flattened into text: the parser's cost grows with them
# and its analysis of them is poor, so they keep the word-order rules.
MAX_PARSED_CHARS = 1500


@dataclass(frozen=True)
class Parse:
    """One sentence's tokens: offsets relative to the sentence, head index, dependency label,
    coarse part of speech and Penn tag, in token order."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    heads: tuple[int, ...]
    deps: tuple[str, ...]
    pos: tuple[str, ...]
    tags: tuple[str, ...]
    words: tuple[str, ...]
    children: tuple[tuple[int, ...], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        kids: list[list[int]] = [[] for _ in self.heads]
        for i, h in enumerate(self.heads):
            if h != i:
                kids[h].append(i)
        object.__setattr__(self, "children", tuple(tuple(k) for k in kids))

    def __len__(self) -> int:
        return len(self.heads)

    def kids(self, i: int, *deps: str) -> list[int]:
        """The children of token i with one of the given dependency labels (all when none)."""
        return [c for c in self.children[i] if not deps or self.deps[c] in deps]

    def token_at(self, char: int) -> int | None:
        """The token that covers a character offset, if any."""
        for i, (s, e) in enumerate(zip(self.starts, self.ends, strict=True)):
            if s <= char < e:
                return i
            if s > char:
                return None
        return None

    def span_head(self, start: int, end: int) -> int | None:
        """The syntactic head of the tokens within [start, end): the one whose head lies outside."""
        inside = [i for i, (s, e) in enumerate(zip(self.starts, self.ends, strict=True)) if s < end and e > start]
        for i in inside:
            if self.heads[i] not in inside or self.heads[i] == i:
                return i
        return inside[-1] if inside else None

    def is_verb(self, i: int) -> bool:
        return self.pos[i] in ("VERB", "AUX") or self.tags[i].startswith("VB")

    def is_noun(self, i: int) -> bool:
        return self.pos[i] in ("NOUN", "PROPN") or self.tags[i].startswith("NN")

    def left_edge(self, i: int) -> int:
        """The first token of i's subtree."""
        edge = i
        stack = [i]
        while stack:
            j = stack.pop()
            edge = min(edge, j)
            stack.extend(self.children[j])
        return edge


def parse_sentences(sentences: Sequence[str], nlp: Any, *, batch_size: int = 256) -> list[Parse | None]:
    """A parse for each sentence (None for one too long to parse), read shortest first so
    the model's batches waste less padding."""
    order = sorted((i for i, s in enumerate(sentences) if len(s) <= MAX_PARSED_CHARS), key=lambda i: len(sentences[i]))
    out: list[Parse | None] = [None] * len(sentences)
    docs = nlp.pipe((sentences[i] for i in order), batch_size=batch_size)
    for i, doc in zip(order, docs, strict=True):
        out[i] = Parse(
            tuple(t.idx for t in doc),
            tuple(t.idx + len(t.text) for t in doc),
            tuple(t.head.i for t in doc),
            tuple(t.dep_ for t in doc),
            tuple(t.pos_ for t in doc),
            tuple(t.tag_ for t in doc),
            tuple(t.lower_ for t in doc),
        )
    return out
