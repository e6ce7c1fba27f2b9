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
