"""Killed and injured counts in a sentence, from digits and number words.

Numbers are words or digits (`two children`, `at least 12`, `1,200`); vague quantities take
ACLED's conventions from `seeds/number_words.csv` (`dozens` -> 12, `several` -> 3). A count is
read only where the number is tied to a casualty word (`killed two children`, `eight were
wounded`, `death toll rose to 40`), so numbers elsewhere in a sentence are never summed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

KILLED = r"(?:killed|killing|kills|kill|dead|died|dies|deaths?|slain|lives|fatalities|massacred|executed|perished)"
INJURED = r"(?:injured|injuring|injures|injure|wounded|wounding|wounds|wound|hurt|injuries)"
_FILLER = r"(?:(?!and\b|or\b|but\b|while\b|as\b|killed|injured|wounded)[A-Za-z'’-]+\s+){0,3}"
# One victim without a number: `a teenager died`, `killed a 3-year-old`, `he died at the scene`,
# `claimed the life of a 15-year-old` count 1, as ACLED counts a reported single death.
_ONE = r"(?:an?|one)"
_KILLING_VERB = (
    r"(?:killed|killing|kills|slew|shot\s+dead|fatally\s+(?:shot|stabbed|wounded)"
    r"|(?:claimed|took|taking|claiming)\s+the\s+life\s+of)"
)
_ONE_FILLER = r"(?:(?!and\b|or\b|but\b|while\b|as\b|were\b|are\b)[\w'’-]+\s+){0,4}"
_HARMING_VERB = r"(?:injured|injuring|injures|wounded|wounding|wounds|hurt)"
_PREFIX = (
    r"(?:(?:at\s+least|as\s+many\s+as|up\s+to|some|about|around|nearly|almost|more\s+than|over"
    r"|another|a\s+further)\s+)?"
)


@dataclass(frozen=True)
class NumberWords:
    """Word -> value, and the compiled alternation of number expressions."""

    values: dict[str, int]
    pattern: str

    @classmethod
    def from_frame(cls, frame: pl.DataFrame) -> NumberWords:
        values = {w.lower(): int(v) for w, v in frame.select("word", "value").iter_rows()}
        words = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(values, key=len, reverse=True))
        number = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:(?:{words})(?:[\s-]+(?:{words}))*))"
        return cls(values, number)

    def value(self, text: str) -> int | None:
        """`12` -> 12, `twenty-five` -> 25, `two hundred` -> 200, `dozens` -> 12."""
        text = text.strip().lower().replace(",", "")
        if text.isdigit():
            return int(text)
        total, current = 0, 0
        for word in re.split(r"[\s-]+", text):
            v = self.values.get(word)
            if v is None:
                continue
            if v in (100, 1000, 1_000_000) and current:
                current *= v
                if v >= 1000:
                    total, current = total + current, 0
            else:
                current += v
        return (total + current) or None


@dataclass(frozen=True)
class CasualtyReader:
    numbers: NumberWords
    after_verb: dict[str, re.Pattern[str]]
    before_word: dict[str, re.Pattern[str]]
    toll: re.Pattern[str]
    single: dict[str, list[re.Pattern[str]]]

    @classmethod
    def build(cls, number_words: pl.DataFrame) -> CasualtyReader:
        nw = NumberWords.from_frame(number_words)
        num = rf"(?P<num>{nw.pattern})"
        after = {
            k: re.compile(rf"\b{w}\s+{_PREFIX}{num}\b", re.I) for k, w in (("killed", KILLED), ("injured", INJURED))
        }
        before = {
            k: re.compile(
                rf"\b{_PREFIX}{num}\s+{_FILLER}(?:(?:were|was|have\s+been|had\s+been|are|been|people)\s+)?{w}\b",
                re.I,
            )
            for k, w in (("killed", KILLED), ("injured", INJURED))
        }
        toll = re.compile(rf"\bdeath\s+toll\s+(?:\w+\s+){{0,3}}?(?:to|at|of|reached|hit)\s+{_PREFIX}{num}\b", re.I)
        single = {
            kind: [
                # "a teenager died", "an 18-year-old man was critically injured"
                re.compile(
                    rf"\b{_ONE}\s+{_ONE_FILLER}(?:(?:was|has\s+been|had\s+been)\s+)?(?:\w+ly\s+)?{word}\b", re.I
                ),
                # "killed a 3-year-old", "wounding a police officer"
                re.compile(rf"\b{verb}\s+{_ONE}\s+(?!total\b|number\b|few\b|couple\b)\w", re.I),
                # "he died at the scene", "she was wounded"
                re.compile(rf"\b(?:he|she)\s+(?:later\s+)?(?:was\s+(?:\w+ly\s+)?)?{word}\b", re.I),
            ]
            for kind, word, verb in (
                ("killed", rf"(?:{KILLED}|shot\s+dead)", _KILLING_VERB),
                ("injured", r"(?:injured|wounded|hurt)", _HARMING_VERB),  # not "died of a wound"
            )
        }
        return cls(nw, after, before, toll, single)

    def read(self, sentence: str) -> tuple[int | None, int | None]:
        """(killed, injured) stated in the sentence; None where it states none."""
        out: dict[str, int | None] = {"killed": None, "injured": None}
        for kind in ("killed", "injured"):
            found = [self.numbers.value(m.group("num")) for m in self.after_verb[kind].finditer(sentence)]
            found += [self.numbers.value(m.group("num")) for m in self.before_word[kind].finditer(sentence)]
            if kind == "killed":
                found += [self.numbers.value(m.group("num")) for m in self.toll.finditer(sentence)]
            if not found and any(p.search(sentence) for p in self.single[kind]):
                found = [1]
            found = [f for f in found if f is not None]
            if found:
                out[kind] = max(found)
        return out["killed"], out["injured"]
