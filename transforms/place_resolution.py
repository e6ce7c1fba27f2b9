"""Which place a name means: anchored on the article's story, a namesake abroad on evidence.

A reader of `Police in Richmond said Officer Lopez was shot` in an American paper knows that
Richmond is in the United States and Lopez is a policeman, without the text saying either. The
gazetteer knows neither: it has Richmonds in six countries and a Lopez in the Philippines. The
rules here read places as that reader does (issue 12, point 4):

1. **The story's country** (`Story.home`, `story_country.story_of`). Each mention of a place or country
   (what the NER model marks GPE or LOC) counts once for every country it has a namesake in;
   the country that can hold most mentions is the story's, then the one holding the larger
   shares of them by size (`San Diego` is 0.95 American), then the one named first (a
   dateline). Coverage, not size, decides first: a US story naming Chesterfield, New Kent and
   Hanover County is Virginian although England's Chesterfield is the larger. A name counts
   its namesakes of the phrase dictionary (15,000 people or more) by their own names; names
   with only smaller ones, or only namesakes by an alternate name, count only where nothing
   else does (one English `Overtown` does not outvote Miami, nor Eloy Alfaro Chicago).
2. **A namesake abroad needs evidence.** Evidence is what the article names outright: a
   country (its name or demonym), an admin region (state, province, county), a capital, and
   the home country. Anywhere in the article counts: news names the country once, high up,
   and the towns bare afterwards. Of a name's candidates the resolver takes, in this order:
   a. one in a country its own sentence names (`Richmond, in Australia`), in a region the
      article names if there is one;
   b. one in a region the article names (`Paris` in a story that names Texas; a town's
      region counts as named once the town is read), but a region bearing the name itself
      before a town of that name elsewhere (`Oregon`). `Town, Region` (`London, Ontario`)
      names the region with the town to vouch for it (`_appositions`); a story that names
      no region of its country takes the one that holds namesakes of more of its towns and
      counties than any other (`coherent_region`: `Gainesville` and `Hall County` together
      are Georgia's, though each alone would be read in another state);
   c. one in the home country (`Alexandria`, Virginia, in an American story);
   d. a place news names bare, abroad or not (`story.is_major`): a capital, a city of a
      million, a city of 100,000 known by a dozen names (`Toronto` in an American story that
      also names Australia; `Geneva` anywhere);
   e. one in another country the article names;
   f. a sea or world region, which has no namesake abroad;
   g. none: the mention stays a place without coordinates, never a wrong one.
   Each rule is tried on the dictionary's namesakes and then on GeoNames' long tail (places
   under 15,000, looked up only for names the model marks as places); the tail never
   outranks a major place: `Toronto` is not Toronto, Ohio, even where Ohio is named.
3. **Names of people are not places** (`story.person_cue`, `story.beside_person`): a word of
   a full name the article tags as a person, a name after a title or a role noun (`Officer
   Lopez`, `President Obama`), before an age (`Garcia, 32,`) or cut off a person's name by
   the model are people even where the model calls them places. A one-word name the model
   calls a person, or any one-word name in a sentence in capitals, is a town only of the
   story's own country or region (`namesakes`).

An article that names no place and no country has no story to anchor on: its place names keep
the plain reading (the most populous namesake), as before these rules.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from transforms.gazetteer import DIRECTION_WORDS
from transforms.lexicon import Entry, Lexicon
from transforms.mention_rules import capitalised
from transforms.scoring import haversine_km
from transforms.story import (
    PLACE_LABELS,
    Story,
    region_key,
)
from transforms.text_norm import norm_name

# An admin region counts as evidence from this size up (the smallest are empty map units).
REGION_POPULATION = 10_000


def names_known(lex: Lexicon) -> Mapping[str, int]:
    """Place id -> how many names the phrase dictionary knows the place by (its name, ASCII
    name and alternate names, normalised), counted once per lexicon and kept with it."""
    counts = lex.__dict__.get("_names_known")
    if counts is None:
        counts = Counter(c.entity_id for cands in lex.entries.values() for c in cands if c.source == "place")
        lex.__dict__["_names_known"] = counts
    return counts


def tail_namesakes(lex: Lexicon, key: str) -> list[Entry]:
    """The gazetteer's small places (the long tail the phrase dictionary leaves out) named `key`,
    most populous first, registered for `entities_of` as `Lexicon.lookup` does."""
    if lex.places is None:
        return []
    found = [lex.places.entry(i) for i in lex.places.rows_by_key.get(key, [])]
    index = lex.by_id()
    for e in found:
        index.setdefault(e.entity_id, e)
    return found


def choose(
    cands: Sequence[Entry],
    story: Story,
    here: frozenset[str] = frozenset(),
    tail: Sequence[Entry] = (),
    key: str | None = None,
) -> Entry | None:
    """The meaning of a name: `cands` from the phrase dictionary (in source priority, then
    population), `tail` its small namesakes, `here` the countries its sentence names. None for
    a place name with no candidate the story supports (see the module's rules).

    Before places: a known organisation, country, demonym or capital reading wins, but a
    country name that is also a region elsewhere (`Georgia`) reads as the region when the
    article is at home in that other country, or names regions of it, and names nothing of the
    country; and a capital abroad whose country the article never names gives way to a
    namesake in a region the article names (`Paris`, Texas), to a region of the same name in a
    country it names (`Victoria`, Australia) and to a town of the story's country (`Rome`,
    Georgia, in a Georgia paper). `key`, the name as normalised, lets a story with nothing to
    anchor on prefer the places that bear the name as their own over those known by it as an
    alternate one."""
    if key is not None and key in story.elsewhere:  # a town the gazetteer lacks: no namesake
        cands, tail = [c for c in cands if c.kind != "place"], []
        if not cands:
            return None
    if not cands:
        return _place([], list(tail), story, here, key=key)
    top = cands[0]
    same = [c for c in cands if c.source == top.source]
    if top.source == "country" and not story.knows(top.country_iso3):
        regions = [
            c
            for c in cands
            if c.source == "place"
            and c.geo_precision == 3
            and (c.country_iso3 == story.home or story.names_region_of(c.country_iso3))
        ]
        if regions:
            return regions[0]
    if top.source == "capital" and story.anchored and not story.knows(top.country_iso3):
        places = [c for c in cands if c.source == "place"] + list(tail)
        strong = (
            [c for c in places if region_key(c) in story.regions]
            or [c for c in places if c.geo_precision == 3 and story.knows(c.country_iso3)]
            or [c for c in cands if c.source == "place" and story.home and c.country_iso3 == story.home]
        )
        if strong:
            return strong[0]
        city = next((c for c in places if c.geonameid is not None and c.geonameid == top.geonameid), None)
        if city is not None and not story.major(city):  # `Male`: a small capital, its country unnamed
            return _place([c for c in cands if c.source == "place"], list(tail), story, here, key=key)
    if top.source == "place":
        return _place(same, list(tail), story, here, key=key)
    return same[0]


def _place(
    dictionary: list[Entry],
    tail: list[Entry],
    story: Story,
    here: frozenset[str],
    *,
    local_only: bool = False,
    key: str | None = None,
) -> Entry | None:
    """Rules a to e of the module for a name whose candidates are all places, each rule tried
    on the phrase dictionary's namesakes and then on the small ones; these never outrank a
    major place. With `local_only`, only a to c and only in the story's own country: for a
    name the model says is no place."""
    if not story.anchored:
        if local_only:
            return None
        pool = dictionary or tail
        # `Montgomery police` with no other place: Montgomery, not Sahiwal (its colonial name)
        own = [c for c in pool if key is not None and norm_name(c.name) == key]
        return (own or pool or [None])[0]
    tiers = (dictionary,) if any(story.major(c) for c in dictionary) else (dictionary, tail)
    for tier in tiers:  # the sentence's own country first, in a region the article names if it can
        in_here = [c for c in tier if c.country_iso3 in here]
        if in_here:
            return _regional(in_here, story) or in_here[0]
    for tier in tiers:
        if hit := _regional(tier, story):
            return hit
    if story.towns:
        near, far_and_small = _near_story(tiers, story)
        if near is not None:
            return near
        if far_and_small and not local_only:
            return None  # unresolved rather than a small namesake far from the story's places
    rules: list[Callable[[Entry], bool]] = [lambda c: c.country_iso3 is not None and c.country_iso3 == story.home]
    if not local_only:
        rules += [
            story.major,
            lambda c: story.knows(c.country_iso3),
            lambda c: c.country_iso3 is None,  # a sea or a world region has no namesake abroad
        ]
    for fits in rules:
        for tier in tiers:
            if hit := next((c for c in tier if fits(c)), None):
                return hit
    return None


def _near_story(tiers: Sequence[list[Entry]], story: Story) -> tuple[Entry | None, bool]:
    """The namesake of a known country nearest the towns the story has named, within
    `NEAR_STORY_KM` of one (local news names the places around its own: `Knoxville` in a story
    from Tennessee is Knoxville, Tennessee); and, where there is none, whether every namesake
    of a known country is a small town far from them all. `Roseland` in a Chicago story is the
    city's neighbourhood, which the gazetteer lacks, not Roseland, California: a small town
    that far away is named with its state, and without it the name stays unresolved."""
    best: tuple[float, Entry] | None = None
    known = [
        c for tier in tiers for c in tier if c.lat is not None and c.lon is not None and story.knows(c.country_iso3)
    ]
    for c in known:
        km = min(haversine_km(c.lat, c.lon, t.lat, t.lon) for t in story.towns.values())
        if km <= NEAR_STORY_KM and (best is None or km < best[0]):
            best = (km, c)
    if best is not None:
        return best[1], False
    small = bool(known) and all(c.population < SMALL_TOWN and not story.major(c) for c in known)
    return None, small


def _regional(cands: list[Entry], story: Story) -> Entry | None:
    """The most populous of `cands` in a region the article names; but a region of a known
    country that bears the name itself outranks a town of that name in another region
    (`Oregon` is the state, not Oregon, Ohio)."""
    regional = [c for c in cands if region_key(c) in story.regions]
    if not regional:
        return None
    own = [c for c in cands if (c.geo_precision or 1) >= 3 and story.knows(c.country_iso3)]
    return own[0] if own and region_key(own[0]) != region_key(regional[0]) else regional[0]


def namesakes(
    lex: Lexicon,
    key: str,
    surface: str,
    label: str,
    story: Story,
    here: frozenset[str] = frozenset(),
    *,
    person: bool = False,
    caseless: bool = False,
) -> tuple[list[Entry], list[Entry]]:
    """The dictionary readings and the small namesakes of a span the model tags `label`.

    A lower-case span is no proper name (`hunter`, `can`): it keeps only readings that need no
    capital. A span the text marks as a person's (`person`, see `person_cue`) keeps no place
    or country reading. A span the model tags as a place gets its dictionary readings and its
    small namesakes; small namesakes known only by an alternate name (`Califon` for
    "California") count only where no place bears the name, and never for a name that starts
    with a compass word (`West Side`: a part of the story's city, not West Newton).

    Other spans (an organisation, a nationality, an event) keep their dictionary readings,
    read on the story's evidence as places are. A whole name of several words that the
    dictionary knows as a place (`Qaryat Zaytun`) is read as one even where the model calls it
    a person. But a one-word person keeps no place reading except a town of the phrase
    dictionary in the story's own country or region (other readings stay: the model calls
    `Chad` and `Niger` people): the model's one PER tag is spread over every use of a word
    (`ner.propagate_labels`), and `Spring`, Texas and `Kent`, Washington were lost from their
    own local news, while `Obama` is no Japanese town. A `caseless` sentence (all capitals:
    headlines, transcripts) is read the same way, since its capitals mark no names, and there
    a country by an abbreviation (`CAR`) needs its country named."""
    cands = lex.lookup(key)
    if not capitalised(surface):
        return [c for c in cands if not c.needs_capital], []
    if person:
        return [c for c in cands if c.kind not in {"place", "country"}], []
    if caseless:
        cands = [c for c in cands if c.kind != "country" or len(surface) > 3 or story.knows(c.country_iso3)]
    if label in PLACE_LABELS and not caseless:
        tail = tail_namesakes(lex, key)
        own_name = [c for c in tail if norm_name(c.name) == key]
        # `West Side`, `South Side`: a part of whatever city the story is in; the gazetteer keeps
        # such names as alternate names of small towns (West Newton, Pennsylvania), never proof
        relative = key.partition(" ")[0] in DIRECTION_WORDS
        if own_name or relative or any(norm_name(c.name) == key for c in cands if c.kind == "place"):
            tail = own_name
        return cands, tail
    if (label != "PER" and not caseless) or " " in key:
        return cands, []  # an organisation's name, or a whole name the dictionary knows as a place
    # a one-word person, or a name in a sentence without case: a town only of the story's own
    others = [c for c in cands if c.kind != "place"]
    local = _place([c for c in cands if c.source == "place"], [], story, here, local_only=True)
    return others + ([local] if local else []), []


def leading_place(lex: Lexicon, key: str) -> list[Entry]:
    """The dictionary places named by the longest leading words of a longer name."""
    words = key.split(" ")
    for n in range(len(words) - 1, 0, -1):
        places = [c for c in lex.lookup(" ".join(words[:n])) if c.source == "place"]
        if places:
            return places
    return []


# How far from a town the story names a namesake counts as one of its neighbours.
NEAR_STORY_KM = 100.0
# ... and a town below this size far from all of them is no reading without its region named.
SMALL_TOWN = 100_000
