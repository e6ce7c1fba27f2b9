"""Trigger words and phrases: the seed patterns compiled, and found in a sentence.

`seeds/event_patterns.csv` holds each trigger form with its PLOVER type, mode, CAMEO root,
QuadClass, ACLED type, part of speech and priority; `event_modes.csv`, `event_cues.csv` and
`number_words.csv` the words that refine them. A sentence is matched word by word against a
dictionary of forms (longest first), which is what makes reading every sentence cheap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from transforms.acled_sub_types import SubTypeRules
from transforms.cameo_verbs import VerbIndex
from transforms.casualties import CasualtyReader
from transforms.event_frames import FrameCues

if TYPE_CHECKING:
    from transforms.phrase_syntax import PhraseIndex

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")
# The acts casualties belong to: an arrest `for killing five` or a protest over a killing
# reports the toll of the violent act, which is counted once, there.
VIOLENT_TYPES = frozenset({"ASSAULT", "FIGHT"})


@dataclass(frozen=True)
class Trigger:
    form: str
    event_type: str
    mode: str | None
    cameo_root: str | None
    quad_class: int | None
    acled_type: str | None
    priority: int
    pos: str = "verb"  # the part of speech the pattern has in a sentence: verb, noun or agent
    cameo: str | None = None  # the full CAMEO code where a CAMEO verb pattern gave the trigger (`0871`)


# The table's verb phrases are also read on the parse (`phrase_syntax`: `sent 500 more troops`).
SYNTACTIC_PHRASES = True


@dataclass(frozen=True)
class EventRules:
    """Compiled trigger, mode and cue patterns, built once from the seed tables."""

    triggers: dict[str, Trigger]  # lower-case surface form, words joined by one space
    by_pos: dict[str, dict[str, Trigger]]  # form -> part of speech -> its trigger
    prefixes: set[str]  # leading word runs of multi-word forms
    max_words: int
    mode_re: re.Pattern[str]  # one alternation, a named group per row of event_modes.csv
    mode_names: list[str]
    negation_re: re.Pattern[str]
    hypothetical_re: re.Pattern[str]
    casualties: CasualtyReader
    frame_cues: FrameCues  # words that make promises, threats, demands and reversals of a trigger
    tally_re: re.Pattern[str]  # words of a count over a period (`so far this year`): background
    poll_re: re.Pattern[str]  # words of opinion polls: their `support` is no act
    light_heads: frozenset[str]  # nouns a compound act modifies without naming a thing (`effort`)
    homographs: frozenset[str]  # verb-only trigger forms whose noun is no act (`block`, `jail`)
    legal: frozenset[str]  # words of a legal process: an act told under one is recalled (`accused of killing`)
    accident_re: re.Pattern[str]  # words of accidents and disasters: a death among them without a weapon is no violence
    suicide_re: re.Pattern[str]  # `before turning the gun on himself`: the doer died too
    not_fatal_re: re.Pattern[str]  # `in an attempted suicide`, `survived`: ... but may live
    confidence_weights: dict[str, float] | None = None  # the fitted confidence model (`event_confidence`)
    sub_types: SubTypeRules | None = None  # ACLED sub-event type cues (`acled_sub_types.csv`), if the seeds have them
    verbs: VerbIndex | None = None  # the CAMEO verb patterns (`seeds/petrarch/verbs.csv`), if the seeds have them
    bare_blasts: frozenset[str] = frozenset()  # blast triggers that name no weapon (`explosion`): accidents have them
    phrases: PhraseIndex | None = None  # the table's verb phrases, read on the parse (`phrase_syntax`)

    @property
    def reporting(self) -> frozenset[str]:
        """Verbs that report speech (`said`): their complement is the assertion."""
        return self.frame_cues.reporting

    def has_trigger(self, sentence: str) -> bool:
        """Whether any trigger occurs in the sentence (which sentences are worth parsing)."""
        return bool(find_triggers(self, sentence))

    def mode_of(self, sentence: str) -> str | None:
        """The mode a sentence's wording reveals (`missiles` -> missile), if any."""
        m = self.mode_re.search(sentence)
        return self.mode_names[int(m.lastgroup[1:])] if m and m.lastgroup else None

    @classmethod
    def build(
        cls,
        patterns: pl.DataFrame,
        modes: pl.DataFrame,
        cues: pl.DataFrame,
        number_words: pl.DataFrame,
        confidence_model: pl.DataFrame | None = None,
        sub_types: pl.DataFrame | None = None,
        verbs: VerbIndex | None = None,
    ) -> EventRules:
        from transforms.phrase_syntax import build_phrase_index  # it reads this module's rows

        triggers: dict[str, Trigger] = {}
        by_pos: dict[str, dict[str, Trigger]] = {}
        for row in patterns.sort("priority", descending=False).iter_rows(named=True):
            for form in expand_forms(str(row["pattern"])):
                form = " ".join(_WORD.findall(form.lower()))
                if not form:
                    continue
                trigger = Trigger(
                    form,
                    row["event_type"],
                    row.get("mode") or None,
                    None if row.get("cameo_root") is None else str(row["cameo_root"]).zfill(2),
                    row.get("quad_class"),
                    row.get("acled_type") or None,
                    int(row.get("priority") or 5),
                    str(row.get("pos") or "verb"),
                )
                triggers[form] = trigger
                by_pos.setdefault(form, {})[trigger.pos] = trigger
        prefixes = {" ".join(f.split()[:j]) for f in triggers for j in range(1, len(f.split()))}
        mode_names = [mode for _, mode in modes.select("pattern", "mode").iter_rows()]
        mode_re = re.compile(
            r"\b(?:"
            + "|".join(
                f"(?P<m{i}>" + "|".join(re.escape(p.strip()) for p in str(pat).split("|") if p.strip()) + ")"
                for i, (pat, _) in enumerate(modes.select("pattern", "mode").iter_rows())
            )
            + r")\b",
            re.I,
        )

        def cue_set(kind: str) -> frozenset[str]:
            return frozenset(cues.filter(pl.col("kind") == kind)["cue"].str.to_lowercase().to_list())

        def cue_re(kind: str) -> re.Pattern[str]:
            words = cues.filter(pl.col("kind") == kind)["cue"].to_list()
            # whole words only: `tally` is no part of `accidentally`, `total` none of `subtotal`
            return re.compile(r"\b(?:" + "|".join(cue_pattern(w) for w in words) + r")\b", re.I)

        return cls(
            triggers,
            by_pos,
            prefixes,
            max(len(f.split()) for f in triggers),
            mode_re,
            mode_names,
            cue_re("negation"),
            cue_re("hypothetical"),
            CasualtyReader.build(number_words),
            FrameCues(*(cue_set(k) for k in ("future", "intent", "condition", "obligation", "reversal", "reporting"))),
            cue_re("tally"),
            cue_re("poll"),
            cue_set("light_head"),
            cue_set("homograph"),
            cue_set("legal"),
            cue_re("accident"),
            cue_re("suicide"),
            cue_re("not_fatal"),
            dict(confidence_model.select("feature", "weight").iter_rows()) if confidence_model is not None else None,
            SubTypeRules.build(sub_types.iter_rows(named=True)) if sub_types is not None else None,
            verbs,
            cue_set("bare_blast"),
            build_phrase_index(triggers) if SYNTACTIC_PHRASES else None,
        )


# A `*` in a cue stands for one to four words, none of them a determiner: `in * shootings`
# is `in 17 shootings` or `in city shootings` (several incidents), never `in the shootings`
# (the story's own, told again).
_GAP = r"(?:(?!(?:the|a|an|this|that|these|those|his|her|their|its)\b)[\w'’-]+\s+){1,4}"


def cue_pattern(cue: str) -> str:
    """The regular expression of one cue phrase of `event_cues.csv` (see `_GAP`)."""
    words = cue.split()
    return "".join(
        _GAP if w == "*" else re.escape(w) + (r"\s+" if n < len(words) - 1 else "") for n, w in enumerate(words)
    )


@dataclass(frozen=True)
class Hit:
    """A trigger found in a sentence; offsets are relative to the sentence."""

    start: int
    end: int
    text: str


def _split_top(text: str) -> list[str]:
    """`a|{b|c} d` -> [`a`, `{b|c} d`]: split on the bars outside braces."""
    parts, depth, current = [], 0, []
    for ch in text:
        depth += (ch == "{") - (ch == "}")
        if ch == "|" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def expand_forms(pattern: str) -> list[str]:
    """The word forms of a seed pattern: alternatives split on `|`, and each `{x|y|}` group
    one of its choices (an empty choice makes it optional), so that
    `{set up|established} {a new|} {military base|observation post}` stays one readable cell."""
    out: list[str] = []
    for alternative in _split_top(pattern):
        start = alternative.find("{")
        if start < 0:
            out.append(" ".join(alternative.split()))
            continue
        depth, end = 0, start
        for end in range(start, len(alternative)):
            depth += (alternative[end] == "{") - (alternative[end] == "}")
            if depth == 0:
                break
        head, tail = alternative[:start], alternative[end + 1 :]
        for choice in _split_top(alternative[start + 1 : end]):
            out += expand_forms(f"{head}{choice}{tail}")
    return out


def word_tokens(sentence: str) -> list[str]:
    """The sentence's words, lower case, as the trigger table is matched."""
    return [w.lower() for w in _WORD.findall(sentence)]


def find_triggers(rules: EventRules, sentence: str) -> list[tuple[Hit, Trigger]]:
    """Every trigger in the sentence, longest match first at each word (`chemical weapons
    attack` over `attack`). A dictionary walk over words: a regex alternation of thousands of
    forms costs milliseconds a sentence."""
    words = list(_WORD.finditer(sentence))
    lowered = [w.group(0).lower() for w in words]
    hits: list[tuple[Hit, Trigger]] = []
    i = 0
    while i < len(words):
        key, best = "", None
        for j in range(i, min(i + rules.max_words, len(words))):
            key = f"{key} {lowered[j]}" if key else lowered[j]
            if key in rules.triggers:
                best = j
            if key not in rules.prefixes:
                break
        if best is None:
            i += 1
            continue
        start, end = words[i].start(), words[best].end()
        form = " ".join(lowered[i : best + 1])
        hits.append((Hit(start, end, sentence[start:end]), rules.triggers[form]))
        i = best + 1
    return hits
