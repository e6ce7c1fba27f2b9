"""`eventwire eval ner PATH`: span-level NER scores on CoNLL-2003-format data.

Each DOCSTART document is one text (sentences joined by newlines), so the model sees the
same context it sees in articles. Predicted character spans are aligned to the gold tokens;
labels are mapped to CoNLL's four types (PER, ORG, LOC, MISC).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from transforms.ner import entity_spans
from transforms.scoring import span_prf

TO_CONLL = {"PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "MISC", "MISC": "MISC"}


@dataclass
class Document:
    text: str = ""
    tokens: list[tuple[int, int]] = field(default_factory=list)  # char span of each token
    sentence_of: list[int] = field(default_factory=list)
    gold: list[tuple[int, int, str]] = field(default_factory=list)  # token start, token end (excl.), type


def read_conll(path: Path) -> list[Document]:
    """Documents of a CoNLL-2003 file, with IOB1 tags decoded into token spans."""
    docs: list[Document] = [Document()]
    sentence = 0
    prev_type = "O"
    start_tok: int | None = None

    def close(doc: Document, end: int) -> None:
        nonlocal start_tok
        if start_tok is not None:
            doc.gold.append((start_tok, end, prev_type))
            start_tok = None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        doc = docs[-1]
        if line.startswith("-DOCSTART-"):
            close(doc, len(doc.tokens))
            prev_type = "O"
            if doc.tokens:
                docs.append(Document())
            continue
        if not line:
            close(doc, len(doc.tokens))
            prev_type = "O"
            if doc.tokens and not doc.text.endswith("\n"):
                doc.text += "\n"
                sentence += 1
            continue
        parts = line.split()
        token, tag = parts[0], parts[-1]
        if doc.text and not doc.text.endswith("\n"):
            doc.text += " "
        begin = len(doc.text)
        doc.text += token
        index = len(doc.tokens)
        doc.tokens.append((begin, len(doc.text)))
        doc.sentence_of.append(sentence)
        kind = tag[2:] if tag != "O" else "O"
        if tag == "O" or tag.startswith("B-") or kind != prev_type:
            close(doc, index)
        if tag != "O" and start_tok is None:
            start_tok = index
        prev_type = kind
    close(docs[-1], len(docs[-1].tokens))
    return [d for d in docs if d.tokens]


def _to_tokens(doc: Document, start: int, end: int) -> tuple[int, int] | None:
    """The tokens a character span covers (any overlap), as [first, last + 1)."""
    covered = [i for i, (s, e) in enumerate(doc.tokens) if s < end and e > start]
    return (covered[0], covered[-1] + 1) if covered else None


def evaluate_ner(path: Path, nlp) -> dict:
    """Overall and per-type P/R/F1 of the NER seam on a CoNLL file."""
    docs = read_conll(path)
    predictions = entity_spans([d.text for d in docs], nlp)
    gold, predicted = [], []
    for n, (doc, spans) in enumerate(zip(docs, predictions, strict=True)):
        gold += [(n, s, e, t) for s, e, t in doc.gold]
        for start, end, label in spans:
            toks = _to_tokens(doc, start, end)
            if toks and label in TO_CONLL:
                predicted.append((n, toks[0], toks[1], TO_CONLL[label]))
    scores = span_prf(gold, predicted)
    scores["documents"] = len(docs)
    scores["tokens"] = sum(len(d.tokens) for d in docs)
    return scores
