"""Awkward text: no crash, no garbage entities, and every article still comes out."""

from __future__ import annotations

from datetime import datetime

import polars as pl
import pytest

from flows.reference import load_reference
from flows.settings import SEEDS_DIR

TEXTS = {
    "long": "Troops advanced on the town of Homs as rebels withdrew to the hills. " * 2000,
    "no_sentences": "breaking news update more soon stay tuned for coverage of the talks in geneva " * 20,
    "punctuation": "!!! ... --- ??? *** ((( ))) ;;; ,,, ''' \"\"\" 1234 5678 90 %%% $$$ ### @@@ " * 10,
    "non_latin": "Министр Сергей Лавров прибыл в Дамаск. وصل وزير الخارجية إلى دمشق. 王毅抵达大马士革。",
    "mixed": "Officials in Kyiv (Київ) said 🚀 strikes hit Kharkiv, Ukraine, on Monday — 12 killed.",
}


@pytest.fixture(scope="module")
def analysed():
    from transforms.analysis import analyse

    ref = load_reference(SEEDS_DIR)
    arts = pl.DataFrame(
        {
            "article_id": list(TEXTS),
            "text": list(TEXTS.values()),
            "language": ["en"] * len(TEXTS),
            "published_at": [datetime(2024, 5, 6)] * len(TEXTS),
        }
    )
    return analyse(arts, ref.lexicon, ref.rules, ref.nlp, ref.parser)


def test_every_article_comes_back(analysed):
    assert sorted(analysed.articles["article_id"]) == sorted(TEXTS)


def test_no_entity_without_letters(analysed):
    for name in analysed.entities["name"]:
        assert name and name.strip() and any(ch.isalpha() for ch in name), repr(name)
    for surface in analysed.mentions["surface"]:
        assert any(ch.isalpha() for ch in surface), repr(surface)


def test_mentions_point_at_their_text(analysed):
    texts = dict(zip(analysed.articles["article_id"], analysed.articles["text"], strict=True))
    for aid, s, e, surface in analysed.mentions.select("article_id", "char_start", "char_end", "surface").rows():
        assert texts[aid][s:e] == surface


def test_casualties_and_places_survive_noise(analysed):
    mixed = analysed.events.filter(pl.col("article_id") == "mixed").to_dicts()
    assert any(ev["killed"] == 12 for ev in mixed)
    places = analysed.mentions.filter((pl.col("article_id") == "mixed") & (pl.col("label") == "GPE"))
    assert "Kharkiv" in places["surface"].to_list()
