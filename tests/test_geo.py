"""The gazetteer's shaping and the geoparsing harness, on small data of our own."""

from __future__ import annotations

import polars as pl

from flows.evaluation.geo import evaluate_geo, read_geo_xml
from flows.reference import load_reference
from flows.settings import SEEDS_DIR
from transforms.gazetteer import merge_gazetteers, places_from_geonames
from transforms.lexicon import PlaceIndex, name_key_expr
from transforms.text_norm import norm_name

COUNTRIES = pl.DataFrame({"iso2": ["SY", "FR"], "iso3": ["SYR", "FRA"]})


def test_geonames_records_become_gazetteer_rows():
    cities = pl.DataFrame(
        {
            "geonameid": [1, 2],
            "name": ["Al Ḩajar al Aswad", "Lyon"],
            "latitude": [33.45, 45.75],
            "longitude": [36.30, 4.85],
            "countrycode": ["SY", "FR"],
            "population": [0, 500000],
            "timezone": ["x", "y"],
            "admin1code": ["08", "84"],
            "alternatenames": [["Hajar al Aswad", "الحجر الأسود", "hjr alaswd"], ["Lyons", "Лион"]],
        }
    )
    rows = places_from_geonames(cities, COUNTRIES).to_dicts()
    assert rows[0]["country_iso3"] == "SYR" and rows[0]["alternatenames"] == "Hajar al Aswad"
    assert rows[1]["alternatenames"] == "Lyons"


def test_user_rows_win_over_geonames():
    base = pl.DataFrame({"geonameid": [1, 2], "name": ["A", "B"], "population": [1, 2]})
    user = pl.DataFrame({"geonameid": [2, -1], "name": ["B (ours)", "New place"], "population": [5, 0]})
    merged = merge_gazetteers(base, user).sort("geonameid")
    assert merged["name"].to_list() == ["New place", "A", "B (ours)"]


def test_vectorised_keys_match_norm_name():
    names = ["Al Ḩajar al Aswad", "Saint-Étienne", "St. Louis", "Côte d’Ivoire", "N'Djamena"]
    keys = pl.DataFrame({"n": names}).select(name_key_expr(pl.col("n")))["n"].to_list()
    assert keys == [norm_name(n) for n in names]


def test_place_index_prefers_the_most_populous():
    g = pl.DataFrame(
        {
            "geonameid": [1, 2],
            "name": ["Springfield", "Springfield"],
            "alternatenames": [None, None],
            "country_iso3": ["USA", "USA"],
            "lat": [39.8, 42.1],
            "lon": [-89.6, -72.6],
            "population": [100, 900],
        }
    )
    index = PlaceIndex(g)
    assert [index.entry(r).geonameid for r in index.rows_by_key["springfield"]] == [2, 1]


GEO_XML = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1">
    <text>Fighting broke out in Aleppo on Monday, and aid convoys left Damascus for the north of Syria.</text>
    <toponyms>
      <toponym><start>22</start><end>28</end><phrase>Aleppo</phrase>
        <gaztag geonameid="170063"><name>Aleppo</name><lat>36.20</lat><lon>37.16</lon>
        <country geonameid="163843">Syria</country></gaztag></toponym>
      <toponym><start>61</start><end>69</end><phrase>Damascus</phrase>
        <gaztag geonameid="170654"><name>Damascus</name><lat>33.51</lat><lon>36.29</lon>
        <country geonameid="163843">Syria</country></gaztag></toponym>
    </toponyms>
  </article>
</articles>
"""


def test_geo_harness_scores_a_small_corpus(tmp_path):
    path = tmp_path / "mini.xml"
    path.write_text(GEO_XML, encoding="utf-8")
    countries = pl.read_csv(SEEDS_DIR / "countries.csv", infer_schema_length=None)
    articles = read_geo_xml(path, {"syria": "SYR"})
    assert [(t.start, t.end, t.country) for t in articles[0].toponyms] == [(22, 28, "SYR"), (61, 69, "SYR")]
    gazetteer = pl.read_csv(SEEDS_DIR / "gazetteer.csv", infer_schema_length=None)
    scores = evaluate_geo(path, load_reference(SEEDS_DIR), gazetteer, countries)
    assert scores["toponyms"] == 2
    assert scores["detection"]["recall"] == 1.0
    assert scores["country_accuracy"] == 1.0 and scores["within_161km"] == 1.0


GWN_XML = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article file="1"><title>t</title><link>l</link>
    <text>Syrian troops entered Aleppo after talks in Geneva.</text>
    <toponyms>
      <toponym><extractedName>Syrian</extractedName><type>Demonym</type><start>0</start><end>6</end></toponym>
      <toponym><extractedName>Aleppo</extractedName><type>Literal</type><start>22</start><end>28</end>
        <geonamesID>170063</geonamesID><latitude>36.20</latitude><longitude>37.16</longitude></toponym>
      <toponym><extractedName>Geneva</extractedName><type>Literal_Modifier</type><start>44</start><end>50</end>
        <latitude>46.20</latitude><longitude>6.14</longitude></toponym>
    </toponyms>
  </article>
</articles>
"""


def test_geowebnews_schema_reads_coordinates_and_skips_non_places(tmp_path):
    path = tmp_path / "gwn.xml"
    path.write_text(GWN_XML, encoding="utf-8")
    (article,) = read_geo_xml(path, {})
    assert [(t.start, t.end, t.lat, t.lon) for t in article.toponyms] == [(22, 28, 36.2, 37.16), (44, 50, 46.2, 6.14)]


def test_users_add_places_and_actors_with_csv_rows(tmp_path):
    import shutil
    from datetime import datetime

    from transforms.analysis import analyse

    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, seeds, ignore=shutil.ignore_patterns("articles"))
    with (seeds / "organizations.csv").open("a", encoding="utf-8") as fh:
        fh.write("Northern Valley Defence Front,NVDF,group,SYR,REB\n")
    with (seeds / "gazetteer.csv").open("a", encoding="utf-8") as fh:
        fh.write("-42,Qaryat Zaytun,Qaryat Zaytun,,SYR,,35.1,36.7,800,PPL,Asia/Damascus\n")
    ref = load_reference(seeds)
    text = "Fighters of the Northern Valley Defence Front attacked an army post in Qaryat Zaytun on Monday."
    arts = pl.DataFrame([{"article_id": "u", "text": text, "language": "en", "published_at": datetime(2024, 5, 7)}])
    result = analyse(arts, ref.lexicon, ref.rules, ref.nlp, ref.parser)
    ents = {r["name"]: r for r in result.entities.to_dicts()}
    assert ents["Northern Valley Defence Front"]["sector"] == "REB"
    assert ents["Qaryat Zaytun"]["geonameid"] == -42 and ents["Qaryat Zaytun"]["country_iso3"] == "SYR"


def test_admin_regions_from_named_places():
    from transforms.gazetteer import UNNAMED_DISTRICT_POPULATION, regions_from_admin_names

    named = pl.DataFrame(
        {
            "lat": [43.70, 46.52, 44.0, 7.0],
            "lon": [-79.42, -84.33, -80.0, 80.0],
            "name": ["Toronto", "Sault Ste. Marie", "Nowhere", "Town"],
            "admin1": ["Ontario", "Ontario", "Ontario", "Western Province"],
            "admin2": ["Toronto", "Algoma", "", ""],
            "country_iso3": ["CAN", "CAN", "CAN", "LKA"],
        }
    )
    places = pl.DataFrame(
        {
            "name": ["Toronto", "Sault Ste. Marie", "Remote"],
            "country_iso3": ["CAN", "CAN", "CAN"],
            "lat": [43.70, 46.52, 56.0],
            "lon": [-79.42, -84.33, -88.0],
            "admin1_code": ["08", "08", "08"],
            "population": [2_600_000, 73_000, 600],
        }
    )
    regions = regions_from_admin_names(named, places, ["Province"]).sort("feature_code", "name")
    ontario = regions.filter(pl.col("name") == "Ontario").to_dicts()[0]
    assert ontario["feature_code"] == "ADM1" and ontario["admin1_code"] == "08"
    assert ontario["population"] == 2_600_000 - 1  # ranks below the city of its largest place
    assert abs(ontario["lat"] - (43.70 + 56.0) / 2) < 1e-6  # all places of the code, not only the named ones
    toronto_district = regions.filter((pl.col("name") == "Toronto") & (pl.col("feature_code") == "ADM2"))
    assert toronto_district["population"][0] == 2_600_000 - 2
    # a district no place in it names does not borrow its city's size (Perth in the Town of
    # Cambridge): it ranks as a small region, not a city of millions
    named = named.with_columns(pl.lit("Cambridge").alias("admin2"))
    district = regions_from_admin_names(named, places, ["Province"]).filter(pl.col("feature_code") == "ADM2")
    assert district.filter(pl.col("name") == "Cambridge")["population"].max() <= UNNAMED_DISTRICT_POPULATION
    western = regions.filter(pl.col("name") == "Western Province").to_dicts()[0]
    assert western["alternatenames"] is None  # "Western" alone is a direction, not a place
    assert "Nowhere" not in regions["name"].to_list() and "" not in regions["name"].to_list()


def test_aliases_name_the_region_not_the_town():
    from transforms.gazetteer import with_aliases

    g = pl.DataFrame(
        {
            "name": ["Georgia", "Georgia"],
            "alternatenames": [None, "GA town"],
            "country_iso3": ["USA", "USA"],
            "feature_code": ["ADM1", "PPL"],
        }
    )
    aliases = pl.DataFrame({"country_iso3": ["USA"], "name": ["Georgia"], "feature_code": ["ADM1"], "alias": ["Ga."]})
    out = with_aliases(g, aliases)
    assert out["alternatenames"].to_list() == ["Ga.", "GA town"]


def _place(name: str, iso3: str, admin1: str, population: int, precision: int = 1):
    from transforms.lexicon import Entry

    return Entry(
        "place",
        f"{name}-{admin1}",
        name,
        "place",
        "GPE",
        iso3,
        admin1=admin1,
        population=population,
        geo_precision=precision,
    )


def test_region_context_picks_the_local_namesake():
    from transforms.place_resolution import choose
    from transforms.story import Story

    springfields = [_place("Springfield", "USA", "IL", 116_000), _place("Springfield", "USA", "MO", 160_000)]
    springfields.sort(key=lambda e: -e.population)
    assert choose(springfields, Story.of_keys({"USA"})).admin1 == "MO"
    assert choose(springfields, Story.of_keys({"USA", "USA.IL"})).admin1 == "IL"


def test_country_or_state_by_what_else_the_article_names():
    from transforms.lexicon import Entry
    from transforms.place_resolution import choose
    from transforms.story import Story

    country = Entry("country", "geo", "Georgia", "country", "GPE", "GEO", geo_precision=4)
    state = _place("Georgia", "USA", "GA", 400_000, precision=3)
    assert choose([country, state], Story()) is country
    assert choose([country, state], Story.of_keys({"USA", "USA.TN"})) is state  # a US story naming Tennessee places
    assert choose([country, state], Story(home="USA")) is state  # a US story naming no state
    assert choose([country, state], Story.of_keys({"USA", "USA.TN", "GEO"})) is country


def test_a_part_of_a_known_place_resolves_to_it():
    reference = load_reference(SEEDS_DIR)
    from transforms.analysis import analyse

    text = "Shelling hit southern Damascus and Northern Europe braced for refugees from Eastern Ghouta."
    frame = pl.DataFrame(
        {"article_id": ["x"], "text": [text], "language": ["en"], "published_at": [None]},
        schema={"article_id": pl.String, "text": pl.String, "language": pl.String, "published_at": pl.Datetime("us")},
    )
    result = analyse(frame, reference.lexicon, reference.rules, reference.nlp, reference.parser)
    places = result.mentions.join(result.entities, on="entity_id").filter(pl.col("kind") == "place")
    by_surface = {r["surface"]: r for r in places.to_dicts()}
    assert by_surface["Northern Europe"]["name"] == "Europe"
    assert by_surface["Eastern Ghouta"]["country_iso3"] == "SYR"
    assert by_surface["Eastern Ghouta"]["geo_precision"] == 3
