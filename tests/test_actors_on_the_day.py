"""Actors read on the day through the whole analysis, with the project's seeds and model: the
same name coded by the role held on the event's date, the text's own apposition first, the
field's organisations by their codes. Sentences written for these tests."""

from __future__ import annotations

from datetime import datetime

import polars as pl
import pytest

from flows.reference import load_reference
from flows.settings import SEEDS_DIR

TEXTS = {
    "early": ("Vladimir Putin met the Chinese foreign minister in Moscow on Monday.", datetime(1999, 3, 3)),
    "late": ("Vladimir Putin met the Chinese foreign minister in Moscow on Monday.", datetime(2016, 3, 3)),
    "apposition": ("Amir Tahmasbi, the Iranian ambassador, condemned the attack on Tuesday.", datetime(2016, 3, 3)),
    "owner": ("Sergei Volkovich, Russia's new foreign minister, accused Ukraine of lying.", datetime(2016, 3, 3)),
    "former": ("Jane Doeling, the former interior minister, accused the police of fraud.", datetime(2016, 3, 3)),
    "igo": ("The UNHCR said on Monday that 4,000 refugees had crossed the border.", datetime(2016, 3, 3)),
    "reporting": ("Prosecutors charged a man in the death of Jane Roeling, police said.", datetime(2016, 3, 3)),
}


@pytest.fixture(scope="module")
def analysed():
    from transforms.analysis import analyse

    ref = load_reference(SEEDS_DIR)
    arts = pl.DataFrame(
        {
            "article_id": list(TEXTS),
            "text": [t for t, _ in TEXTS.values()],
            "language": ["en"] * len(TEXTS),
            "published_at": [d for _, d in TEXTS.values()],
        }
    )
    return analyse(arts, ref.lexicon, ref.rules, ref.nlp, ref.parser)


def _actor(analysed, article: str, text: str) -> dict:
    actors = analysed.event_actors.join(analysed.events.select("event_id", "article_id"), on="event_id")
    rows = actors.filter((pl.col("article_id") == article) & (pl.col("text") == text)).to_dicts()
    assert rows, f"no actor {text!r} in {article}: {actors.filter(pl.col('article_id') == article).to_dicts()}"
    return rows[0]


def test_one_name_two_roles_by_the_day(analysed):
    assert _actor(analysed, "early", "Vladimir Putin")["actor_code"] == "RUSELI"
    late = _actor(analysed, "late", "Vladimir Putin")
    assert (late["country_iso3"], late["sector"], late["actor_code"]) == ("RUS", "GOV", "RUSGOV")


def test_the_apposition_says_who_a_person_is(analysed):
    envoy = _actor(analysed, "apposition", "Amir Tahmasbi")
    assert (envoy["country_iso3"], envoy["sector"], envoy["actor_code"]) == ("IRN", "GOV", "IRNGOV")
    minister = _actor(analysed, "owner", "Sergei Volkovich")
    assert (minister["country_iso3"], minister["sector"]) == ("RUS", "GOV")
    former = _actor(analysed, "former", "Jane Doeling")
    assert former["sector"] is None  # no longer a minister: the text says so
    victim = analysed.entities.filter(pl.col("name") == "Jane Roeling").to_dicts()
    assert victim and victim[0]["sector"] is None  # `, police said` reports; it describes no one


def test_international_organisations_keep_the_fields_code(analysed):
    entities = analysed.entities.filter(pl.col("actor_code").str.starts_with("IGOUNO"))
    assert entities.height >= 1 and set(entities["sector"]) == {"IGO"}
