"""Killed and injured counts in a sentence, from digits and number words.

Numbers are words or digits (`two children`, `at least 12`, `1,200`); vague quantities take
ACLED's conventions from `seeds/number_words.csv` (`dozens` -> 12, `several` -> 3). A count is
read only where the number is tied to a casualty word (`killed two children`, `eight were
wounded`, `death toll rose to 40`), so numbers elsewhere in a sentence are never summed in, and
a number that is a day of a month, an age, a time or a street block (`May 25 shooting`,
`17-year-old`, `20 minutes later`) is never a count.

People who were `shot` and are not said to have died count as injured, as the Gun Violence
Archive and ACLED's casualty notes read it: `four people were shot, one fatally` is one killed
and three injured; `five others were shot` after a death is five injured. `Five men were shot`
with nothing more is everyone hit (`CasualtyReader.struck`): where the story's lede tells that
one of them died, four were injured (`event_article.survivors_of_struck`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

KILLED = (
    r"(?:killed|killing|kills|kill|dead|died|dies|deaths?|slain|lives|fatalities|massacred|executed|perished"
    r"|murdered|(?:shot|stabbed)\s+and\s+killed|shot\s+(?:to\s+death|dead)|fatally\s+(?:shot|stabbed|wounded|injured))"
)
INJURED = r"(?:injured|injuring|injures|injure|wounded|wounding|wounds|wound|hurt|injuries|hospitali[sz]ed)"
# `shot` as hit by gunfire, not `shot at` (fired at), `shot down`, `shot up`, `shot and killed`.
SHOT = r"shot(?!\s+(?:and\s+killed|dead|to\s+death|at|down|up|back|into|in\s+the\s+air|himself|herself|themselves))"
# After `were`, `shot at` is where (`four people were shot at a party`), not fired at.
SHOT_PASSIVE = r"shot(?!\s+(?:and\s+killed|dead|to\s+death|down|up))"
_FILLER = r"(?:(?!and\b|or\b|but\b|while\b|as\b|killed|injured|wounded)[A-Za-z'’.-]+\s+){0,3}"
_AUX = r"(?:(?:were|was|have\s+been|had\s+been|has\s+been|are|been|people)\s+(?:found\s+)?)"
# `five members of a family were killed`: the group a count is of.
_OF = r"(?:of\s+(?:an?\s+|the\s+|his\s+|her\s+|their\s+)?[\w-]+\s+)?"
# One victim without a number: `a teenager died`, `killed a 3-year-old`, `he died at the scene`,
# `claimed the life of a 15-year-old` count 1, as ACLED counts a reported single death.
_ONE = r"(?:an?|one|another)"
_KILLING_VERB = (
    r"(?:killed|killing|kills|slew|shot\s+dead|fatally\s+(?:shot|shooting|stabbed|stabbing|wounded|wounding)"
    r"|(?:claimed|took|taking|claiming)\s+the\s+life\s+of)"
)
_ONE_FILLER = r"(?:(?!and\b|or\b|but\b|while\b|as\b|were\b|are\b)[\w'’-]+\s+){0,4}"
# The words of one person's description (`the 45-year-old victim`), no clause or crowd in them.
_ONE_NOUN = (
    r"(?:(?!and\b|or\b|who\b|that\b|which\b|number\b|people\b|many\b|all\b|none\b|were\b|are\b|was\b)"
    r"[\w'’-]+\s+){1,3}"
)
_HARMING_VERB = r"(?:injured|injuring|injures|wounded|wounding|wounds|hurt)"
_PREFIX = (
    r"(?:(?:at\s+least|as\s+many\s+as|up\s+to|some|about|around|nearly|almost|more\s+than|over"
    r"|another|a\s+further|all)\s+)?"
)
# What follows a number that is not a head count: an age, a duration, a time, a street block.
_NOT_A_COUNT = re.compile(
    r"\s*(?:-|\s)?(?:(?:stab|gunshot|bullet|knife|incision|puncture|shotgun)\s+wounds?|wounds?\b|injuries\b"
    r"|years?|yrs?\b|y/?o\b|months?|weeks?|days?|hours?|minutes?|seconds?|times|rounds|shots|bullets"
    # a distance, a weight, a speed, a calibre (`pronounced dead about 30 yards apart`)
    r"|yards?|feet|foot|ft\b|miles?|meters?|metres?|km\b|kilomet(?:er|re)s?|inch(?:es)?|pounds?|lbs?\b|mph"
    r"|-?calib(?:er|re)|mm\b"
    r"|a\.?m\b|p\.?m\b|o'clock|%|percent|block|st\b|nd\b|rd\b|th\b|:\d|,\s*\d{4}"
    # the emergency number (`a 911 caller`, `911 dispatchers`, `the 911 call`)
    r"|(?:call|caller|calls|callers|dispatch\w*|operators?|centers?|centres?|emergency|system|tapes?|recordings?)\b)",
    re.I,
)
_MONTH_BEFORE = re.compile(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?\s+$|(?:\broute|\bno\.|\bnumber|#)\s*$"
    r"|\b(?:ages?|aged)\s+(?:of\s+|between\s+|from\s+)?(?:\d+\s*(?:and|to|-)\s*)?$"
    # a road (`Hwy 150`, `Interstate 94`), a phone number (`call 911`), a clock (`0:26`)
    r"|\b(?:hwy|highway|interstate|i-|u\.s\.|us|sr|state\s+road|county\s+road|cr|call|dial|dialed|dialled)\.?\s*$"
    r"|\d[:.]\s*$"
    # a weapon's or an aircraft's model (`an AK-47`, `an AR-15`, `F-16s`)
    r"|\b[A-Z]{1,3}-$"
    # a picture's place in a gallery (`Image 6 of 12 A woman died`)
    r"|\b(?:image|photo|picture|slide|video)s?\s+\d+\s+of\s*$",
    re.I,
)
# `Jerry Coleman, 31, died`, `Shawn Johnson Jr., 21 of Lynchburg was killed`: a number right
# after a name (or its suffix) and a comma is the person's age.
_NAME_BEFORE = re.compile(r"(?:\b[A-Z][a-z'’-]+|\b(?:Jr|Sr)\.|\bI[IV]|\bIII),\s*$")
# What follows a count after a name and a comma, where an age does not: the people counted or
# their fate (`In Dayton, Ohio, 12 people were killed`, `9 People Shot, 1 Fatally`, `2 Killed, 2
# Hurt`). Anything else (`Coleman, 31, died`, `Smith, 26 likely saved lives`) is an age.
_COUNTED_AFTER = re.compile(
    rf"\s+(?:other\s+)?(?:(?:people|persons|men|women|children|kids|teens|teenagers|others|more|victims"
    rf"|adults|students|officers|soldiers|civilians|fatally|{KILLED}|{INJURED})\b|{SHOT})",
    re.I,
)
# An aside between a count and its verb: `Four people, including an 11-year-old, were shot`,
# `Five other people -- men and women -- had been shot`.
_ASIDE = re.compile(
    r",\s+(?:including|among\s+them|most\s+of\s+them|ages?|aged|ranging)\b[^,;]{0,80},"
    r"|\s+(?:--|[–—])\s*[^-–—]{1,60}?\s*(?:--|[–—])|\s*\([^)]{0,60}\)"
)
# Cheap tests first: a sentence without any of a kind's words states no count of that kind,
# and most sentences have none, so the costly patterns below rarely run.
_HINTS = {
    "killed": re.compile(r"kill|dead|die|death|slain|slaying|lives|fatal|massacr|execut|perish|murder|slew|life", re.I),
    "injured": re.compile(r"injur|wound|hurt|hospital|condition|treated", re.I),
    "shot": re.compile(r"\bshot\b", re.I),
}
_YEAR = re.compile(r"(?:18|19|20)\d\d")
# Hurt without a casualty word: `two are in critical condition`, `four were taken to hospital`,
# `four people suffered non-life threatening injuries`.
_HOSPITAL = (
    r"(?:(?:were|was|are|is|remain|remained|remains)\s+)?(?:(?:all|both|later|also|each)\s+)?"
    r"(?:in\s+(?:critical|serious|stable|fair|grave|guarded)\s+condition"
    r"|(?:taken|rushed|transported|airlifted)\s+to\s+(?:[\w.-]+\s+){0,4}?(?:hospitals?|with\s+(?:[\w-]+\s+){0,3}?injuries)"
    r"|treated\s+(?:for|at)\b"
    r"|(?:suffered|sustained|with)\s+(?:[\w-]+\s+){0,3}?(?:injuries|wounds))"
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
    counted: dict[str, list[re.Pattern[str]]]
    single: dict[str, list[re.Pattern[str]]]

    @classmethod
    def build(cls, number_words: pl.DataFrame) -> CasualtyReader:
        nw = NumberWords.from_frame(number_words)
        num = rf"(?P<num>{nw.pattern})"

        def after(verb: str) -> re.Pattern[str]:  # `killed two children`, `killing the three`
            return re.compile(rf"\b{verb}\s+(?:the\s+)?{_PREFIX}{num}\b", re.I)

        def before(word: str, aux: str = _AUX + "?") -> re.Pattern[str]:  # `eight were wounded`
            return re.compile(rf"\b{_PREFIX}{num}\s+{_FILLER}{_OF}{aux}(?:(?!fatally)\w+ly\s+)?{word}\b", re.I)

        counted = {
            "killed": [
                after(KILLED),
                before(KILLED),
                re.compile(rf"\bdeath\s+toll\s+(?:\w+\s+){{0,3}}?(?:to|at|of|reached|hit)\s+{_PREFIX}{num}\b", re.I),
                re.compile(rf"\b{num},?\s+(?:of\s+them\s+|one\s+)?fatally\b", re.I),  # `shot, one fatally`
                # the act told as a noun with its dead: `the slaying of seven demonstrators`
                re.compile(
                    rf"\b(?:slaying|killings?|murders?|deaths|massacre)\s+of\s+(?:the\s+)?{_PREFIX}{num}\b", re.I
                ),
            ],
            "injured": [after(INJURED), before(INJURED), before(_HOSPITAL, "")],
            # passive only: `six people were shot`, or `shot six people`; never `two shots`
            "shot": [after(SHOT), before(SHOT_PASSIVE, _AUX)],
        }
        single = {
            kind: [
                # "a teenager died", "an 18-year-old man was critically injured"
                re.compile(
                    rf"\b{_ONE}\s+{_ONE_FILLER}(?:(?:was|has\s+been|had\s+been)\s+)?(?:\w+ly\s+)?{word}\b", re.I
                ),
                # "killed a 3-year-old", "wounding a police officer", "killing his son"
                re.compile(rf"\b{verb}\s+(?:{_ONE}|his|her)\s+(?!total\b|number\b|few\b|couple\b)\w", re.I),
                # "the child was pronounced dead", "the boy has died"
                re.compile(
                    rf"\b(?:the|his|her|that)\s+{_ONE_FILLER}(?:was|has|had)\s+(?:been\s+)?(?:\w+ly\s+)?"
                    rf"(?:pronounced\s+|declared\s+|found\s+)?{word}\b",
                    re.I,
                ),
                # "he died at the scene", "she was wounded"
                re.compile(rf"\b(?:he|she)\s+(?:later\s+)?(?:was\s+(?:\w+ly\s+)?)?{word}\b", re.I),
            ]
            for kind, word, verb in (
                ("killed", rf"(?:{KILLED}|shot\s+dead)", _KILLING_VERB),
                # not "died of a wound"; `a man was shot and wounded`, as `shot and killed` is a death
                ("injured", r"(?:(?:shot|stabbed)\s+and\s+(?:\w+ly\s+)?)?(?:injured|wounded|hurt)", _HARMING_VERB),
            )
        }
        # "the victim died at the hospital", "the boy later died"; "found the girl dead"
        single["killed"] += [
            re.compile(rf"\b(?:the|his|her|their)\s+{_ONE_NOUN}(?:(?:later|also|then|eventually)\s+)?died\b", re.I),
            re.compile(rf"\bfound\s+(?:the|an?|his|her)\s+{_ONE_NOUN}dead\b", re.I),
        ]
        # "Bandemer was pronounced dead", "Cole died early Saturday": a name before the verb
        single["killed"].append(
            re.compile(
                r"\b[A-Z][a-z]+\s+(?:(?:was|has|had)\s+(?:been\s+)?(?:pronounced|declared|found)\s+dead|later\s+died|died)\b"
            )
        )
        return cls(nw, counted, single)

    def _counts(self, kind: str, sentence: str) -> list[tuple[int, bool]]:
        """(value, whether the phrase says `other`) of each count of `kind` in the sentence."""
        found: list[tuple[int, bool]] = []
        if not _HINTS[kind].search(sentence):
            return found
        for pattern in self.counted[kind]:
            pos = 0
            while (m := pattern.search(sentence, pos)) is not None:
                before = sentence[max(0, m.start("num") - 40) : m.start("num")]
                if _NOT_A_COUNT.match(sentence, m.end("num")) or _MONTH_BEFORE.search(before) or _age(m, before):
                    # a number that is no count (`the 911 dispatcher said two were hurt`) must
                    # not swallow the count after it: search again from just past it
                    pos = m.start("num") + 1
                    continue
                pos = m.end()
                value = self.numbers.value(m.group("num"))
                if value is not None and not _YEAR.fullmatch(m.group("num")):
                    found.append((value, bool(re.search(r"\bothers?\b", m.group(0), re.I))))
        return found

    def read(self, sentence: str, dead: int | None = None) -> tuple[int | None, int | None]:
        """(killed, injured) stated in the sentence; None where it states none. `dead` is a
        death count the parse reads where no pattern does (`victims.subject_deaths`: `Two
        teens who were shot on Wednesday have died`), counted before the shot are, so that
        the dead among them are not read as wounded."""
        sentence = _ASIDE.sub("", sentence)
        out: dict[str, int | None] = {}
        for kind in ("killed", "injured"):
            found = [v for v, _ in self._counts(kind, sentence)]
            if not found and _HINTS[kind].search(sentence) and any(p.search(sentence) for p in self.single[kind]):
                found = [1]
            if kind == "killed" and dead:
                found.append(dead)
            out[kind] = max(found) if found else None
        killed, injured = out["killed"], out["injured"]
        shot = self._counts("shot", sentence)
        if injured is None and shot:
            value, other = max(shot)
            # `six people were shot, one fatally`: the dead are among the shot, unless `others`
            injured = value if other or not killed else (value - killed if value > killed else None)
        return killed, injured

    def struck(self, sentence: str) -> int | None:
        """How many people the sentence says were shot when it says nothing more of them: no
        death, no one `injured` or `wounded`, not `others` (`Five men were shot in Detroit`).
        Such a count is everyone hit, the dead among them, as the Gun Violence Archive reads
        it; a later sentence may tell that one of them died (`survivors_of_struck`)."""
        sentence = _ASIDE.sub("", sentence)
        if self._counts("killed", sentence) or self._counts("injured", sentence):
            return None
        shot = [value for value, other in self._counts("shot", sentence) if not other]
        return max(shot) if shot else None


def _age(m: re.Match[str], before: str) -> bool:
    """Whether a digit count stands where news puts an age: right after a name and a comma, and
    not followed by the people counted or their fate (`In Dayton, Ohio, 12 people were killed`)."""
    return (
        m.group("num").isdigit()
        and bool(_NAME_BEFORE.search(before))
        and not _COUNTED_AFTER.match(m.string, m.end("num"))
    )
