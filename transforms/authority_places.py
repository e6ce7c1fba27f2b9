"""Places named by a local authority's name: `Reno Police Department`, `Hays County Sheriff's
Office`, `Monroe Police`.

Local news names its town most often through the police or the sheriff that speaks for it, and
the model tags that whole name as an organisation, so the town in it is never read as a place:
a report whose only place is `The Reno Police Department is investigating a shooting` stays
unplaced. Where an organisation's name is a place name followed by a sector phrase of
`AUTHORITY_SECTORS` (the keywords of `seeds/sectors.csv`: `police`, `police department`,
`sheriff's office`, ...), the leading words are read as a place on the story's evidence, as any
place name is (`place_resolution.choose`), and become a place mention of their own beside the
organisation's.
"""

from __future__ import annotations

import re

from transforms.lexicon import Entry, Lexicon
from transforms.mention_rules import Mention
from transforms.place_resolution import choose, tail_namesakes
from transforms.story import Story
from transforms.text_norm import norm_name

# Sectors whose organisations are named after the place they serve.
AUTHORITY_SECTORS = frozenset({"COP", "GOV", "JUD"})
_WORD = re.compile(r"\S+")


def authority_place(mention: Mention, lex: Lexicon, story: Story, here: frozenset[str]) -> Mention | None:
    """The place an authority's name begins with (`Reno` of `Reno Police Department`), read on
    the story, as a mention of its own; None when the name is no authority's or its leading
    words are no place the story supports."""
    words = list(_WORD.finditer(mention.surface))
    for n in range(len(words) - 1, 0, -1):  # the longest leading name first (`Hays County`, not `Hays`)
        tail_key = norm_name(mention.surface[words[n].start() :])
        if not any(e.source == "sector" and e.sector in AUTHORITY_SECTORS for e in lex.lookup(tail_key)):
            continue
        lead = mention.surface[: words[n - 1].end()]
        key = norm_name(lead)
        cands = [c for c in lex.lookup(key) if c.kind == "place"]
        place = choose(cands, story, here, _tails(lex, key, cands), key=key)
        return None if place is None else Mention(mention.start, mention.start + len(lead), lead, place)
    return None


def _tails(lex: Lexicon, key: str, cands: list[Entry]) -> list[Entry]:
    """The small namesakes of a name, where the phrase dictionary has no place of it."""
    return [] if cands else tail_namesakes(lex, key)
