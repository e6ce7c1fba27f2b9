"""The NER model is the genuine en_core_web_sm 3.8.0, and the CoNLL harness scores it."""

from __future__ import annotations

import json
from importlib.resources import files

from flows.evaluation.ner import evaluate_ner, read_conll
from flows.reference import NER_MODEL, load_ner

# Explosion's published figures for en_core_web_sm 3.8.0 (spacy-models, meta/en_core_web_sm-3.8.0.json).
PUBLISHED = {"ents_p": 0.8429743795, "ents_r": 0.8436498397, "ents_f": 0.8433119744, "tag_acc": 0.972937262}

CONLL = """-DOCSTART- -X- -X- O

Peter NNP I-NP I-PER
Blackburn NNP I-NP I-PER
visited VBD I-VP O
Paris NNP I-NP I-LOC
with IN I-PP O
the DT I-NP O
European NNP I-NP I-ORG
Commission NNP I-NP I-ORG
. . O O

-DOCSTART- -X- -X- O

German JJ I-NP I-MISC
officials NNS I-NP O
met VBD I-VP O
in IN I-PP O
Berlin NNP I-NP I-LOC
. . O O
"""


def test_model_metadata_matches_explosions_release():
    meta = json.loads(files(NER_MODEL).joinpath("meta.json").read_text())
    assert meta["version"] == "3.8.0"
    for key, value in PUBLISHED.items():
        assert meta["performance"][key] == value, key


def test_conll_reader_decodes_iob1(tmp_path):
    path = tmp_path / "mini.conll"
    path.write_text(CONLL, encoding="utf-8")
    docs = read_conll(path)
    assert len(docs) == 2
    assert docs[0].gold == [(0, 2, "PER"), (3, 4, "LOC"), (6, 8, "ORG")]
    assert docs[1].gold == [(0, 1, "MISC"), (4, 5, "LOC")]


def test_conll_scores_are_computed_from_model_output(tmp_path):
    path = tmp_path / "mini.conll"
    path.write_text(CONLL, encoding="utf-8")
    scores = evaluate_ner(path, load_ner())
    assert scores["overall"]["gold"] == 5
    assert 0 < scores["overall"]["f1"] <= 1
    assert scores["LOC"]["recall"] == 1.0  # Paris and Berlin are not hard


def test_capital_lines_are_title_cased_at_the_same_offsets():
    from transforms.ner import restore_case

    text = "SOCCER - AUSTRIA DRAW WITH SCOTLAND IN WBA MATCH .\nThe US army said so."
    restored = restore_case(text, frozenset({"with", "in"}))
    assert restored == "Soccer - Austria Draw with Scotland in WBA Match .\nThe US army said so."
    assert len(restored) == len(text)


def test_an_opening_dateline_is_title_cased_and_its_agency_kept():
    from transforms.ner import restore_case

    for text, want in [
        ("NEW ORLEANS -- Police said", "New Orleans -- Police said"),
        ("PINETOWN, N.C. (WNCT) – A man", "Pinetown, N.C. (WNCT) – A man"),
        ("DAYTON, Ohio (WDTN) – The", "Dayton, Ohio (WDTN) – The"),
        ("FBI agents said - nothing", "FBI agents said - nothing"),  # no dateline: no capitals run
    ]:
        assert restore_case(text, frozenset({"the"})) == want


def test_the_datelines_town_is_a_place_wherever_the_model_calls_it_a_person():
    from transforms.ner import dateline_towns, datelined

    text = "Intro line\nPINE HOLLOW, Tenn. (WXYZ) – A boy was shot in Pine Hollow.\nPine Hollow Smith spoke."
    assert dateline_towns(text) == {"pine hollow"}
    spans = [(11, 22, "PER"), (57, 68, "PER"), (70, 81, "ORG"), (70, 87, "PER")]
    out = datelined(text, spans)
    assert out[:3] == [(11, 22, "GPE"), (57, 68, "GPE"), (70, 81, "GPE")]
    assert out[3] == (70, 87, "PER")  # a longer name that holds the town is someone's
    assert datelined("A boy was shot in Pine Hollow.", [(18, 29, "PER")]) == [(18, 29, "PER")]  # no dateline


def test_a_name_tagged_once_is_tagged_where_it_repeats():
    from transforms.ner import propagate_labels

    text = "Pablo Campana beat Leeds. Later Campana lost.\nLeeds 2 Bradford 1\nMr Leedsworth"
    spans = [(0, 13, "PER"), (19, 24, "ORG")]
    out = propagate_labels(text, spans)
    assert (32, 39, "PER") in out  # the surname alone
    leeds = [s for s in out if text[s[0] : s[1]] == "Leeds"]
    assert len(leeds) == 2 and all(label == "ORG" for *_, label in leeds)
    assert not any(text[s:e].startswith("Leedsworth") for s, e, _ in out)  # whole words only


def test_names_in_a_capital_headline_are_found():
    from transforms.ner import entity_spans

    text = "SOCCER - AUSTRIA DRAW 0-0 WITH SCOTLAND IN WORLD CUP QUALIFIER ."
    spans = entity_spans([text], load_ner())[0]
    assert any(text[s:e] == "SCOTLAND" and label == "GPE" for s, e, label in spans), spans
