"""The WikiEvents harness on articles of our own in the dataset's shape (token offsets that drift
between sentences as in the real file, triggers as document token indices)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from flows.evaluation.events import detect_kind
from flows.evaluation.split import part_of
from flows.evaluation.wikievents import evaluate_wikievents, load_articles, locate, score
from flows.reference import load_reference
from flows.settings import SEEDS_DIR

# (doc_id, sentences, gold events as (event_type, sentence, trigger word, {role: argument text})).
ARTICLES = [
    (
        "raid_town_4",
        [
            "Car bomb kills five in Kirkuk market",
            "A car bomb exploded at a market in Kirkuk on Monday, killing five people and wounding twelve others.",
            "The weather stayed sunny and warm for the rest of the week.",
        ],
        [
            ("Life.Die.Unspecified", 0, "kills", {"Victim": "five"}),
            ("Conflict.Attack.DetonateExplode", 1, "exploded", {"Place": "Kirkuk", "ExplosiveDevice": "bomb"}),
            ("Life.Die.Unspecified", 1, "killing", {"Victim": "people"}),
            ("Life.Injure.Unspecified", 1, "wounding", {"Victim": "others"}),
        ],
    ),
    (
        "quiet_day_5",
        [
            "Storm clouds gather over the harbour",
            "Heavy rain battered the coast on Tuesday and the wind hit the old pier.",
            "Fishermen said the season had been calm.",
        ],
        [("Contact.Contact.Broadcast", 2, "said", {"Communicator": "Fishermen"})],
    ),
    (
        "bomb_market_1",
        [
            "Gunmen attack police post",
            "Gunmen attacked a police post near Mosul on Friday, killing two officers.",
        ],
        [
            ("Conflict.Attack.Unspecified", 0, "attack", {"Attacker": "Gunmen"}),
            ("Conflict.Attack.Unspecified", 1, "attacked", {"Attacker": "Gunmen", "Place": "Mosul"}),
            ("Life.Die.Unspecified", 1, "killing", {"Victim": "officers"}),
        ],
    ),
]


def _record(doc_id: str, sentences: list[str], gold: list[tuple]) -> dict:
    """One line of the file: tokens with offsets that skip two characters between sentences (the
    real file's offsets drift too), triggers and entities as document token indices."""
    tokenised, first, base = [], [], 0
    for sentence in sentences:
        first.append(sum(len(t) for t in tokenised))
        tokenised.append([[m.group(), base + m.start(), base + m.end()] for m in re.finditer(r"\w+|[^\w\s]", sentence)])
        base += len(sentence) + 2
    events, entities = [], []
    for n, (event_type, sent, word, args) in enumerate(gold):
        index = first[sent] + [t[0] for t in tokenised[sent]].index(word)
        arguments = []
        for role, text in args.items():
            ent_index = first[sent] + [t[0] for t in tokenised[sent]].index(text)
            entities.append({"id": f"{doc_id}-T{len(entities)}", "sent_idx": sent, "start": ent_index})
            entities[-1].update(end=ent_index + 1, entity_type="UNK", mention_type="UNK", text=text)
            arguments.append({"entity_id": entities[-1]["id"], "role": role, "text": text})
        trigger = {"start": index, "end": index + 1, "text": word, "sent_idx": sent}
        events.append({"id": f"{doc_id}-E{n}", "event_type": event_type, "trigger": trigger, "arguments": arguments})
    return {
        "doc_id": doc_id,
        "tokens": [t[0] for s in tokenised for t in s],
        "text": "".join(sentences),
        "sentences": [[toks, s] for toks, s in zip(tokenised, sentences, strict=True)],
        "entity_mentions": entities,
        "relation_mentions": [],
        "event_mentions": events,
    }


@pytest.fixture(scope="module")
def reference():
    return load_reference(SEEDS_DIR)


@pytest.fixture
def dev_file(tmp_path: Path) -> Path:
    path = tmp_path / "wikievents_dev.jsonl"
    path.write_text("".join(json.dumps(_record(*a)) + "\n" for a in ARTICLES), encoding="utf-8")
    return path


def test_the_ids_fall_in_the_parts_the_tests_expect():
    assert [part_of(doc_id) for doc_id, _, _ in ARTICLES] == ["tune", "tune", "check"]


def test_gold_spans_are_found_in_the_text_we_analyse(dev_file):
    raid, quiet, _ = load_articles(dev_file)
    assert raid.text.startswith("Car bomb kills five in Kirkuk market\nA car bomb exploded")
    assert [raid.text[s:e] for s, e in raid.sentences][2] == ARTICLES[0][1][2]
    assert [(raid.text[t.start : t.end], t.sent_idx) for t in raid.triggers] == [
        ("kills", 0),
        ("exploded", 1),
        ("killing", 1),
        ("wounding", 1),
    ]
    assert raid.triggers[1].places == ("Kirkuk",)
    assert quiet.text[quiet.triggers[0].start :].startswith("said the season")
    assert detect_kind(dev_file) == "wikievents"


def test_a_trigger_is_looked_up_near_its_expected_place():
    sentence = "He said that she said it"
    assert locate(sentence, "said", 3) == 3
    assert locate(sentence, "said", 15) == 17  # off by two: the nearest occurrence
    assert locate(sentence, "Said", 0) == 3  # case aside
    assert locate(sentence, "told", 5) == 5  # not there: trust the offsets


def _event(start: int, end: int, event_type: str = "ASSAULT", **extra) -> dict:
    row = {"event_type": event_type, "evidence_start": start, "evidence_end": end, "trigger": "x"}
    return {"negated": False, "hypothetical": False, "confidence": 0.9, "killed": None, **row, **extra}


def test_scores_of_events_written_by_hand(dev_file):
    raid, quiet, _ = load_articles(dev_file)
    s1, s2 = raid.sentences[1], raid.sentences[2]
    events = [
        (raid, [_event(*s1, killed=5, injured=12, location_text="kirkuk"), _event(*s2, "MOVE")]),
        (quiet, [_event(*quiet.sentences[1]), _event(*quiet.sentences[1], negated=True)]),
    ]
    m = score(events, min_confidence=0.5)
    assert (m["articles"], m["sentences"], m["gold_events"], m["events"], m["counted_events"]) == (2, 6, 5, 4, 3)
    assert m["precision"] == 0.3333 and m["in_eventless_sentences"] == 0.6667
    assert m["precision_all_rows"] == 0.25
    assert m["events_per_sentence"] == 0.5
    assert (m["attack_recall"], m["attack_precision"], m["place_match"]) == (1.0, 0.5, 1.0)
    assert (m["die_recall"], m["injure_recall"]) == (0.5, 1.0)  # the title's death is in no evidence
    assert m["precision_by_type"] == {"ASSAULT": [2, 0.5], "MOVE": [1, 0.0]}
    assert score(events, min_confidence=0.95)["precision"] is None
    # an attack kept only as a flagged row is in the warehouse, but no dashboard counts it
    flagged = score([(raid, [_event(*s1, hypothetical=True)])], min_confidence=0.5)
    assert (flagged["attack_recall"], flagged["attack_recall_all_rows"]) == (0.0, 1.0)


def test_the_product_on_the_articles(dev_file, reference):
    scores = evaluate_wikievents(dev_file, reference)
    assert scores["dataset"] == "wikievents"
    tune, check = scores["parts"]["tune"], scores["parts"]["check"]
    assert (tune["articles"], tune["sentences"], tune["gold_events"]) == (2, 6, 5)
    assert (check["articles"], check["sentences"], check["gold_events"]) == (1, 2, 3)
    for part in (tune, check):
        assert (part["attack_recall"], part["die_recall"], part["place_match"]) == (1.0, 1.0, 1.0)
        assert 0 <= part["precision"] <= 1
        assert part["counted_events"] >= 2  # the headline and the report of the attack
    assert tune["injure_recall"] == 1.0 and check["injure_recall"] is None
    # Nothing happens in the weather sentences, battered and hit as they are.
    assert tune["in_eventless_sentences"] == 0.0 and tune["precision"] == 1.0
    only_check = evaluate_wikievents(dev_file, reference, parts=("check",))
    assert list(only_check["parts"]) == ["check"]
    assert only_check["parts"]["check"] == check
