"""The trigger table's verb phrases read on the parse (`transforms.phrase_syntax`)."""

from __future__ import annotations

from datetime import datetime

import polars as pl
import pytest

from flows.reference import load_reference
from flows.settings import SEEDS_DIR
from transforms.analysis import analyse
from transforms.event_triggers import Trigger
from transforms.event_verbs import worth_parsing
from transforms.phrase_syntax import build_phrase_index


@pytest.fixture(scope="module")
def reference():
    return load_reference(SEEDS_DIR)


def _events(reference, sentence: str) -> list[dict]:
    frame = pl.DataFrame(
        {"article_id": ["a"], "text": [sentence], "language": ["en"], "published_at": [datetime(2024, 3, 6)]}
    )
    result = analyse(frame, reference.lexicon, reference.rules, reference.nlp, reference.parser)
    actors = result.event_actors.group_by("event_id", "role").agg(pl.col("country_iso3"))
    rows = []
    for e in result.events.to_dicts():
        for role in ("source", "target"):
            hit = actors.filter((pl.col("event_id") == e["event_id"]) & (pl.col("role") == role))
            e[role] = set(hit["country_iso3"][0]) - {None} if hit.height else set()
        rows.append(e)
    return rows


def test_the_index_reads_a_phrase_as_its_verb_and_words():
    trig = Trigger("close the border", "COERCE", "restriction", "17", 4, None, 6)
    index = build_phrase_index({"closed the border": trig, "closed": trig})
    assert [p.words for p in index.by_verb["closed"]] == [frozenset({"border"})]
    # `the` is free, the plural's `s` is not counted; a one-word form is no phrase
    assert index.worth_parsing(["poland", "closed", "its", "borders"])
    assert not index.worth_parsing(["the", "shop", "closed", "early"])


@pytest.mark.parametrize(
    ("sentence", "event_type", "source"),
    [
        # words between the verb and its object: a number, an adjective, a possessive
        ("The United States sent 500 more troops to Poland on Monday.", "MOBILIZE", "USA"),
        ("Ghana recalled the country's ambassador to Nigeria on Friday.", "SANCTION", "GHA"),
        ("Poland closed its border with Belarus on Tuesday.", "COERCE", "POL"),
    ],
)
def test_a_verb_phrase_is_found_whatever_stands_between_verb_and_object(reference, sentence, event_type, source):
    assert worth_parsing(reference.rules, sentence)
    events = _events(reference, sentence)
    assert any(source in e["source"] for e in events if e["event_type"] == event_type), events


def test_names_in_the_object_stay_actors(reference):
    """The phrase's hit is its verb alone: `French` in the object is still the target."""
    events = _events(reference, "Chad expelled two French diplomats on Sunday.")
    expelled = [e for e in events if e["trigger"] == "expelled"]
    assert expelled and expelled[0]["target"] == {"FRA"}, events


def test_an_object_of_another_kind_makes_no_phrase(reference):
    events = _events(reference, "The company sent 500 more letters to its customers in Poland on Monday.")
    assert not [e for e in events if e["event_type"] == "MOBILIZE"], events


def test_a_trigger_in_the_object_that_codes_the_same_act_stands(reference):
    """`held a meeting with X`: the meeting keeps its own `with` phrase, the verb adds nothing."""
    events = _events(reference, "Moroccan diplomats held their first meeting with President Biden in Washington.")
    consult = [e for e in events if e["event_type"] == "CONSULT"]
    assert [e["trigger"] for e in consult] == ["meeting"], events


@pytest.mark.parametrize(
    ("sentence", "event_type"),
    [
        # the examples, as CAMEO codes them (082, 050, 0312) through our table's rows
        ("The dock workers' union called off the strike on Monday.", "CONCEDE"),
        ("The union called off its planned strike in Lagos after talks on Monday.", "CONCEDE"),
        ("India and Israel upgraded their diplomatic ties on Tuesday.", "SUPPORT"),
        ("Kenya offered 1,000 police officers and troops for a mission in Haiti on Friday.", "AGREE"),
        ("Germany is willing to send aid to Sudan.", "AGREE"),
    ],
)
def test_the_field_codes_these_verbs_with_their_objects(reference, sentence, event_type):
    events = _events(reference, sentence)
    assert [e["event_type"] for e in events][:1] == [event_type], events
    assert not [e for e in events if e["event_type"] == "FIGHT"], events  # `strike` is called off, not struck
