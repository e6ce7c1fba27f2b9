"""Sentence splitting with character offsets into the article text.

Rule-based on purpose: news prose is regular, offsets must be exact for provenance, and
this runs at hundreds of thousands of sentences a second. Lines are paragraphs (extraction
puts one paragraph per line), so a sentence never crosses a newline.
"""

from __future__ import annotations

import re

import polars as pl

SENTENCE_SCHEMA = {
    "article_id": pl.String,
    "sent_idx": pl.Int32,
    "char_start": pl.Int32,
    "char_end": pl.Int32,
    "sentence": pl.String,
}

# Tokens after which a period does not end a sentence.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen col lt sgt capt maj cmdr adm rep sen gov pres st jr sr rev hon
    messrs mt ft no nos vs etc inc ltd co corp dept univ est approx fig jan feb mar apr jun jul aug
    sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun a.m p.m u.s u.k u.n e.u
    i.e e.g al""".split()
)
# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then space (or,
# after a lower-case word, a capitalised one straight away).
_BOUNDARY = re.compile(
    r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])"""
    # pages glued without the space: `No one is in custody.When the President ...`
    r"""|(?<=[a-z]{2})[.!?]+["'”’)\]]*(?=["'“‘(\[]?[A-Z][a-z])"""
)
_LAST_TOKEN = re.compile(r"([\w.]+)\.?$")


def _is_abbreviation(text: str, end: int) -> bool:
    """True when the period at text[end-1] closes an abbreviation or an initial."""
    match = _LAST_TOKEN.search(text, max(0, end - 40), end)  # a window: lines can be very long
    if not match:
        return False
    token = match.group(1).rstrip(".").lower()
    if token in _ABBREVIATIONS:
        return True
    return len(token) == 1 and token.isalpha()  # an initial: "John F. Kennedy"


def split_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences in `text`, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        pos += len(line) + 1
        start = 0
        for match in _BOUNDARY.finditer(line):
            if match.group(0).startswith(".") and _is_abbreviation(line, match.start() + 1):
                continue
            spans.append((line_start + start, line_start + match.end()))
            start = match.end()
        spans.append((line_start + start, line_start + len(line)))
    trimmed = []
    for s, e in spans:
        seg = text[s:e]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        if e - trail > s + lead:
            trimmed.append((s + lead, e - trail))
    return trimmed


def split_sentences(articles: pl.DataFrame) -> pl.DataFrame:
    """One row per sentence of each article (columns `article_id`, `text`)."""
    rows = [
        (article_id, idx, s, e, text[s:e])
        for article_id, text in articles.select("article_id", "text").iter_rows()
        for idx, (s, e) in enumerate(split_spans(text))
    ]
    return pl.DataFrame(rows, schema=SENTENCE_SCHEMA, orient="row")
