"""The pure transforms, called directly on small frames and strings of our own."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
import pytest

from flows.reference import load_reference
from flows.settings import SEEDS_DIR
from transforms.analysis import analyse
from transforms.decode import DecodeError, decode_bytes
from transforms.documents import RAW_SCHEMA, extract_batch
from transforms.event_dates import resolve_date
from transforms.extract import date_from_url, extract_html, extract_txt
from transforms.ids import stable_id
from transforms.sentences import split_spans
from transforms.urls import canonicalize_url

PAGE = """<html lang="en"><head><title>Clashes near Aleppo | Daily Example</title>
<meta name="author" content="Jane Roe"><meta property="og:site_name" content="Daily Example">
<link rel="canonical" href="https://www.daily.example/world/clashes-near-aleppo/?utm_source=rss">
{date}</head><body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<div class="ad">Advertisement: buy now</div>
<article><h1>Clashes near Aleppo</h1>
<p>Rebels attacked an army checkpoint near Aleppo on Tuesday, killing three soldiers and wounding five others.</p>
<p>The Syrian army said it had repelled the assault and that its troops retook two villages later that day.</p>
</article>
<section id="comments"><h3>Comments</h3><p>Reader42: This comment must never reach the text.</p></section>
<footer>Copyright Daily Example</footer></body></html>"""


@pytest.fixture(scope="module")
def reference():
    return load_reference(SEEDS_DIR)


def test_stable_ids_depend_only_on_content():
    assert stable_id("a", 1) == stable_id("a", 1) != stable_id("a", 2)
    assert len(stable_id("x")) == 16


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.Example.com/a/b/?utm_source=x&id=3#frag", "https://example.com/a/b?id=3"),
        ("http://example.com/story/amp/", "http://example.com/story"),
        ("https://example.com/x?fbclid=abc", "https://example.com/x"),
        ("https://amp.theguardian.com/world/2024/story", "https://theguardian.com/world/2024/story"),
        ("https://example.com/amp/world/story-1", "https://example.com/world/story-1"),
        ("https://example.com:443/world/story?amp=1", "https://example.com/world/story"),
    ],
)
def test_canonicalize_url(url, expected):
    assert canonicalize_url(url) == expected


def test_decode_reasons():
    with pytest.raises(DecodeError) as err:
        decode_bytes(b"%PDF-1.7 ...")
    assert err.value.reason == "binary"
    with pytest.raises(DecodeError) as err:
        decode_bytes(b"  \n ")
    assert err.value.reason == "empty"
    assert decode_bytes('<meta charset="iso-8859-1"><p>caf\xe9</p>'.encode("latin-1")).text.endswith("café</p>")


def test_extract_html_keeps_article_drops_chrome_and_comments():
    ex = extract_html(
        PAGE.format(date='<meta property="article:published_time" content="2024-03-06T08:00:00Z">'),
        "file:///x.html",
    )
    assert "Rebels attacked an army checkpoint" in ex.text
    assert "Reader42" not in ex.text and "Advertisement" not in ex.text and "Home" not in ex.text
    assert ex.published_at == datetime(2024, 3, 6) and ex.published_from == "meta"
    assert ex.author == "Jane Roe" and ex.site_name == "Daily Example" and ex.language == "en"
    assert ex.canonical_url == "https://daily.example/world/clashes-near-aleppo"


def test_publication_date_falls_back_to_url_then_none():
    page = PAGE.format(date="").replace("/world/clashes", "/world/2024/03/06/clashes")
    ex = extract_html(page, "file:///x.html")
    assert (ex.published_at, ex.published_from) == (datetime(2024, 3, 6), "url")
    ex = extract_html(PAGE.format(date=""), "file:///x.html")
    assert (ex.published_at, ex.published_from) == (None, "none")
    assert date_from_url("https://x.example/news/20230115-story") == datetime(2023, 1, 15)


def test_txt_first_line_is_title():
    ex = extract_txt("Headline here\n\nBody sentence one is long enough to count as an article body.", "file:///a.txt")
    assert ex.title == "Headline here" and ex.text.startswith("Body sentence one")


def test_extract_batch_routes_every_row_to_articles_or_rejects():
    now = datetime(2024, 1, 1)
    rows = [
        {
            "article_id": "a",
            "locator": "a.html",
            "source": "t",
            "url": "file:///a.html",
            "kind": "html",
            "data": PAGE.format(date="").encode(),
            "declared_charset": None,
            "fetched_at": now,
            "raw_hash": "1",
        },
        {
            "article_id": "b",
            "locator": "b.html",
            "source": "t",
            "url": "file:///b.html",
            "kind": "html",
            "data": b"<html><body><nav>menu</nav></body></html>",
            "declared_charset": None,
            "fetched_at": now,
            "raw_hash": "2",
        },
        {
            "article_id": "c",
            "locator": "c.txt",
            "source": "t",
            "url": "file:///c.txt",
            "kind": "txt",
            "data": b"\x00\x01\x02binary",
            "declared_charset": None,
            "fetched_at": now,
            "raw_hash": "3",
        },
    ]
    arts, rejects = extract_batch(pl.DataFrame(rows, schema=RAW_SCHEMA), run_id="r", extractor_version="v", now=now)
    assert arts["article_id"].to_list() == ["a"]
    assert sorted(rejects.select("locator", "stage", "reason").iter_rows()) == [
        ("b.html", "extract", "no_text"),
        ("c.txt", "decode", "binary"),
    ]


def test_sentence_spans_respect_abbreviations():
    text = "Dr. Jane Roe met U.S. officials in Geneva. They agreed on a truce! Talks resume on Monday."
    spans = split_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "Dr. Jane Roe met U.S. officials in Geneva.",
        "They agreed on a truce!",
        "Talks resume on Monday.",
    ]


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        ("Separately on Friday, an attack", date(2018, 4, 21), (date(2018, 4, 20), 1, "Friday")),
        ("strikes on April 14 with", date(2018, 4, 21), (date(2018, 4, 14), 1, "April 14")),
        ("since December 30 the town", date(2018, 4, 21), (date(2017, 12, 30), 1, "December 30")),
        ("Earlier this month, forces", date(2018, 4, 21), (date(2018, 4, 1), 3, "Earlier this month")),
        ("yesterday a bomb", date(2018, 4, 21), (date(2018, 4, 20), 1, "yesterday")),
        ("on Friday", None, (None, 1, "Friday")),
        ("the deadliest was in 2007, when", date(2018, 4, 21), (date(2007, 1, 1), 4, "in 2007")),
        ("For years, the areas had served", date(2018, 4, 21), (None, 4, "For years")),
        # a weekday before the date it names is one mention of that date, not last week's day
        ("shot by officers Monday, July 25, at", date(2016, 8, 29), (date(2016, 7, 25), 1, "Monday, July 25")),
        ("on Sunday, Aug. 10, 2014 and", date(2016, 8, 29), (date(2014, 8, 10), 1, "Sunday, Aug. 10, 2014")),
    ],
)
def test_dates_resolve_against_publication(sentence, published, expected):
    r = resolve_date(sentence, published)
    assert (r.value, r.precision, r.text) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("a terrorist attack killed two children and injured eight other civilians.", (2, 8)),
        ("At least 12 people were killed and dozens wounded in the blast.", (12, 12)),
        ("The death toll rose to 40 on Sunday.", (40, None)),
        ("Gunmen killed twenty-five villagers.", (25, None)),
        ("Several soldiers were wounded.", (None, 3)),
        ("The 3 ministers met in 2019.", (None, None)),
        ("A teenager died and three people were hurt in the shooting.", (1, 3)),
        ("He allegedly killed a 3-year-old with a handgun.", (1, None)),
        ("A 2-year-old child was critically injured on Tuesday.", (None, 1)),
        ("The shooting claimed the life of a 15-year-old boy.", (1, None)),
        ("He died of a gunshot wound.", (1, None)),
        ("A car bomb exploded near a checkpoint.", (None, None)),
        # shot and not said to have died: injured; the dead among the shot are not counted twice
        ("Police say four people were shot, one fatally, at the park.", (1, 3)),
        ("A pair of gunmen shot six people at a party.", (None, 6)),
        ("One man was killed and five others were shot.", (1, 5)),
        ("Three people were shot to death and another was injured.", (3, 1)),
        ("Four people, including an 11-year-old, were shot at the end of the vigil.", (None, 4)),
        ("Two are dead and two are in critical condition.", (2, 2)),
        # one victim shot and wounded is one injured, as `shot and killed` is one dead
        ("A man was shot and wounded Monday in West Baltimore, police said.", (None, 1)),
        ("Police said a teen was shot and seriously injured.", (None, 1)),
        # one person's death without an auxiliary, and one found dead; a number of people is no one
        ("The victim later died at the hospital.", (1, None)),
        ("Officers found the 45-year-old woman dead in the home.", (1, None)),
        ("The number of people who died rose.", (None, None)),
        ("Four people suffered non-life threatening injuries.", (None, 4)),
        # days of a month, ages, durations, years and `shot at` are no counts
        ("A man accused in a May 25 shooting that killed one was charged.", (1, None)),
        ("He was shot in the head and pronounced dead 20 minutes later.", (None, None)),
        ("This article is about the 2014 killing spree.", (None, None)),
        ("A 30-year-old was shot three times in the legs.", (None, None)),
        ("Someone shot at the car twice.", (None, None)),
        # the emergency number is no count, and does not hide the count after it
        ("The 911 dispatcher said two were injured.", (None, 2)),
        ("911 calls reported two people dead.", (2, None)),
        ("Police got 911 calls about people shot.", (None, None)),
        # distances and a picture's place in a gallery are no counts
        ("The boys were pronounced dead about 30 yards apart.", (None, None)),
        ("Image 6 of 12 A woman died and three men were wounded.", (1, 3)),
        # the dead told as `the three`, behind an abbreviation, or as the object of a noun act
        ("The device went off, killing the three on the spot.", (3, None)),
        ("Condolences to the families of the six U.S. service members killed.", (6, None)),
        ("Protests followed the slaying of seven more demonstrators.", (7, None)),
        ("He was convicted of the murders of four women.", (4, None)),
        ("The killing of the 19-year-old shocked the city.", (None, None)),
        # an age after a name's suffix, or told as `yr old`, is no count (the one victim still is)
        ("Deputies said Marcus Reed Jr., 24 of Dayton was shot and killed.", (None, None)),
        ("Relatives named the 16 yr old who was shot and killed by a deputy.", (1, None)),
        ("Officer Dan Price, 26 likely saved many lives that night.", (None, None)),
        ("The suspects with an AK-47 were found dead.", (None, None)),  # a model number is no count
        # a count after a place or a headline's words is still one where its people or fate follow
        ("In Dayton, Ohio, 12 people were killed.", (12, None)),
        ("5 Shot, 2 Killed In Dayton Apartment Complex", (2, None)),
    ],
)
def test_casualty_counts(reference, sentence, expected):
    assert reference.rules.casualties.read(sentence) == expected


def test_analysis_codes_actors_place_date_and_casualties(reference):
    now = datetime(2024, 3, 6)
    text = (
        "Rebels attacked an army checkpoint near Aleppo on Tuesday, killing three soldiers and "
        "wounding five others.\nFrench President Jean Dupont condemned the attack."
    )
    arts = pl.DataFrame([{"article_id": "a", "text": text, "language": "en", "published_at": now}])
    result = analyse(arts, reference.lexicon, reference.rules)
    ev = result.events.sort("sent_idx").to_dicts()
    first = ev[0]
    assert first["event_type"] in {"ASSAULT", "FIGHT"}
    assert (first["killed"], first["injured"]) == (3, 5)
    assert first["event_date"] == date(2024, 3, 5)
    assert first["location_text"] == "Aleppo" and first["country_iso3"] == "SYR" and first["geo_precision"] == 1
    assert text[first["evidence_start"] : first["evidence_end"]] == first["evidence"]
    dupont = result.entities.filter(pl.col("kind") == "person").to_dicts()
    assert dupont and dupont[0]["name"] == "Jean Dupont" and dupont[0]["country_iso3"] == "FRA"
    actors = result.event_actors.filter(pl.col("event_id") == first["event_id"])
    assert "source" in actors["role"].to_list()


def test_non_english_articles_are_stored_not_analysed(reference):
    arts = pl.DataFrame(
        [
            {
                "article_id": "f",
                "text": "Les forces ont attaqué la ville.",
                "language": "fr",
                "published_at": None,
            }
        ]
    )
    result = analyse(arts, reference.lexicon, reference.rules)
    assert result.articles["nlp_status"].to_list() == ["skipped:language=fr"]
    assert result.events.height == 0 and result.mentions.height == 0


def test_model_spans_resolve_through_the_dictionary(reference):
    text = (
        "Russia's Deputy Foreign Minister Mikhail Bogdanov met officials of the World Health Organization in Geneva.\n"
        "Bogdanov said the talks would continue."
    )
    arts = pl.DataFrame([{"article_id": "m", "text": text, "language": "en", "published_at": datetime(2024, 1, 2)}])
    result = analyse(arts, reference.lexicon, reference.rules, reference.nlp, reference.parser)
    ents = {r["name"]: r for r in result.entities.to_dicts()}
    assert ents["Mikhail Bogdanov"]["kind"] == "person"
    assert ents["Mikhail Bogdanov"]["country_iso3"] == "RUS" and ents["Mikhail Bogdanov"]["sector"] == "GOV"
    assert ents["Geneva"]["country_iso3"] == "CHE" and ents["Geneva"]["lat"] is not None
    surname = result.mentions.filter(pl.col("surface") == "Bogdanov")
    assert surname.height == 1 and surname["entity_id"][0] == ents["Mikhail Bogdanov"]["entity_id"]
    assert all(any(ch.isalpha() for ch in name) for name in result.entities["name"])
