"""ACLED sub-event types of coded events, from the cue rows of `seeds/acled_sub_types.csv`.

The trigger gives ACLED's event type (`_acled_type` in `transforms.events`), but ACLED's 25
sub-event types turn on words the trigger seldom carries: the weapon (`warplanes struck`,
`mortar rounds hit`), who was hit and by whom (`police fired on protesters`), or what came of
a protest (`dozens were arrested`). Rather than multiply trigger rows for every weapon, a small
table of cues read over the evidence sentence refines the type the trigger gave; a type with
no cue takes its default sub-type (Battles: armed clash). A cue may name a sub-type of another
event type than the one the trigger gave (security forces firing on protesters is ACLED's
`Excessive force against protesters`, a Protests event, however the trigger reads); the
event then takes the sub-type's event type too, so that the two never disagree.

Pure: the rows come in as dicts (read by `flows.reference`), nothing is read or written here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
CIVILIANS = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"

# ACLED's taxonomy (codebook 2019-2023): each sub-event type and the event type it belongs to.
# Fixed by ACLED, not tuned, so it lives here; the table can only name these.
EVENT_TYPE_OF: dict[str, str] = {
    **dict.fromkeys(["Armed clash", "Government regains territory", "Non-state actor overtakes territory"], BATTLES),
    **dict.fromkeys(
        [
            "Chemical weapon",
            "Air/drone strike",
            "Suicide bomb",
            "Shelling/artillery/missile attack",
            "Remote explosive/landmine/IED",
            "Grenade",
        ],
        EXPLOSIONS,
    ),
    **dict.fromkeys(["Sexual violence", "Attack", "Abduction/forced disappearance"], CIVILIANS),
    **dict.fromkeys(["Peaceful protest", "Protest with intervention", "Excessive force against protesters"], PROTESTS),
    **dict.fromkeys(["Violent demonstration", "Mob violence"], RIOTS),
    **dict.fromkeys(
        [
            "Agreement",
            "Arrests",
            "Change to group/activity",
            "Disrupted weapons use",
            "Headquarters or base established",
            "Looting/property destruction",
            "Non-violent transfer of territory",
            "Other",
        ],
        STRATEGIC,
    ),
}

_FAR = 10**6  # the distance of a row without words: any word cue near the trigger beats it


def _items(cell: object) -> frozenset[str]:
    """The `|`-separated items of a list cell, stripped; an empty cell is no condition."""
    return frozenset(p.strip() for p in str(cell or "").split("|") if p.strip())


def _words(cell: object) -> re.Pattern[str] | None:
    """One case-blind pattern of a cell's forms, each a whole word or phrase (`shell` is no part
    of `shelling`, nor `mine` of `landmine`), longest first; None for an empty cell."""
    forms = sorted(_items(cell), key=len, reverse=True)
    if not forms:
        return None
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\w-])", re.I)


@dataclass(frozen=True)
class Cue:
    """One row: every non-empty condition must hold for `sub_type` to be a candidate."""

    sub_type: str
    acled_types: frozenset[str]  # the event's ACLED type as the trigger gave it; empty: any, none too
    event_types: frozenset[str]  # PLOVER types
    modes: frozenset[str]
    trigger: re.Pattern[str] | None  # forms the trigger itself must hold (`clashed`, not `killed`)
    sources: frozenset[str]  # sectors, any one source actor having one of them
    targets: frozenset[str]  # sectors, any one target actor having one of them
    words: re.Pattern[str] | None  # forms matched on word boundaries in the evidence sentence
    priority: int

    def distance(
        self,
        acled_type: str | None,
        event_type: str | None,
        mode: str | None,
        sentence: str,
        trigger: tuple[int, int],
        sources: Sequence[str | None],
        targets: Sequence[str | None],
    ) -> int | None:
        """How far the row's nearest word lies from the trigger (`trigger`: its span in the
        sentence; 0 inside it, `_FAR` for a row without words), or None where a condition fails.
        The nearest word wins a tie because a sentence may name two weapons (`a drone spotted the
        mortar team`): the one beside the trigger is the act's."""
        if self.acled_types and acled_type not in self.acled_types:
            return None
        if (self.event_types and event_type not in self.event_types) or (self.modes and mode not in self.modes):
            return None
        start, end = trigger
        if self.trigger is not None and not self.trigger.search(sentence, start, end):
            return None
        if self.sources and not self.sources.intersection(s for s in sources if s):
            return None
        if self.targets and not self.targets.intersection(s for s in targets if s):
            return None
        if self.words is None:
            return _FAR
        gaps = [max(m.start() - end, start - m.end(), 0) for m in self.words.finditer(sentence)]
        return min(gaps) if gaps else None


@dataclass(frozen=True)
class SubTypeRules:
    """The cue rows, compiled once per process."""

    cues: tuple[Cue, ...]

    @classmethod
    def build(cls, rows: Iterable[dict]) -> SubTypeRules:
        """Compile the table's rows (`sub_type, acled_type, event_type, mode, trigger, source,
        target, cue, priority`); a sub-type ACLED does not have is an error, not a silent NULL."""
        cues = []
        for row in rows:
            sub_type = str(row.get("sub_type") or "").strip()
            if sub_type not in EVENT_TYPE_OF:
                raise ValueError(f"acled_sub_types.csv: {sub_type!r} is no ACLED sub-event type")
            cues.append(
                Cue(
                    sub_type,
                    _items(row.get("acled_type")),
                    _items(row.get("event_type")),
                    _items(row.get("mode")),
                    _words(row.get("trigger")),
                    _items(row.get("source")),
                    _items(row.get("target")),
                    _words(row.get("cue")),
                    int(row.get("priority") or 0),
                )
            )
        return cls(tuple(cues))

    def classify(
        self,
        acled_type: str | None,
        event_type: str | None,
        mode: str | None,
        sentence: str,
        trigger: tuple[int, int],
        sources: Sequence[str | None] = (),
        targets: Sequence[str | None] = (),
    ) -> tuple[str | None, str | None]:
        """(ACLED type, sub-type) of one event: the row of highest priority whose conditions
        hold, the nearest to the trigger among equals, then the first in the table. An event the
        trigger gave no ACLED type keeps none unless a row without a type context names one
        (talks are no ACLED event, peace talks are its `Agreement`)."""
        best: tuple[int, int, int] | None = None
        for n, cue in enumerate(self.cues):
            gap = cue.distance(acled_type, event_type, mode, sentence, trigger, sources, targets)
            if gap is not None and (best is None or (-cue.priority, gap, n) < best):
                best = (-cue.priority, gap, n)
        if best is None:
            return acled_type, None
        sub_type = self.cues[best[2]].sub_type
        return EVENT_TYPE_OF[sub_type], sub_type
