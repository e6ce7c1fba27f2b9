"""An article's story as the place resolver reads it: where it is and who is in it.

`Story` holds the article's home country, the countries and admin regions it names outright
and the names of the people it names in full; `story_country.story_of` fills it from the
model's spans before any name is resolved, and `entities` adds what each resolved mention names.
The person cues (`person_cue`, `beside_person`, `person_names`) say when a name the model or
the gazetteer offers as a place is a person's: the surname of someone the article names, a
name after a title or a role noun, a name before an age, a name the model cut off a person's.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from transforms.lexicon import Entry, Lexicon
from transforms.mention_rules import CONNECTORS, LOCALITY_WORDS, Tok, title_before
from transforms.text_norm import norm_name

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# A place abroad that news names without its country: a city of a million or more (some 500
# in GeoNames: Lagos, Mosul, Guadalajara). The same bar `entities` sets for a dictionary place
# the model did not tag. Below it the namesakes that misled the resolver sit: Eloy Alfaro
# (315,000) for the surname Alfaro, Metro (180,000) for a city's police, Pulandian for Adams.
MAJOR_POPULATION = 1_000_000
# ... or a city known abroad: GeoNames lists its names in many languages (the gazetteer keeps up
# to 15 in Latin script, ranked by how many languages share them), a dozen or more here.
RENOWNED_POPULATION = 100_000
RENOWNED_NAMES = 12
# `Garcia, 32,` / `Garcia (32)`: an age after a name marks a person.
_AGE_AFTER = re.compile(r"\s*(?:,\s*\d{1,3}\s*[,;)]|\(\d{1,3}\))")
_NAME_TEXT = re.compile(r"^[^\W\d_]+(?:[ .'’-]+[^\W\d_]+)*\.?$")  # words, initials, hyphens: one name

Span = tuple[int, int, str]


def region_key(entry: Entry) -> str | None:
    """`USA.GA`: the country and admin-1 region a place lies in, as kept in an article's story."""
    return f"{entry.country_iso3}.{entry.admin1}" if entry.kind == "place" and entry.admin1 else None


def is_major(entry: Entry, names_known: Mapping[str, int] | None = None) -> bool:
    """A place news names bare, with no country beside it: a capital, a city of a million, or
    a city of RENOWNED_POPULATION the world knows by RENOWNED_NAMES names or more
    (`names_known`: entity id -> names the dictionary has for it). Geneva (200,000 people, 15
    names) is named bare in any news; Metro, Indonesia (180,000, two names) and Eloy Alfaro,
    Ecuador (315,000, two) are not, and nor is Kenema (250,000, one), whose country news names."""
    if entry.source == "capital" or entry.population >= MAJOR_POPULATION:
        return True
    return (
        names_known is not None
        and entry.population >= RENOWNED_POPULATION
        and names_known.get(entry.entity_id, 0) >= RENOWNED_NAMES
    )


@dataclass
class Story:
    """Where an article's story is: its home country and the countries and regions it names."""

    home: str | None = None
    countries: set[str] = field(default_factory=set)  # named outright: a country, demonym or capital
    regions: set[str] = field(default_factory=set)  # region keys (`USA.GA`) of regions named
    person_names: frozenset[str] = frozenset()  # its people's full names and surnames, normalised
    names_known: Mapping[str, int] = field(default_factory=dict)  # place id -> its names (`is_major`)
    reporting: frozenset[str] = frozenset()  # verbs that report speech (`said`): their subject is a person
    towns: dict[str, Entry] = field(default_factory=dict)  # towns and districts resolved so far in a known country
    # names told with a region or country that holds none of their namesakes (`Pinetown, N.C.`,
    # where the gazetteer knows only Pinetown, South Africa): a town it lacks, never a namesake
    elsewhere: set[str] = field(default_factory=set)

    @classmethod
    def of_keys(cls, keys: Iterable[str], home: str | None = None) -> Story:
        """A story from keys as `region_key` writes them (`USA`, `USA.GA`), the region's country
        included; for callers that have no article."""
        story = cls(home=home)
        for key in keys:
            if "." in key:
                story.regions.add(key)
                story.countries.add(key.split(".", 1)[0])
            else:
                story.countries.add(key)
        return story

    def major(self, entry: Entry) -> bool:
        """`is_major` with the names the dictionary knows."""
        return is_major(entry, self.names_known)

    @property
    def anchored(self) -> bool:
        """Whether the article names anything to anchor its places on."""
        return bool(self.home or self.countries or self.regions)

    def knows(self, iso3: str | None) -> bool:
        """Whether a country is the story's or one the article names."""
        return iso3 is not None and (iso3 == self.home or iso3 in self.countries)

    def names_region_of(self, iso3: str | None) -> bool:
        """Whether the article names a region of this country (`USA.TN` for the USA)."""
        return iso3 is not None and any(k.startswith(f"{iso3}.") for k in self.regions)

    def note(self, entry: Entry) -> None:
        """What a resolved mention adds as evidence for the names after it: a country, demonym
        or capital names its country; a place in a known country names its region (`Atlanta`
        makes the next `Athens` Georgia's). A place read abroad only for its size adds
        nothing: one wrong reading must not vouch for others."""
        iso3 = entry.country_iso3
        if not iso3:
            return
        if entry.source in {"country", "demonym", "capital"}:
            self.countries.add(iso3)
        if entry.source in {"place", "capital"} and self.knows(iso3) and (key := region_key(entry)):
            self.regions.add(key)
        if entry.kind == "place" and (entry.geo_precision or 1) <= 2 and entry.lat is not None and self.knows(iso3):
            self.towns.setdefault(entry.entity_id, entry)


def beside_person(spans: Sequence[Span], i: int, text: str, offset: int) -> bool:
    """Whether the span `spans[i]` touches a span tagged PER, only a space between: one name the
    model cut in two (`Amiere` + `Castro`, `Barry` + `Moore`). `text` starts at `offset`."""
    s, e, _ = spans[i]
    before = i > 0 and spans[i - 1][2] == "PER" and not text[spans[i - 1][1] - offset : s - offset].strip()
    after = i + 1 < len(spans) and spans[i + 1][2] == "PER" and not text[e - offset : spans[i + 1][0] - offset].strip()
    return bool(before or after)


def person_cue(
    key: str, start: int, end: int, sentence: str, offset: int, toks: list[Tok], lex: Lexicon, story: Story
) -> bool:
    """Whether the text marks a name as a person's: a word of a full name the article tags as a
    person (`Vargas` after `Pedro Alberto Vargas`), a title or a capitalised role noun right
    before it (`President Obama`, `Officer Lopez`), an age right after it (`Garcia, 32,`), or
    a reporting verb of `story.reporting` with the one word as the speaker (`Adams said`, `...,
    said Adams.`) where no reading of it speaks as a place does (`_speaks_as_place`).
    `beside_person` is the model's own evidence, checked where the spans are at hand."""
    if key in story.person_names or _AGE_AFTER.match(sentence, end - offset):
        return True
    before = [t for t in toks if t.end <= start]
    after = [t for t in toks if t.start >= end]
    speaker = (
        bool(story.reporting) and " " not in key and _speaker(sentence, offset, end, before, after, story.reporting)
    )
    if speaker and not any(_speaks_as_place(c, story) for c in lex.lookup(key)):
        return True
    if not before or sentence[before[-1].end - offset : start - offset].strip():
        return False
    if title_before(toks, start, lex):
        return True
    prev = before[-1]
    return prev.capitalised and any(c.source == "sector" for c in lex.lookup(norm_name(prev.text)))


def _speaks_as_place(entry: Entry, story: Story) -> bool:
    """Whether a place can be the subject of a reporting verb for its authorities: a country,
    a region, a capital or a major place (`Moscow said`, `Ontario reported`), or a town of the
    dictionary in the story's own country (`Boston said`, in an American story)."""
    if entry.kind == "country" or story.major(entry) or (entry.geo_precision or 1) >= 2:
        return True
    return entry.source == "place" and entry.country_iso3 is not None and entry.country_iso3 == story.home


def _speaker(sentence: str, offset: int, end: int, before: list[Tok], after: list[Tok], verbs: frozenset[str]) -> bool:
    """A name right before a reporting verb (`Adams said`), or right after one at the end of a
    clause (`"...," said Adams.`)."""
    if after and after[0].text.lower() in verbs and not sentence[end - offset : after[0].start - offset].strip():
        return True
    clause_ends = not sentence[end - offset :].strip() or sentence[end - offset :].lstrip()[:1] in {".", ",", ";"}
    return bool(before) and before[-1].text.lower() in verbs and clause_ends


def _role_word(word: str, lex: Lexicon) -> bool:
    """A title, a role noun (`police`, `officer`) or a settlement word (`village`): no part of
    a person's name."""
    return word in lex.titles or word in LOCALITY_WORDS or any(c.source == "sector" for c in lex.lookup(word))


def person_names(spans: Sequence[Span], text_of: dict[tuple[int, int], str], lex: Lexicon) -> frozenset[str]:
    """The people an article names in full, normalised: each name the model tags PER of two
    words or more, from after any title or role word inside it (`Governor Talal Barazi`,
    `Village Malakal`), and its surname alone (`barazi`), the word later mentions use.
    Given names are left out (they are also towns: `Kent Thomas`, and news seldom repeats
    them alone), and so is a surname that is a country's name (`Rethinking Egypt` in a
    headline). A span ending in a role word (`Memphis Police`), or whose whole name is a
    place or country, is no person's name."""
    names: set[str] = set()
    for s, e, label in spans:
        if label != "PER" or (s, e) not in text_of or not _NAME_TEXT.match(text_of[(s, e)]):
            continue  # `Jon Shapley / Houston Chronicle`: a credit line, not one name
        words = norm_name(text_of[(s, e)]).split(" ")
        roles = [i for i, w in enumerate(words) if _role_word(w, lex)]
        words = words[roles[-1] + 1 :] if roles else words
        if len(words) < 2 or any(c.kind in {"place", "country"} for c in lex.lookup(" ".join(words))):
            continue  # one word, or a place's whole name the model took for a person's
        names.add(" ".join(words))
        surname = words[-1]
        if len(surname) > 2 and surname not in CONNECTORS and not any(c.kind == "country" for c in lex.lookup(surname)):
            names.add(surname)  # not a country's name: `Rethinking Egypt` in a headline is no person's
    return frozenset(names)


def caseless(sentence: str) -> bool:
    """A sentence in capitals only (a headline, a transcript): its capitals mark no names."""
    return not any(ch.islower() for ch in sentence)


# -- how each place name votes for the story's country (see `story_country.story_of`) --


def shares(readings: Sequence[Entry]) -> dict[str, float]:
    """The countries a name can lie in, each with the share of the name's size it holds (by
    the largest namesake in each; even shares where none has a population): `San Diego` is
    0.95 American and 0.03 Spanish."""
    size: dict[str, int] = {}
    for c in readings:
        if c.country_iso3:
            size[c.country_iso3] = max(size.get(c.country_iso3, 0), c.population)
    total = sum(size.values())
    return {iso3: (p / total if total else 1 / len(size)) for iso3, p in size.items()}


def votes_as_itself(entry: Entry, key: str, story: Story) -> bool:
    """Whether a dictionary namesake counts among a name's first votes: a place by its own name,
    a region by any of its names (`Tenn.`), a major place by any (`Kiev`). A town known by the
    name only as an alternate one (Eloy Alfaro, Ecuador, for `Alfaro`) votes with the small
    namesakes, where it does not outvote the story's own names."""
    return norm_name(entry.name) == key or (entry.geo_precision or 1) >= 2 or story.major(entry)


def first_readings(readings: list[Entry], key: str) -> list[Entry]:
    """The first votes of a name: where a place bears it as its own name, a town known by it
    only as an alternate name votes only if it is a city of a million (`Antioch` is a
    Californian city's name and Antakya's old one; `Montgomery`, Alabama's capital and a
    Pakistani city's colonial name): one old name does not carry a story abroad."""
    if not any(norm_name(c.name) == key for c in readings):
        return readings
    return [
        c
        for c in readings
        if norm_name(c.name) == key or (c.geo_precision or 1) >= 2 or c.population >= MAJOR_POPULATION
    ]


def vote(tally: defaultdict[str, list[float]], first: dict[str, int], parts: dict[str, float], n: int) -> None:
    """One mention's vote: each country it can lie in holds it once, with its share (`shares`)."""
    for iso3, share in parts.items():
        tally[iso3][0] += 1
        tally[iso3][1] += share
        first.setdefault(iso3, n)
