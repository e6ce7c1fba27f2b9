"""Actor codes on mentions and event actors (`transforms.actor_reading`): the text first, our
seeds next, the field's dictionary on the day last; frames and dictionary rows written here."""

from __future__ import annotations

from datetime import date

import polars as pl

from transforms.actor_codes import build_actor_codes
from transforms.actor_reading import DICTIONARY_REASON, HOME_REASON, compose, read_actors, read_mentions
from transforms.entities import MENTION_SCHEMA

CODES = build_actor_codes(
    [
        {"phrase": "jane example", "entry": "countries:jane example"},
        {"phrase": "river front", "entry": "nonstate:river front"},
        {"phrase": "refugee agency", "entry": "international:refugee agency"},
        {"phrase": "capital town", "entry": "countries:ruritania"},
    ],
    [
        {
            "entry": "countries:jane example",
            "code": "RUSGOV",
            "start": "2000-01-01",
            "end": "2008-05-07",
            "kind": "person",
        },
        {"entry": "countries:jane example", "code": "RUSOPP", "start": "2008-05-08", "end": "", "kind": "person"},
        {"entry": "nonstate:river front", "code": "SYRINS", "start": "", "end": "", "kind": "group"},
        {"entry": "international:refugee agency", "code": "IGOUNOREFHCR", "start": "", "end": "", "kind": "igo"},
        {"entry": "countries:ruritania", "code": "RUS", "start": "", "end": "", "kind": "country"},
    ],
    [],
    ["RUS", "SYR", "FRA"],
)


def _mention(article: str, surface: str, entity: str, kind: str, origin: str, country=None, sector=None) -> dict:
    return {
        "article_id": article,
        "sent_idx": 0,
        "char_start": 0,
        "char_end": len(surface),
        "surface": surface,
        "label": "PER" if kind == "person" else "ORG",
        "entity_id": entity,
        "kind": kind,
        "country_iso3": country,
        "sector": sector,
        "origin": origin,
    }


def test_the_text_wins_then_our_seeds_then_the_dictionary_on_the_day():
    mentions = pl.DataFrame(
        [
            _mention("a", "Jane Example", "p1", "person", "person"),  # the dictionary alone
            _mention("b", "Jane Example", "p1", "person", "person", sector="MIL"),  # `General Jane Example`
            _mention("a", "River Front", "g1", "organization", "named"),
            _mention("a", "Refugee Agency", "o1", "organization", "organization", sector="IGO"),  # our seeds
            _mention("a", "Capital Town", "t1", "organization", "named"),  # a country entry: a place, not read
            _mention("a", "Nobody Listed", "p2", "person", "person", country="FRA"),
        ],
        schema=MENTION_SCHEMA,
    )
    read, told = read_mentions(mentions, CODES, {"a": date(2005, 1, 1), "b": date(2010, 1, 1)})
    rows = {(r["article_id"], r["surface"]): r for r in read.iter_rows(named=True)}
    jane = rows[("a", "Jane Example")]
    assert (jane["country_iso3"], jane["sector"], jane["actor_code"]) == ("RUS", "GOV", "RUSGOV")
    general = rows[("b", "Jane Example")]
    assert (general["country_iso3"], general["sector"], general["actor_code"]) == ("RUS", "MIL", "RUSMIL")
    front = rows[("a", "River Front")]
    assert (front["country_iso3"], front["sector"], front["actor_code"]) == ("SYR", "REB", "SYRINS")  # its own code
    assert rows[("a", "Refugee Agency")]["actor_code"] == "IGOUNOREFHCR"
    assert rows[("a", "Capital Town")]["country_iso3"] is None
    assert rows[("a", "Nobody Listed")]["actor_code"] == "FRA"
    assert told["p1"].name == "Jane Example" and told["p1"].country_iso3 is None


def test_event_actors_are_read_on_the_events_day():
    mentions = pl.DataFrame([_mention("a", "Jane Example", "p1", "person", "person")], schema=MENTION_SCHEMA)
    _, told = read_mentions(mentions, CODES, {"a": date(2005, 1, 1)})
    entities = pl.DataFrame({"entity_id": ["p1", "g9"], "actor_code": ["RUSGOV", "MIL"], "code_reason": [None, None]})
    events = pl.DataFrame(
        {
            "event_id": ["e2005", "e2012", "eundated"],
            "article_id": ["a", "a", "a"],
            "event_date": [date(2005, 6, 1), date(2012, 1, 1), None],
        }
    )
    actors = pl.DataFrame(
        {
            "event_id": ["e2005", "e2012", "eundated", "e2012"],
            "role": ["source"] * 4,
            "entity_id": ["p1", "p1", "p1", "g9"],
            "text": ["Jane Example", "Jane Example", "Example", "army"],
            "country_iso3": ["RUS", "RUS", "RUS", "SYR"],
            "sector": ["GOV", "GOV", "GOV", "MIL"],
            "actor_idx": [0, 0, 0, 1],
        }
    )
    out = read_actors(actors, events, entities, CODES, told)
    codes = dict(zip(out["event_id"] + "/" + out["text"], out["actor_code"], strict=True))
    assert codes["e2005/Jane Example"] == "RUSGOV"
    assert codes["e2012/Jane Example"] == "RUSOPP"  # an opposition leader by then
    assert out.filter(pl.col("event_id") == "e2012")["sector"].to_list()[0] == "OPP"
    assert codes["eundated/Example"] == "RUSGOV"  # no day: the entity's reading stands
    assert codes["e2012/army"] == "SYRMIL"  # placed in Syria by its story, not the entity's MIL
    reasons = dict(zip(out["event_id"] + "/" + out["text"], out["code_reason"], strict=True))
    assert reasons["e2012/Jane Example"] == DICTIONARY_REASON and reasons["e2012/army"] is None


def test_a_domestic_actor_no_one_placed_takes_the_home_country_and_says_so():
    events = pl.DataFrame({"event_id": ["e1"], "article_id": ["a"], "event_date": [date(2020, 1, 1)]})
    actors = pl.DataFrame(
        {
            "event_id": ["e1", "e1", "e1", "e1", "e1"],
            "role": ["source", "target", "target", "target", "target"],
            "entity_id": [None, None, None, "o1", "p1"],
            "text": ["militants", "villagers", "refugees", "Umma Party", "Jan Novak"],
            "country_iso3": [None, None, None, None, None],
            "sector": ["REB", "CVL", "REF", None, None],
            "actor_idx": [0, 0, 1, 2, 3],
        },
        schema_overrides={"entity_id": pl.String, "country_iso3": pl.String, "sector": pl.String},
    )
    entities = pl.DataFrame(
        {"entity_id": ["o1", "p1"], "kind": ["organization", "person"], "actor_code": [None, None]},
        schema_overrides={"actor_code": pl.String},
    ).with_columns(code_reason=pl.lit(None, pl.String))
    out = read_actors(actors, events, entities, CODES, {}, {"a": "SYR"})
    rows = {r["text"]: r for r in out.iter_rows(named=True)}
    assert (rows["militants"]["actor_code"], rows["militants"]["code_reason"]) == ("SYRREB", HOME_REASON)
    assert rows["villagers"]["country_iso3"] == "SYR"
    assert rows["refugees"]["country_iso3"] is None  # refugees are from elsewhere
    # an organisation nothing knows is a local one; a person of no known role is not placed
    assert (rows["Umma Party"]["country_iso3"], rows["Umma Party"]["code_reason"]) == ("SYR", HOME_REASON)
    assert rows["Jan Novak"]["country_iso3"] is None


def test_without_the_dictionary_codes_are_composed():
    mentions = pl.DataFrame(
        [_mention("a", "Jane Example", "p1", "person", "person", country="RUS", sector="GOV")], schema=MENTION_SCHEMA
    )
    read, told = read_mentions(mentions, None, {"a": date(2005, 1, 1)})
    assert read["actor_code"].to_list() == ["RUSGOV"] and told == {}
    assert compose(None, "REB") == "REB" and compose("USA", None) == "USA" and compose(None, None) is None
