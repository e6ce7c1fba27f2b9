"""`eventwire eval events` on small files of our own in the three datasets' shapes."""

from __future__ import annotations

import gzip
import json
from collections import Counter

import pytest

from flows.evaluation.events import (
    ACLED_OF_SUBTYPE,
    CASE_OF_SUB_TYPE,
    _macro_f1,
    calibration,
    detect_kind,
    evaluate_events,
    gold_sector,
)
from flows.evaluation.split import CHECK, TUNE, part_of, split
from flows.reference import load_reference
from flows.settings import SEEDS_DIR

PLOVER = [
    {"id": "doc", "event": "DOCUMENT"},
    {
        "id": "1",
        "event": "ASSAULT",
        "text": "Syrian troops shelled the town of Qaryat on Monday, killing four civilians.",
        "source": [{"actorText": "Syrian troops", "code": "SYR", "sector": "MIL"}],
        "target": [{"actorText": "civilians", "code": "---", "sector": "CVL"}],
    },
    {
        "id": "2",
        "event": "PROTEST",
        "text": "Thousands of students protested in Paris against the new law.",
        "source": {"actorText": "students", "code": "FRA", "sector": "EDU"},
    },
]
CASE = (
    "id\tEventSnippet\tSubType\n"
    "1\tGovernment aircraft bombed rebel positions near the town, killing 12 fighters.\tAIR_STRIKE\n"
    "2\tHundreds of farmers protested peacefully outside parliament on Tuesday.\tPEACE_PROTEST\n"
    "3\tThe weather was mild and the harvest good.\tNATURAL_DISASTER\n"
)
GVA = {
    "incident_uri": "1",
    "date": "March 3, 2016",
    "num_killed": 2,
    "num_injured": 1,
    "articles": [
        {
            "dct": "2016-03-04",
            "text": "Two men were shot dead and a woman was wounded in a shooting in Dayton on Thursday night.",
        },
        {
            "dct": "2016-03-04",
            "text": "Police said two people were killed and one injured in a shooting in Dayton on Thursday.",
        },
    ],
}


@pytest.fixture(scope="module")
def reference():
    return load_reference(SEEDS_DIR)


def test_plover_sentences_are_scored(tmp_path, reference):
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(PLOVER), encoding="utf-8")
    assert detect_kind(path) == "plover"
    parts = evaluate_events(path, reference)["parts"]
    # the DOCUMENT header is not a sentence; each record sits in the part its id hashes to
    assert {p: s["sentences"] for p, s in parts.items()} == dict(Counter(part_of(i) for i in ("1", "2")))
    for scores in parts.values():
        assert 0 <= scores["type_accuracy"] <= 1 and scores["events"] >= 1
        # every sentence is right, a false positive or without an event
        assert scores["type_accuracy"] + scores["false_positive_rate"] + scores["no_event"] == pytest.approx(1.0)
        assert scores["confident_false_positive_rate"] <= scores["false_positive_rate"]
        assert sum(n for n, _ in list(scores["calibration"].values())[:-1]) == scores["events"]
    # one actor object or a list, both read
    assert all(s["source_country_match"] is not None for s in parts.values())
    # every sentence has a source sector: the troops are MIL, the students EDU (CAMEO's education)
    assert all(s["source_sector_match"] == 1.0 for s in parts.values())


def test_actors_are_scored_by_country_else_their_transnational_kind():
    """PLOVER writes `IMG` for al-Qaeda and `NGO` for a relief body: an actor without a country
    is read by the first part of its CAMEO code, else IGO by its sector."""
    import polars as pl

    from flows.evaluation.common import _listed_code

    actors = pl.DataFrame(
        {
            "country_iso3": ["SYR", None, None, None, None],
            "actor_code": ["SYRMIL", "IMGMUSALQ", "NGOHLHIRC", None, "REB"],
            "sector": ["MIL", "REB", "NGO", "IGO", "REB"],
        }
    )
    assert actors.select(_listed_code)["country_iso3"].to_list() == ["SYR", "IMG", "NGO", "IGO", None]


def test_gold_countries_are_read_as_ours_are_written():
    """The gold's three codes that are neither ISO nor CAMEO name the countries they stand for;
    the rest are read as they are, a longer code is no country."""
    from flows.evaluation.events import gold_countries

    gold = [{"code": "JAP"}, {"code": "VTN"}, {"code": "ITL"}, {"code": "IGO"}, {"code": "USAGOV"}, {"code": None}]
    assert gold_countries(gold) == {"JPN", "VNM", "ITA", "IGO"}
    assert gold_countries({"code": "RUS"}) == {"RUS"} and gold_countries(None) == set()


def test_gold_sectors_are_read_as_ours_are_named():
    assert gold_sector("CVLkur") == "CVL" and gold_sector("RELCHR") == "REL" and gold_sector("CIVsrp") == "CVL"
    assert gold_sector("LEG") == "GOV" and gold_sector("MIL") == "MIL"
    assert gold_sector("***") is None and gold_sector(None) is None and gold_sector("") is None


def test_case_snippets_are_scored_against_acled_types(tmp_path, reference):
    path = tmp_path / "case.tsv"
    path.write_text(CASE, encoding="utf-8")
    assert detect_kind(path) == "case"
    parts = evaluate_events(path, reference)["parts"]
    assert sum(s["snippets"] for s in parts.values()) == 3
    assert ACLED_OF_SUBTYPE["AIR_STRIKE"] == "Explosions/Remote violence"
    assert all(0 <= s["acled_type_accuracy"] <= 1 for s in parts.values())
    # the sub-types too, our ACLED names read as CASE's 25 ACLED labels
    assert all(0 <= s["acled_sub_type_accuracy"] <= 1 for s in parts.values())
    assert set(CASE_OF_SUB_TYPE.values()) == set(ACLED_OF_SUBTYPE)


def test_gva_incidents_are_scored_per_article_and_incident(tmp_path, reference):
    path = tmp_path / "gva.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(GVA) + "\n")
    assert detect_kind(path) == "gva"
    parts = evaluate_events(path, reference, min_confidence=0.0)["parts"]
    assert list(parts) == [part_of(GVA["incident_uri"])]
    scores = parts[part_of(GVA["incident_uri"])]
    assert scores["incidents"] == 1 and scores["articles"] == 2
    assert scores["incidents_with_several_articles"] == 1
    assert scores["killed_exact_best_article"] in (0.0, 1.0)
    # both articles state both totals; both reports of Thursday's shooting share a cluster
    assert scores["killed_stated_in_text"] == scores["injured_stated_in_text"] == 1.0
    assert scores["killed_exact"] == scores["injured_exact"] == 1.0
    assert scores["of_which_in_one_cluster"] == 1
    # as the dashboard sums it: one real-world event with the highest count, not one per report
    assert scores["dashboard_killed"] == 2 and scores["dashboard_injured"] == 1
    assert scores["killed_ratio"] == scores["injured_ratio"] == 1.0
    assert scores["casualty_clusters_per_incident"] == 1.0
    assert scores["placed_in_incident_country"] == 1.0
    assert scores["multi_article_incidents_in_one_cluster_among_reporting"] == 1.0


def test_a_page_that_reports_nothing_splits_an_incident_only_in_the_strict_figure(tmp_path, reference):
    paywall = {"doc_id": "p", "title": "", "dct": GVA["articles"][0]["dct"], "url": "", "text": "Already a subscriber?"}
    path = tmp_path / "gva.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({**GVA, "articles": [*GVA["articles"], paywall]}) + "\n")
    scores = evaluate_events(path, reference, min_confidence=0.0)["parts"][part_of(GVA["incident_uri"])]
    assert scores["articles"] == 3
    assert scores["multi_article_incidents_in_one_cluster"] == 0.0
    assert scores["multi_article_incidents_in_one_cluster_among_reporting"] == 1.0


def test_a_story_of_another_town_filed_under_an_incident_is_left_out_of_the_naming_figure(tmp_path, reference):
    other = {"dct": "2016-03-04", "text": "A man was shot and killed in Toledo on Thursday night, police said."}
    incident = {**GVA, "city_or_county": "Dayton", "articles": [*GVA["articles"], other]}
    path = tmp_path / "gva.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(incident) + "\n")
    scores = evaluate_events(path, reference, min_confidence=0.0)["parts"][part_of(GVA["incident_uri"])]
    assert scores["multi_article_incidents_in_one_cluster_among_reporting"] == 0.0  # Toledo is apart
    assert scores["incidents_with_several_reporting_articles_naming_the_town"] == 1
    assert scores["multi_article_incidents_in_one_cluster_among_reporting_naming_the_town"] == 1.0


def test_gva_clustered_night_by_night_scores_as_clustered_at_once(tmp_path, reference):
    """Reports filed days or weeks apart (a follow-up a week later, a high toll retold after five
    weeks) cluster the same night by night, through the writer's SQL, as all at once."""
    later = [
        {
            "incident_uri": "2",
            "date": "April 1, 2016",
            "num_killed": 5,
            "num_injured": 0,
            "articles": [
                {
                    "dct": "2016-04-02",
                    "text": "Five people were killed when a gunman opened fire inside a nightclub "
                    "in Dayton, Ohio, on Friday night, police said.",
                },
                {
                    "dct": "2016-05-10",
                    "text": "Five people were killed when a gunman opened fire inside a nightclub "
                    "in Dayton, Ohio, police said.",
                },
            ],
        },
        {
            "incident_uri": "3",
            "date": "March 7, 2016",
            "num_killed": 0,
            "num_injured": 1,
            "articles": [
                {
                    "dct": "2016-03-08",
                    "text": "A man was shot and wounded outside a store in Toledo, Ohio, on Monday night, police said.",
                },
                {
                    "dct": "2016-03-14",
                    "text": "Police arrested a man in the shooting that wounded a man outside a "
                    "store in Toledo, Ohio, police said.",
                },
            ],
        },
    ]
    path = tmp_path / "gva.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for incident in (GVA, *later):
            fh.write(json.dumps(incident) + "\n")
    at_once = evaluate_events(path, reference, min_confidence=0.0)
    nightly = evaluate_events(path, reference, min_confidence=0.0, nightly=True)
    assert (at_once["clustered"], nightly["clustered"]) == ("at once", "nightly")
    assert nightly["parts"] == at_once["parts"]
    for scores in nightly["parts"].values():
        assert scores["multi_article_incidents_in_one_cluster"] == 1.0, scores


def test_other_files_are_refused(tmp_path, reference):
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a PLOVER"):
        evaluate_events(path, reference)


def test_split_is_by_id_and_two_thirds_to_tune():
    ids = [f"doc-{i}" for i in range(3000)]
    parts = split(ids, lambda i: i)
    assert set(parts) == {TUNE, CHECK}
    assert 0.30 < len(parts[CHECK]) / len(ids) < 0.37
    # the part of an id does not depend on what else is in the set, nor on its order
    assert split(list(reversed(ids[:50])), lambda i: i)[CHECK] == list(
        reversed([i for i in ids[:50] if part_of(i) == CHECK])
    )


def test_calibration_bands_count_and_share():
    table = calibration([(0.95, True), (0.85, False), (0.55, True), (0.3, False)])
    assert table["0.9-1.0"] == [1, 1.0] and table["0.8-0.9"] == [1, 0.0]
    assert table[">=0.8"] == [2, 0.5] and table["0.0-0.5"] == [1, 0.0]


def test_macro_f1_averages_over_gold_classes():
    pairs = [("A", "A"), ("A", "B"), ("B", "B"), ("B", "NONE")]
    # A: tp1 fp0 fn1 -> 2/3; B: tp1 fp1 fn1 -> 1/2
    assert _macro_f1(pairs) == round((2 / 3 + 1 / 2) / 2, 4)
