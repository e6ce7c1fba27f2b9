"""`eventwire eval events` on small files of our own in the three datasets' shapes."""

from __future__ import annotations

import gzip
import json

import pytest

from flows.evaluation.events import ACLED_OF_SUBTYPE, _macro_f1, detect_kind, evaluate_events
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
        "source": {"actorText": "students", "code": "FRA", "sector": "CVL"},
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
    scores = evaluate_events(path, reference)
    assert scores["sentences"] == 2  # the DOCUMENT header is not a sentence
    assert 0 <= scores["type_accuracy"] <= 1 and scores["events"] >= 1
    assert scores["source_country_match"] is not None  # one actor object or a list, both read
    # every sentence is right, a false positive or without an event
    assert scores["type_accuracy"] + scores["false_positive_rate"] + scores["no_event"] == pytest.approx(1.0)
    assert scores["confident_false_positive_rate"] <= scores["false_positive_rate"]


def test_case_snippets_are_scored_against_acled_types(tmp_path, reference):
    path = tmp_path / "case.tsv"
    path.write_text(CASE, encoding="utf-8")
    assert detect_kind(path) == "case"
    scores = evaluate_events(path, reference)
    assert scores["snippets"] == 3
    assert ACLED_OF_SUBTYPE["AIR_STRIKE"] == "Explosions/Remote violence"
    assert 0 <= scores["acled_type_accuracy"] <= 1


def test_gva_incidents_are_scored_per_article_and_incident(tmp_path, reference):
    path = tmp_path / "gva.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(GVA) + "\n")
    assert detect_kind(path) == "gva"
    scores = evaluate_events(path, reference)
    assert scores["incidents"] == 1 and scores["articles"] == 2
    assert scores["incidents_with_several_articles"] == 1
    assert scores["killed_exact_best_article"] in (0.0, 1.0)
    # both articles state both totals; both reports of Thursday's shooting share a cluster
    assert scores["killed_stated_in_text"] == scores["injured_stated_in_text"] == 1.0
    assert scores["killed_exact"] == scores["injured_exact"] == 1.0
    assert scores["of_which_in_one_cluster"] == 1


def test_other_files_are_refused(tmp_path, reference):
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a PLOVER"):
        evaluate_events(path, reference)


def test_macro_f1_averages_over_gold_classes():
    pairs = [("A", "A"), ("A", "B"), ("B", "B"), ("B", "NONE")]
    # A: tp1 fp0 fn1 -> 2/3; B: tp1 fp1 fn1 -> 1/2
    assert _macro_f1(pairs) == round((2 / 3 + 1 / 2) / 2, 4)
