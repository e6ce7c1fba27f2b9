"""The story's country (rule 1 of `place_resolution`): read from an article's model spans before
any name is resolved, so that the first `Alexandria` of a Louisiana story is already read there.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from itertools import pairwise

from transforms.lexicon import Entry, Lexicon
from transforms.mention_rules import Tok, capitalised, tokenize
from transforms.place_resolution import (
    REGION_POPULATION,
    choose,
    leading_place,
    names_known,
    namesakes,
    tail_namesakes,
)
from transforms.story import (
    PLACE_LABELS,
    Span,
    Story,
    beside_person,
    caseless,
    first_readings,
    person_cue,
    person_names,
    region_key,
    shares,
    vote,
    votes_as_itself,
)
from transforms.text_norm import norm_name

# A name whose every reading is a place below this size votes for the story's country only where
# no larger place does (a hamlet abroad told twice does not outvote a city at home).
HAMLET = 10_000
# Of two regions that hold namesakes of as many of an article's places, the one whose namesakes
# are this many times as populous is the story's (`coherent_region`).
COHERENT_FACTOR = 3
_COMMA = re.compile(r"\s*,\s*")


def _appositions(
    spans: Sequence[Span],
    texts: dict[tuple[int, int], str],
    where: dict[tuple[int, int], int],
    rows: Sequence[tuple[int, int, str]],
    lex: Lexicon,
    story: Story,
) -> None:
    """`London, Ontario`, `Rome, N.Y.`, `Douma, Syria`: a place name followed after a comma by a
    region or country that holds one of its namesakes names that region (or country) outright,
    the town vouching for the reading, so that both are read there (the province, not
    Ontario, California; the Canadian city, not the British capital)."""
    for (s1, e1, l1), (s2, e2, l2) in pairwise(spans):
        if l1 not in PLACE_LABELS or l2 not in PLACE_LABELS or (s1, e1) not in texts or (s2, e2) not in texts:
            continue
        row = rows[where[(s1, e1)]]
        if where[(s2, e2)] != where[(s1, e1)] or not _COMMA.fullmatch(row[2][e1 - row[0] : s2 - row[0]]):
            continue
        town_key, whole_key = norm_name(texts[(s1, e1)]), norm_name(texts[(s2, e2)])
        readings, wholes = lex.lookup(town_key), lex.lookup(whole_key)
        towns = [c for c in [*readings, *tail_namesakes(lex, town_key)] if c.kind == "place"]
        holders = [
            w
            for w in wholes
            if w.country_iso3 and (w.kind == "country" or (w.kind == "place" and (w.geo_precision or 1) >= 3))
        ]
        # a list of regions (`Texas, Oklahoma`) names two regions, no town of one in the other
        lone_towns = all(c.kind == "place" and (c.geo_precision or 1) <= 2 for c in readings)
        if holders and towns and lone_towns and not any(_holds(w, t) for w in holders for t in towns):
            story.elsewhere.add(town_key)
        for whole in wholes:
            if whole.kind == "place" and (whole.geo_precision or 1) >= 3 and (key := region_key(whole)):
                if any(_holds(whole, t) for t in towns):
                    story.regions.add(key)
                    story.countries.add(key.split(".", 1)[0])
                    break
            elif whole.kind == "country" and whole.country_iso3 and any(_holds(whole, t) for t in towns):
                story.countries.add(whole.country_iso3)
                break


def _holds(whole: Entry, town: Entry) -> bool:
    """Whether a region or country holds a town (its region key, or its country)."""
    if whole.kind == "country":
        return town.country_iso3 == whole.country_iso3
    return region_key(whole) is not None and region_key(town) == region_key(whole)


def story_of(
    spans: Sequence[Span] | None,
    rows: Sequence[tuple[int, int, str]],
    lex: Lexicon,
    reporting: frozenset[str] = frozenset(),
) -> Story:
    """An article's story (see the module), read from its model spans before any name is
    resolved, so that the first `Alexandria` of a Louisiana story is already read there.
    `rows` are the article's sentences as (char_start, char_end, text); `reporting`, the verbs
    that report speech (`EventRules.reporting`), whose subject `person_cue` takes for a person.

    The home country is the one that can hold most of the place and country mentions (GPE and
    LOC spans; a facility's name, FAC, places nothing), then the one with the larger shares of
    them (`_shares`), then the one named first. A name counts its dictionary namesakes; names
    with only small namesakes, or towns that bear the name only as an alternate one
    (`_votes_as_itself`), count only in an article with no other (one `Overtown`, a hamlet in
    England, does not outvote Miami), and one-word names the model calls people that are also
    towns only in an article with neither (`Madison`)."""
    if not spans:
        return Story(names_known=names_known(lex), reporting=reporting)
    starts = [r[0] for r in rows]
    texts: dict[tuple[int, int], str] = {}
    where: dict[tuple[int, int], int] = {}
    for s, e, _ in spans:
        i = bisect_right(starts, s) - 1
        if i >= 0 and e <= rows[i][1]:  # a span across sentences is no name
            texts[(s, e)] = rows[i][2][s - rows[i][0] : e - rows[i][0]]
            where[(s, e)] = i
    story = Story(person_names=person_names(spans, texts, lex), names_known=names_known(lex), reporting=reporting)
    toks: dict[int, list[Tok]] = {}
    # per tier (place names of the dictionary, of the long tail only, one-word people that are
    # also towns): country -> [mentions it can hold, sum of their shares]
    votes: tuple[defaultdict[str, list[float]], ...] = tuple(defaultdict(lambda: [0, 0.0]) for _ in range(3))
    first: dict[str, int] = {}
    places: dict[str, tuple[list[Entry], list[Entry]]] = {}
    for n, (s, e, label) in enumerate(spans):
        if label not in PLACE_LABELS | {"NORP", "PER"} or (s, e) not in texts:
            continue
        surface = texts[(s, e)]
        key = norm_name(surface)
        row = rows[where[(s, e)]]
        if label != "NORP":
            sent_toks = toks.setdefault(where[(s, e)], tokenize(row[2], row[0]))
            if beside_person(spans, n, row[2], row[0]) or person_cue(key, s, e, row[2], row[0], sent_toks, lex, story):
                continue
        if label == "PER":  # the model's one-word person that is also a town votes last (`Madison`)
            readings = [c for c in lex.lookup(key) if c.source == "place" and norm_name(c.name) == key]
            readings = readings if " " not in key else []
            if readings and capitalised(surface):
                vote(votes[2], first, shares(readings), n)
            continue
        if caseless(row[2]) and len(surface) <= 3:
            continue  # `CAR` in a transcript in capitals: an abbreviation or a word, no telling
        cands, tail = namesakes(lex, key, surface, label, story)
        if not cands and not tail and label in {"GPE", "LOC"}:
            # `Bristol County District`, `Miami Fire Rescue`: the place a name begins with votes
            readings = leading_place(lex, key)
            if readings:
                vote(votes[0], first, shares(readings), n)
            continue
        top = (cands or tail or [None])[0]
        if top is None or not top.country_iso3:
            continue
        if top.source == "country" and any(c.source == "place" and c.geo_precision == 3 for c in cands):
            continue  # `Georgia`: the resolver decides between the country and the region
        if top.source in {"country", "demonym"}:
            story.countries.add(top.country_iso3)
        if label not in {"GPE", "LOC"} or top.source not in {"country", "capital", "place"}:
            continue
        if top.source == "country":
            vote(votes[0], first, {top.country_iso3: 1.0}, n)
        else:  # a capital votes as the city it is (its gazetteer row), not as its country
            towns = [c for c in cands if c.source == "place"]
            readings = first_readings([c for c in towns if votes_as_itself(c, key, story)], key)
            # a name whose every reading is a hamlet votes with the small namesakes: `Downtown`
            # (a settlement of 3,000 abroad) told twice does not outvote one `Pittsburgh`
            hamlets = all((c.geo_precision or 1) <= 2 and c.population < HAMLET for c in readings)
            vote(votes[0 if readings and not hamlets else 1], first, shares(readings or towns or tail), n)
            places.setdefault(key, (cands, tail))
    _appositions(spans, texts, where, rows, lex, story)
    tally = next((v for v in votes if v), None)
    if tally:  # the most mentions, then the larger shares, then the country named first
        story.home = min(tally, key=lambda c: (-tally[c][0], -tally[c][1], first[c]))
    if (region := coherent_region(places, story)) is not None:
        story.regions.add(region)
    for _ in range(2):  # twice: a region named after a capital (`Victoria, Virginia`) still counts
        for name, (cands, tail) in places.items():
            chosen = choose(cands, story, tail=tail, key=name)
            if chosen is None:
                continue
            if chosen.source == "capital" and chosen.country_iso3:  # a capital named bare names its country
                story.countries.add(chosen.country_iso3)
            elif (
                story.knows(chosen.country_iso3)  # a region read abroad for its size vouches for nothing
                and (chosen.geo_precision or 1) >= 2
                and chosen.population >= REGION_POPULATION
                and (k := region_key(chosen))
            ):
                story.regions.add(k)  # a state, province or county names its admin-1 region
    return story


def coherent_region(places: dict[str, tuple[list[Entry], list[Entry]]], story: Story) -> str | None:
    """The one region of the home country that holds namesakes of more of the article's towns
    and counties than any other, where the article names no region of its own: local news
    names the places around it and rarely their state. `Gainesville`, `Hall County` and
    `Forsyth County` all have namesakes in Georgia, and each only one elsewhere (Florida,
    Nebraska, North Carolina): read one by one, each takes its most populous namesake and the
    story is spread over three states; read together, they are in Georgia. Between regions
    that hold as many, the one whose namesakes are `COHERENT_FACTOR` times as populous wins
    (`Gainesville` and `Hall County`: Georgia's, not the Texan hamlets); otherwise a tie, or a
    region that holds only one of the names, says nothing, and the reading stays as it was."""
    if story.home is None or story.names_region_of(story.home):
        return None
    held: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0])
    for cands, tail in places.values():
        home = [c for c in [*cands, *tail] if c.kind == "place" and c.country_iso3 == story.home]
        if cands and cands[0] in home and (cands[0].geo_precision or 1) >= 3:
            return None  # the article names a region itself (`Texas`): it is read as named
        largest: dict[str, int] = {}
        for c in home:
            if (c.geo_precision or 1) <= 2 and (key := region_key(c)):
                largest[key] = max(largest.get(key, 0), c.population)
        for key, population in largest.items():
            held[key][0] += 1
            held[key][1] += population
    ranked = sorted(held.items(), key=lambda kv: (-kv[1][0], -kv[1][1]))
    if not ranked or ranked[0][1][0] < 2:
        return None
    (best, (names, people)), rival = ranked[0], ranked[1][1] if len(ranked) > 1 else (0, 0)
    if rival[0] == names and people < COHERENT_FACTOR * rival[1]:
        return None
    return best
