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
        return cls(nw, after, before, toll)

    def read(self, sentence: str) -> tuple[int | None, int | None]:
        """(killed, injured) stated in the sentence; None where it states none."""
        out: dict[str, int | None] = {"killed": None, "injured": None}
        for kind in ("killed", "injured"):
            found = [self.numbers.value(m.group("num")) for m in self.after_verb[kind].finditer(sentence)]
            found += [self.numbers.value(m.group("num")) for m in self.before_word[kind].finditer(sentence)]
            if kind == "killed":
                found += [self.numbers.value(m.group("num")) for m in self.toll.finditer(sentence)]
            found = [f for f in found if f is not None]
            if found:
                out[kind] = max(found)
        return out["killed"], out["injured"]
