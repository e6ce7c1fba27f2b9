"""Places anchored on the story (issue 12, point 4): the story's country, a namesake abroad only
on evidence, people's names never places. Invented sentences. Where a test is about resolution,
the name spans are given by hand, so that it does not hang on what the NER model tags; one test
runs the model end to end."""

from __future__ import annotations

import polars as pl
import pytest

from flows.reference import load_reference
from flows.settings import SEEDS_DIR
from transforms.entities import entities_of, find_mentions
from transforms.lexicon import Entry
from transforms.ner import entity_spans
from transforms.place_resolution import choose
from transforms.sentences import split_sentences
from transforms.story import Story
from transforms.story_country import coherent_region, story_of


@pytest.fixture(scope="module")
def reference():
    return load_reference(SEEDS_DIR)


def _spans(text: str, *names: tuple[str, str]) -> list[tuple[int, int, str]]:
    """(surface, label) pairs as model spans, each at its next occurrence in the text."""
    out, pos = [], {}
    for surface, label in names:
        start = text.index(surface, pos.get(surface, 0))
        pos[surface] = start + len(surface)
        out.append((start, start + len(surface), label))
    return sorted(out)


def _read(
    reference, text: str, spans: list[tuple[int, int, str]] | None = None, reporting: frozenset[str] = frozenset()
) -> list[dict]:
    """Each mention of the text with its entity (name, kind, country, coordinates)."""
    arts = pl.DataFrame(
        {"article_id": ["a"], "text": [text], "language": ["en"], "published_at": [None]},
        schema={"article_id": pl.String, "text": pl.String, "language": pl.String, "published_at": pl.Datetime("us")},
    )
    if spans is None:
        spans = entity_spans([text], reference.nlp)[0]
    mentions = find_mentions(arts, split_sentences(arts), reference.lexicon, {"a": spans}, reporting)
    entities = entities_of(mentions, reference.lexicon).rename(
        {"kind": "entity_kind", "country_iso3": "entity_country"}
    )
    return mentions.join(entities, on="entity_id", how="left").to_dicts()


def _of(rows: list[dict], surface: str) -> list[dict]:
    return [r for r in rows if r["surface"] == surface]


def test_a_surname_that_is_a_town_abroad_stays_unresolved_in_a_us_story(reference):
    text = "Police in Chicago said Alfaro was taken to a hospital. Alfaro had been shot twice."
    rows = _read(reference, text, _spans(text, ("Chicago", "GPE"), ("Alfaro", "GPE"), ("Alfaro", "GPE")))
    assert _of(rows, "Chicago")[0]["entity_country"] == "USA"
    alfaro = _of(rows, "Alfaro")
    assert len(alfaro) == 2
    # no Eloy Alfaro (Ecuador), no Alfaro in Spain or Mexico: the article names neither country
    assert all(r["entity_id"] is None and r["lat"] is None for r in alfaro)


def test_the_surname_of_a_person_named_earlier_is_that_person(reference):
    text = "Officer Maria Alfaro was shot in Chicago on Monday. Alfaro was taken to a hospital."
    spans = _spans(text, ("Maria Alfaro", "PER"), ("Chicago", "GPE"), ("Alfaro", "GPE"))
    alfaro = _of(_read(reference, text, spans), "Alfaro")[0]
    assert alfaro["label"] == "PER" and alfaro["entity_kind"] == "person" and alfaro["lat"] is None


def test_a_title_an_age_or_the_models_own_cut_marks_a_person(reference):
    text = (
        "Officer Lopez was hurt in a shooting in Chicago on Monday. Garcia, 32, was arrested at the scene. "
        "Witnesses said Amiere Santos ran from the car."
    )
    spans = _spans(text, ("Lopez", "GPE"), ("Chicago", "GPE"), ("Garcia", "GPE"), ("Amiere", "PER"), ("Santos", "GPE"))
    rows = _read(reference, text, spans)
    for name in ("Lopez", "Garcia", "Santos"):  # towns in the Philippines, Mexico, Brazil
        (row,) = _of(rows, name)
        assert row["label"] == "PER" and row["lat"] is None, name


def test_the_speaker_of_a_reporting_verb_is_a_person_not_a_town_abroad(reference):
    text = 'Police in Chicago said the car was stolen. "It was fast," said Alfaro. Beijing said nothing.'
    spans = _spans(text, ("Chicago", "GPE"), ("Alfaro", "GPE"), ("Beijing", "GPE"))
    rows = _read(reference, text, spans, reporting=frozenset({"said", "says", "told"}))
    assert _of(rows, "Alfaro")[0]["label"] == "PER"
    assert _of(rows, "Beijing")[0]["entity_country"] == "CHN"  # a capital speaks for its government
    assert _of(rows, "Chicago")[0]["entity_country"] == "USA"


def test_a_one_word_person_is_a_town_only_at_home(reference):
    text = "A man was shot in Spring, north of Houston, on Friday. Obama called the family."
    rows = _read(reference, text, _spans(text, ("Spring", "PER"), ("Houston", "GPE"), ("Obama", "PER")))
    assert _of(rows, "Spring")[0]["entity_country"] == "USA"  # Spring, Texas, though the model says PER
    assert _of(rows, "Obama")[0]["entity_kind"] == "person"  # and no Japanese town


def test_a_namesake_at_home_wins_in_a_story_that_never_names_its_country(reference):
    text = "Shots were fired in Taunton on Friday night. Chicago police sent two detectives to help."
    rows = _read(reference, text, _spans(text, ("Taunton", "GPE"), ("Chicago", "GPE")))
    assert _of(rows, "Taunton")[0]["entity_country"] == "USA"  # Massachusetts, not the larger Somerset town


def test_a_namesake_abroad_is_taken_where_its_region_is_named(reference):
    text = "A man wanted for a shooting in Detroit was arrested in London, Ontario, on Friday."
    spans = _spans(text, ("Detroit", "GPE"), ("London", "GPE"), ("Ontario", "GPE"))
    london = _of(_read(reference, text, spans), "London")[0]
    assert london["entity_country"] == "CAN" and london["lat"] is not None


def test_a_town_told_with_a_region_that_holds_none_of_its_namesakes_stays_unresolved(reference):
    # the gazetteer knows a Pinetown in South Africa only; `, N.C.` says this one is another
    text = "A man was shot in Pinetown, N.C., on Tuesday. Pinetown police are looking for a car."
    spans = _spans(text, ("Pinetown", "GPE"), ("N.C.", "GPE"), ("Pinetown", "ORG"))
    rows = _read(reference, text, spans)
    assert all(r["lat"] is None and r["entity_country"] != "ZAF" for r in _of(rows, "Pinetown"))
    # a list of regions names each of them, no town of one in another
    text = "Storms hit Texas, Oklahoma and Kansas on Monday."
    spans = _spans(text, ("Texas", "GPE"), ("Oklahoma", "GPE"), ("Kansas", "GPE"))
    assert _of(_read(reference, text, spans), "Texas")[0]["entity_country"] == "USA"


def test_the_town_of_a_named_office_is_told_and_anchors_its_sentence(reference):
    text = "Birmingham Mayor Ann Carter spoke of the shooting in Ensley while joining Police Chief Dale Moss."
    spans = _spans(text, ("Birmingham", "GPE"), ("Ann Carter", "PER"), ("Ensley", "GPE"))
    rows = _read(reference, text, spans)
    town = [r for r in rows if r["surface"] == "Birmingham" and r["entity_kind"] == "place"]
    assert town and town[0]["entity_country"] == "USA"  # the mayor's city is named, in Alabama
    # no organisation spans lower-case words: `Ensley while joining Police` is no name
    assert not any("while" in r["surface"] for r in rows)


def test_a_dateline_in_capitals_places_the_story(reference):
    text = "NEW ORLEANS -- Police are still searching for the man who shot a woman on Friday."
    rows = _read(reference, text)  # the model's own spans: the dateline must read as a place
    town = _of(rows, "NEW ORLEANS")
    assert town and town[0]["entity_kind"] == "place" and town[0]["entity_country"] == "USA"
    assert not any("Police" in r["surface"] and "ORLEANS" in r["surface"] for r in rows)


def test_a_namesake_abroad_is_taken_where_its_sentence_names_the_country(reference):
    text = "The suspect grew up in Chicago. Before that his family lived in Richmond, in Australia."
    spans = _spans(text, ("Chicago", "GPE"), ("Richmond", "GPE"), ("Australia", "GPE"))
    assert _of(_read(reference, text, spans), "Richmond")[0]["entity_country"] == "AUS"


def test_a_foreign_capital_is_still_resolved(reference):
    text = "Police in Houston said the suspect had recently come back from Nairobi."
    rows = _read(reference, text, _spans(text, ("Houston", "GPE"), ("Nairobi", "GPE")))
    nairobi = _of(rows, "Nairobi")[0]
    assert nairobi["entity_country"] == "KEN" and nairobi["lat"] is not None


def test_a_transcript_in_capitals_is_no_evidence_for_a_country_by_abbreviation(reference):
    text = "POLICE ARE SEARCHING FOR A CAR AFTER A SHOOTING IN CHICAGO."
    rows = _read(reference, text, _spans(text, ("CAR", "GPE"), ("CHICAGO", "GPE")))
    assert _of(rows, "CAR")[0]["entity_country"] is None  # not the Central African Republic
    assert _of(rows, "CHICAGO")[0]["entity_country"] == "USA"


def test_the_model_end_to_end_keeps_a_us_story_at_home(reference):
    text = (
        "CHICAGO (AP) — Two men were wounded in a shooting in Chicago on Monday, police said. "
        "Officer Maria Alfaro said the gunman fled in a gray car. Alfaro said detectives want witnesses."
    )
    placed = [r for r in _read(reference, text) if r["lat"] is not None and r["entity_kind"] in {"place", "country"}]
    assert placed and {r["entity_country"] for r in placed} == {"USA"}


def test_the_home_country_is_the_one_that_holds_most_names(reference):
    text = "Police in Chesterfield and New Kent searched for the car. Hanover County deputies found it."
    rows = [(0, len(text), text)]
    spans = _spans(text, ("Chesterfield", "GPE"), ("New Kent", "GPE"), ("Hanover County", "GPE"))
    story = story_of(spans, rows, reference.lexicon)
    assert story.home == "USA"  # England's Chesterfield is larger, but only Virginia has all three
    empty = story_of([], rows, reference.lexicon)  # no names: nothing to anchor on
    assert empty.home is None and not empty.anchored


def _entry(
    name: str,
    iso3: str | None,
    population: int,
    source: str = "place",
    admin1: str | None = None,
    lat: float | None = None,
    lon: float | None = None,
) -> Entry:
    precision = 4 if source == "country" else 1
    kind = "country" if source == "country" else "place"
    return Entry(
        source,
        f"{name}-{iso3}-{admin1}",
        name,
        kind,
        "GPE",
        iso3,
        admin1=admin1,
        population=population,
        geo_precision=precision,
        lat=lat,
        lon=lon,
    )


def test_the_order_of_the_rules_for_places():
    home = _entry("Windsor", "USA", 29_000, admin1="CT")
    named = _entry("Windsor", "CAN", 278_000, admin1="08")
    regional = _entry("Windsor", "GBR", 32_000, admin1="ENG")
    big = _entry("Windsor", "ZZZ", 2_000_000)
    cands = sorted([home, named, regional, big], key=lambda e: -e.population)
    assert choose(cands, Story(home="USA", countries={"CAN"}, regions={"GBR.ENG"})) is regional
    assert choose(cands, Story(home="USA", countries={"CAN"}), here=frozenset({"CAN"})) is named
    assert choose(cands, Story(home="USA", countries={"CAN"})) is home
    assert choose([named, big], Story(home="USA", countries={"CAN"})) is big  # news names it bare
    assert choose([named, regional], Story(home="USA", countries={"CAN"})) is named
    assert choose([named, regional], Story(home="USA")) is None  # unresolved, never a wrong place
    assert choose([named, regional], Story()) is named  # no story to anchor on: the plain reading


def test_a_story_with_nothing_to_anchor_on_reads_a_name_as_the_place_that_bears_it():
    # `Montgomery police say ...` and no other place: Sahiwal, Pakistan, is larger and was once
    # called Montgomery, but the town that bears the name is Montgomery, Alabama
    sahiwal = Entry("place", "sahiwal", "Sahiwal", "place", "GPE", "PAK", population=538_000, geo_precision=1)
    alabama = _entry("Montgomery", "USA", 195_000, admin1="AL")
    assert choose([sahiwal, alabama], Story(), key="montgomery") is alabama
    assert choose([sahiwal, alabama], Story()) is sahiwal  # without the name: the plain order


def test_the_small_namesakes_never_outrank_a_major_place():
    toronto = _entry("Toronto", "CAN", 2_600_000, admin1="08")
    ohio = _entry("Toronto", "USA", 5_000, admin1="OH")
    assert choose([toronto], Story(home="USA", regions={"USA.OH"}), tail=[ohio]) is toronto
    adams = _entry("Adams", "USA", 5_500, admin1="MA")
    port = _entry("Pulandian", "CHN", 104_000)
    assert choose([port], Story(home="USA"), tail=[adams]) is adams
    assert choose([port], Story(home="GBR"), tail=[adams]) is None


def test_a_city_known_by_many_names_is_named_bare_anywhere(reference):
    text = "Russia's foreign minister met the Syrian delegation in Geneva on Monday."
    rows = _read(reference, text, _spans(text, ("Russia", "GPE"), ("Syrian", "NORP"), ("Geneva", "GPE")))
    assert _of(rows, "Geneva")[0]["entity_country"] == "CHE"  # Switzerland is never named


def test_a_small_capital_abroad_needs_its_country_named():
    capital = Entry("capital", "male", "Male", "place", "GPE", "MDV", geonameid=1, population=10**9)
    city = Entry("place", "male-city", "Male", "place", "GPE", "MDV", geonameid=1, population=103_000)
    assert choose([capital, city], Story(home="USA")) is None
    assert choose([capital, city], Story(home="USA", countries={"MDV"})) is capital
    sea = Entry("place", "med", "Mediterranean", "place", "LOC", None, geo_precision=4)
    assert choose([sea], Story(home="USA")) is sea  # a sea has no namesake abroad


def test_an_old_name_of_a_city_abroad_does_not_carry_the_story_there(reference):
    # `Antioch` is a Californian city's own name and Antakya's old one; the story names nothing else
    text = "Police say a man was shot in Antioch on Monday night. Officers found him at an Antioch apartment."
    rows = _read(reference, text, _spans(text, ("Antioch", "GPE"), ("Antioch", "GPE")))
    assert {r["entity_country"] for r in _of(rows, "Antioch")} == {"USA"}, rows


def test_a_namesake_near_the_towns_the_story_names_wins():
    # a story in Cincinnati names `Newport`: the Kentucky town across the river, not the larger
    # one in Rhode Island, though the story never names Kentucky
    cincinnati = _entry("Cincinnati", "USA", 300_000, admin1="OH", lat=39.13, lon=-84.51)
    kentucky = _entry("Newport", "USA", 15_000, admin1="KY", lat=39.09, lon=-84.50)
    rhode_island = _entry("Newport", "USA", 24_000, admin1="RI", lat=41.49, lon=-71.31)
    story = Story(home="USA")
    assert choose([rhode_island, kentucky], story) is rhode_island  # no town named yet
    story.note(cincinnati)
    assert choose([rhode_island, kentucky], story) is kentucky


def test_a_small_town_far_from_every_place_the_story_names_stays_unresolved(reference):
    # a Chicago neighbourhood the gazetteer lacks: not Roseland, California, 2,900 km away;
    # the dateline's town anchors the places after it in its own sentence
    text = "CHICAGO — Two men were shot in Roseland on Sunday night, police said."
    roseland = _of(_read(reference, text, _spans(text, ("CHICAGO", "GPE"), ("Roseland", "GPE"))), "Roseland")[0]
    assert roseland["lat"] is None, roseland


def test_a_town_the_dictionary_knows_with_its_state_is_kept(reference):
    # `Newport, Rhode Island` is one dictionary name; the model tags its two parts: the whole
    # is a place the model saw, not a common word, however small the town
    rows = _read(reference, "The suspect was arrested in Newport, Rhode Island, on Monday.")
    places = [r for r in rows if r["lat"] is not None]
    assert places and abs(places[0]["lat"] - 41.49) < 0.1, rows


def test_a_local_authority_names_the_place_it_serves(reference):
    text = "The Reno Police Department is investigating a shooting that killed a boy on Tuesday."
    rows = _read(reference, text, _spans(text, ("Reno Police Department", "ORG")))
    reno = _of(rows, "Reno")
    assert reno and reno[0]["entity_country"] == "USA" and abs(reno[0]["lat"] - 39.53) < 0.1, rows
    assert _of(rows, "Reno Police Department")  # the police stay an organisation beside it
    # an organisation that is no authority, or an authority named after no place, names none
    for text, org in (
        ("The Reno Gazette reported a shooting on Tuesday.", "Reno Gazette"),
        ("The Metropolitan Police Department said a boy was shot.", "Metropolitan Police Department"),
    ):
        rows = _read(reference, text, _spans(text, (org, "ORG")))
        assert not [r for r in rows if r["lat"] is not None and r["surface"] != org], rows


@pytest.mark.parametrize("part", ["West Side", "South Side"])
def test_a_part_of_the_city_named_by_a_compass_word_is_no_small_town_elsewhere(reference, part):
    # the gazetteer keeps `West Side` and `South Side` as alternate names of small towns
    # (West Newton, Pennsylvania; Eltingville, New York): in a San Antonio story they are parts
    # of San Antonio, which the gazetteer lacks, so they stay unresolved
    text = f"SAN ANTONIO — Two men were shot on the {part} on Sunday, police said."
    rows = _read(reference, text)  # the model's own spans: it tags the part as a place
    assert _of(rows, part) and all(r["lat"] is None for r in _of(rows, part)), rows


def test_a_hamlet_abroad_named_twice_does_not_outvote_a_city_at_home(reference):
    # `Downtown` is a settlement of 3,000 on Diego Garcia (British Indian Ocean Territory); told
    # twice, it used to outvote one `Pittsburgh` and carry the story's country abroad
    text = (
        "4 wounded in Downtown shooting after fireworks\n"
        "Pittsburgh police said an argument led to a shooting Monday night Downtown that wounded four people."
    )
    rows = _read(reference, text, _spans(text, ("Downtown", "GPE"), ("Pittsburgh", "GPE"), ("Downtown", "GPE")))
    assert _of(rows, "Pittsburgh")[0]["entity_country"] == "USA"
    assert all(r["entity_country"] != "IOT" for r in _of(rows, "Downtown")), rows


def test_the_region_that_holds_most_of_the_storys_places_anchors_them(reference):
    # local news names no state: Gainesville is Florida's and Hall County Nebraska's one by one,
    # but only Georgia holds a Gainesville and a Hall County of any size
    text = "Deputies in Hall County arrested a man on Monday. He was taken to the jail in Gainesville."
    rows = _read(reference, text, _spans(text, ("Hall County", "GPE"), ("Gainesville", "GPE")))
    assert all(33.5 < r["lat"] < 35 and -84.5 < r["lon"] < -83 for r in rows if r["lat"] is not None), rows
    assert len([r for r in rows if r["lat"] is not None]) == 2
    # a state the article names is read as named
    text += " Gainesville, Texas, is a long way off."
    spans = _spans(text, ("Hall County", "GPE"), ("Gainesville", "GPE"), ("Gainesville", "GPE"), ("Texas", "GPE"))
    assert _of(_read(reference, text, spans), "Gainesville")[-1]["lon"] < -95


def test_a_region_holding_one_name_or_tied_with_another_anchors_nothing():
    def town(name: str, admin1: str, population: int) -> Entry:
        return _entry(name, "USA", population, admin1=admin1, lat=35.0, lon=-90.0)

    story = Story(home="USA")
    one = {"salem": ([town("Salem", "OR", 170_000), town("Salem", "MA", 44_000)], [])}
    assert coherent_region(one, story) is None  # one name: its own most populous reading stands
    tied = {
        "salem": ([town("Salem", "OR", 60_000), town("Salem", "MA", 44_000)], []),
        "marion": ([town("Marion", "OR", 3_000), town("Marion", "MA", 5_000)], []),
    }
    assert coherent_region(tied, story) is None  # as many, about as populous: no telling
    lopsided = {
        "salem": ([town("Salem", "OR", 170_000), town("Salem", "MA", 44_000)], []),
        "dallas": ([town("Dallas", "TX", 1_300_000), town("Dallas", "OR", 16_000)], []),
        "marion": ([town("Marion", "OR", 3_000), town("Marion", "MA", 5_000)], []),
    }
    assert coherent_region(lopsided, story) == "USA.OR"  # three names against two
    assert coherent_region(lopsided, Story(home="USA", regions={"USA.MA"})) is None  # a named region rules
