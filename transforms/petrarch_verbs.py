"""Read the PETRARCH2 verb dictionary (CAMEO.2.0.txt) and the CAMEO->PLOVER table into seed rows.

Pure functions: text in, rows out; no file I/O. A verb row ties a verb (and, for a pattern row,
the phrase around it) to the CAMEO code the dictionary gives and to the PLOVER type, mode and
context that CAMEO code maps to.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from transforms.petrarch_actors import NULL_CODE, Skipped, phrase_of, plural_of

_PLOVER_LINE = re.compile(r"^(\d{2,4})\s*:\s*(.*)$")
_BLOCK = re.compile(r"^---\s*(.*?)\s*(?:\[([^\]]*)\])?\s*-*\s*$")
_PATTERN = re.compile(r"^-\s*(.*?)\s*\[([^\]]+)\]\s*$")
_VERB = re.compile(r"^(?P<lemma>[^\s{\[]+)\s*(?:\{(?P<forms>[^}]*)\})?\s*(?:\[(?P<code>[^\]]*)\])?\s*$")
_SYNSET_REF = re.compile(r"&[A-Za-z0-9_]+")

PLOVER_NONE = ("", "", "")


@dataclass
class PloverTable:
    """CAMEO code -> (type, mode, context); the first line wins where the file repeats a code."""

    codes: dict[str, tuple[str, str, str]]
    skipped: list[Skipped]
    conflicts: list[str]  # codes given twice with different values


@dataclass
class Block:
    name: str
    code: str
    verbs: list[tuple[str, str, str]] = field(default_factory=list)  # (verb, forms, code)
    patterns: list[tuple[str, str]] = field(default_factory=list)  # (pattern, code)


@dataclass
class VerbParse:
    rows: list[dict[str, str]]
    synsets: list[dict[str, str]]
    skipped: list[Skipped]
    counts: Counter[str]


def parse_plover(text: str) -> PloverTable:
    """`0311: AGREE,  , economic # comment` lines; a context list `a; b` becomes `a|b`."""
    codes: dict[str, tuple[str, str, str]] = {}
    skipped: list[Skipped] = []
    conflicts: list[str] = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        body = raw.partition("#")[0].strip()
        if not body:
            continue
        match = _PLOVER_LINE.match(body)
        fields = [f.strip() for f in match.group(2).split(",")] if match else []
        if not fields or not re.fullmatch(r"[A-Z]+", fields[0]):
            skipped.append(Skipped(lineno, "not a mapping line", raw.strip()))
            continue
        mode = fields[1] if len(fields) > 1 else ""
        context = "|".join(c.strip() for c in ";".join(fields[2:]).split(";") if c.strip())
        value = (fields[0], mode, context)
        code = match.group(1)
        if code in codes:
            if codes[code] != value:
                conflicts.append(code)
            continue
        codes[code] = value
    return PloverTable(codes=codes, skipped=skipped, conflicts=conflicts)


def plover_for(cameo: str, table: PloverTable | None) -> tuple[str, str, str]:
    """PLOVER (type, mode, context) of a dictionary code, from its own line or its nearest parent's.

    `0311` -> `031` -> `03`. A paired code `042:043` (the event one way, its reciprocal the other)
    maps by its first code, `:173` (the reciprocal only) by its second; `080!` by its digits.
    `---` (no event) and codes with no line on their path (CAMEO 01x, 02x) map to nothing.
    """
    if table is None:
        return PLOVER_NONE
    first, _, second = cameo.partition(":")
    digits = re.sub(r"\D", "", first or second)
    while len(digits) >= 2:
        if digits in table.codes:
            return table.codes[digits]
        digits = digits[:-1]
    return PLOVER_NONE


def verb_text(word: str) -> str:
    """`+CORDON_OFF` -> "cordon off": the `+` that marks the verb word of a phrase is dropped."""
    return " ".join(word.replace("+", " ").replace("_", " ").split()).lower()


def pattern_text(pattern: str) -> str:
    """The pattern in lower case with blanks collapsed; `&SYNSET` names kept upper case, as written."""
    lowered = " ".join(pattern.split()).lower()
    return _SYNSET_REF.sub(lambda m: m.group(0).upper(), lowered)


def parse_verbs(text: str, plover: PloverTable | None) -> VerbParse:
    """verbs.csv and verb_synsets.csv rows of CAMEO.2.0.txt.

    `&NAME` starts a synset and its `+` lines are its phrases; `--- NAME [code] ---` starts a verb
    block, whose code (default `---`) every verb of the block takes unless the verb line gives its
    own; `- pattern [code]` lines belong to the block and apply to every verb in it, so each verb
    gets one row per pattern. Skipped and counted: a pattern naming a synset not defined above it
    (PETRARCH ignores those), lines outside any block, lines that do not parse. The `~`
    transformation lines are not converted (counted only).
    """
    synsets: dict[str, list[str]] = {}
    noplural: set[str] = set()
    blocks: list[Block] = []
    skipped: list[Skipped] = []
    counts: Counter[str] = Counter()
    synset: str | None = None
    block: Block | None = None
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.partition("#")[0].partition(";")[0].strip()  # `;` too: TABARI's comment, in two verb lines
        if not line or line.startswith("<!"):
            continue
        if line.startswith("---"):
            head = _BLOCK.match(line)
            name, code = (head.group(1), (head.group(2) or "").strip()) if head else (line, "")
            block = Block(name=name, code=code or NULL_CODE)
            blocks.append(block)
            synset = None
        elif line.startswith("~"):
            counts["transformations dropped"] += 1
        elif line.startswith("&"):
            label = line.split()[0]
            synset, block = label.rstrip("_"), None
            synsets.setdefault(synset, [])
            if label.endswith("_"):
                noplural.add(synset)
        elif line.startswith("+") and synset is not None:
            synsets[synset].append(line[1:])
        elif block is None:
            skipped.append(Skipped(lineno, "outside a verb block", raw.strip()))
        elif line.startswith("-"):
            pattern = _PATTERN.match(line)
            if pattern is None:
                skipped.append(Skipped(lineno, "pattern without [code]", raw.strip()))
                continue
            undefined = [r for r in _SYNSET_REF.findall(pattern.group(1)) if r.rstrip("_") not in synsets]
            if undefined:
                skipped.append(Skipped(lineno, "undefined synset", raw.strip(), undefined[0]))
                continue
            block.patterns.append((pattern_text(pattern.group(1)), pattern.group(2).strip()))
        else:
            verb = _VERB.match(line)
            if verb is None:
                skipped.append(Skipped(lineno, "unreadable verb line", raw.strip()))
                continue
            forms = "|".join(verb_text(f) for f in (verb.group("forms") or "").split())
            code = (verb.group("code") or "").strip() or block.code
            block.verbs.append((verb_text(verb.group("lemma")), forms, code))
    rows: set[tuple[str, str, str, str]] = set()
    for blk in blocks:
        counts["blocks"] += 1
        counts["verbs"] += len(blk.verbs)
        counts["patterns"] += len(blk.patterns)
        if not blk.verbs:
            counts["patterns in blocks without verbs"] += len(blk.patterns)
        for verb, forms, code in blk.verbs:
            for pattern, pcode in [("", code), *blk.patterns]:
                row = (verb, pattern, pcode, forms)
                counts["duplicates"] += row in rows
                rows.add(row)
    out = [
        dict(zip(("verb", "forms", "pattern", "cameo"), (v, f, p, c), strict=True))
        | dict(zip(("plover_type", "plover_mode", "plover_context"), plover_for(c, plover), strict=True))
        for v, p, c, f in sorted(rows)
    ]
    counts["rows"] = len(out)
    synset_rows = _synset_rows(synsets, noplural)
    counts["synsets"] = len(synsets)
    counts["synset phrases"] = len(synset_rows)
    return VerbParse(rows=out, synsets=synset_rows, skipped=skipped, counts=counts)


def _synset_rows(synsets: dict[str, list[str]], noplural: set[str]) -> list[dict[str, str]]:
    """`synset,phrase` rows, `synset` as patterns name it (`&CURRENCY`), with the regular plurals.

    dictionaries.rst: plurals are formed unless the phrase or the synset label ends with `_`.
    """
    rows: set[tuple[str, str]] = set()
    for name, members in synsets.items():
        for member in members:
            phrase, whole = phrase_of(member)
            if not phrase:
                continue
            rows.add((name, phrase))
            plural = None if whole or name in noplural else plural_of(phrase)
            if plural:
                rows.add((name, plural))
    return [{"synset": s, "phrase": p} for s, p in sorted(rows)]
