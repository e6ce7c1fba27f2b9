"""ACLED sub-event types: the cue rows of `seeds/acled_sub_types.csv` read by
`transforms.acled_sub_types`, one family of rules at a time, and through `analyse`."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import polars as pl
import pytest

from flows.reference import _csv, load_reference
from flows.settings import SEEDS_DIR
from transforms.acled_sub_types import EVENT_TYPE_OF, SubTypeRules
from transforms.analysis import analyse

EXPLOSIONS, BATTLES, CIVILIANS = "Explosions/Remote violence", "Battles", "Violence against civilians"
PROTESTS, RIOTS, STRATEGIC = "Protests", "Riots", "Strategic developments"


@pytest.fixture(scope="module")
def rules() -> SubTypeRules:
    return SubTypeRules.build(pl.read_csv(SEEDS_DIR / "acled_sub_types.csv").iter_rows(named=True))


def _classify(
    rules: SubTypeRules,
    sentence: str,
    trigger: str,
    acled_type: str | None,
    event_type: str,
    mode: str | None = None,
    sources: tuple[str | None, ...] = (),
    targets: tuple[str | None, ...] = (),
) -> tuple[str | None, str | None]:
    start = sentence.index(trigger)
    return rules.classify(acled_type, event_type, mode, sentence, (start, start + len(trigger)), sources, targets)


def test_the_table_names_only_acled_sub_types_and_a_default_for_each_violent_and_protest_type(rules):
    assert {c.sub_type for c in rules.cues} <= set(EVENT_TYPE_OF)
    defaults = {next(iter(c.acled_types)): c.sub_type for c in rules.cues if c.priority == 0}
    assert defaults[BATTLES] == "Armed clash" and defaults[PROTESTS] == "Peaceful protest"
    assert set(defaults) == {EXPLOSIONS, BATTLES, CIVILIANS, PROTESTS, RIOTS, STRATEGIC}


def test_an_unknown_sub_type_is_an_error():
    with pytest.raises(ValueError, match="no ACLED sub-event type"):
        SubTypeRules.build([{"sub_type": "Drone swarm", "acled_type": EXPLOSIONS, "priority": 1}])


def test_air_and_drone_strikes(rules):
    s = "Fighter jets bombed a fuel depot outside the port city overnight."
    assert _classify(rules, s, "bombed", EXPLOSIONS, "FIGHT", "aerial") == (EXPLOSIONS, "Air/drone strike")
    s = "A drone hit a car on the highway, killing its two passengers."
    assert _classify(rules, s, "hit", EXPLOSIONS, "FIGHT") == (EXPLOSIONS, "Air/drone strike")


def test_shelling_and_the_weapon_nearest_the_trigger(rules):
    s = "Separatist artillery pounded the suburbs through the night."
    assert _classify(rules, s, "pounded", EXPLOSIONS, "FIGHT")[1] == "Shelling/artillery/missile attack"
    # a sentence naming two weapons: the one beside the trigger is the act's
    s = "After a surveillance drone spotted them, mortar rounds slammed into the camp."
    assert _classify(rules, s, "slammed", EXPLOSIONS, "FIGHT")[1] == "Shelling/artillery/missile attack"
    s = "A rocket-propelled grenade struck the armoured truck."
    assert _classify(rules, s, "struck", EXPLOSIONS, "FIGHT")[1] == "Shelling/artillery/missile attack"


def test_suicide_bombs_beat_the_bomb_they_are(rules):
    s = "A suicide bomber detonated his explosive vest at a checkpoint, killing six guards."
    assert _classify(rules, s, "detonated", EXPLOSIONS, "ASSAULT", "explosives")[1] == "Suicide bomb"


def test_remote_explosives_and_grenades(rules):
    s = "An improvised explosive device went off under a minibus on the ring road."
    assert _classify(rules, s, "went off", EXPLOSIONS, "ASSAULT")[1] == "Remote explosive/landmine/IED"
    s = "Two children were hurt when a landmine exploded in a maize field."
    assert _classify(rules, s, "exploded", EXPLOSIONS, "ASSAULT")[1] == "Remote explosive/landmine/IED"
    s = "Unknown men hurled a grenade into a crowded bar late on Friday."
    assert _classify(rules, s, "hurled", EXPLOSIONS, "ASSAULT")[1] == "Grenade"
    # ACLED files an attack carried out with grenades as a grenade event, whatever the verb
    s = "Gunmen attacked three police posts with grenades overnight."
    assert _classify(rules, s, "attacked", CIVILIANS, "ASSAULT") == (EXPLOSIONS, "Grenade")
    assert _classify(rules, s, "attacked", BATTLES, "FIGHT") == (EXPLOSIONS, "Grenade")


def test_battles_default_to_armed_clash_and_territory_goes_by_who_took_it(rules):
    s = "Soldiers and insurgents fought for hours near the dam."
    assert _classify(rules, s, "fought", BATTLES, "FIGHT", sources=("MIL",)) == (BATTLES, "Armed clash")
    s = "Insurgents captured the district headquarters after a day of fighting."
    assert (
        _classify(rules, s, "captured", BATTLES, "FIGHT", sources=("REB",))[1] == "Non-state actor overtakes territory"
    )
    s = "The army retook the river crossing on Thursday."
    assert _classify(rules, s, "retook", BATTLES, "FIGHT", sources=("MIL",))[1] == "Government regains territory"


def test_protests_default_to_peaceful_and_intervention_moves_them(rules):
    s = "Nurses rallied outside the health ministry over unpaid wages."
    assert _classify(rules, s, "rallied", PROTESTS, "PROTEST") == (PROTESTS, "Peaceful protest")
    s = "Nurses rallied outside the health ministry until police dispersed them with water cannon."
    assert _classify(rules, s, "rallied", PROTESTS, "PROTEST") == (PROTESTS, "Protest with intervention")
    # an arrest at a protest is the protest's intervention, a Protests event
    s = "Police detained forty people at a sit-in against the new mining law."
    got = _classify(rules, s, "detained", STRATEGIC, "COERCE", "arrest", sources=("COP",))
    assert got == (PROTESTS, "Protest with intervention")


def test_force_against_protesters_whatever_the_trigger_said(rules):
    s = "Soldiers fired on demonstrators in the main square, wounding eleven."
    got = _classify(rules, s, "fired on", CIVILIANS, "ASSAULT", "small arms", sources=("MIL",), targets=("CVL",))
    assert got == (PROTESTS, "Excessive force against protesters")
    # without security forces doing it, a killing near a protest stays an attack
    s = "A man stabbed two demonstrators on the edge of the square."
    assert _classify(rules, s, "stabbed", CIVILIANS, "ASSAULT", sources=("CVL",)) == (CIVILIANS, "Attack")


def test_violent_crowds_are_riots(rules):
    s = "The march turned violent when youths threw stones at shop windows."
    assert _classify(rules, s, "march", PROTESTS, "PROTEST") == (RIOTS, "Violent demonstration")
    s = "An angry mob beat a suspected thief to death in the market."
    assert _classify(rules, s, "beat", CIVILIANS, "ASSAULT") == (RIOTS, "Mob violence")


def test_arrests_abductions_and_looting(rules):
    s = "Police arrested three local councillors on corruption charges."
    assert _classify(rules, s, "arrested", STRATEGIC, "COERCE", "arrest")[1] == "Arrests"
    s = "Armed men kidnapped a priest and his driver on the road to the mission."
    assert _classify(rules, s, "kidnapped", CIVILIANS, "ASSAULT", "abduction")[1] == "Abduction/forced disappearance"
    s = "Militiamen looted the clinic and burned the grain store."
    assert _classify(rules, s, "looted", STRATEGIC, "COERCE", "looting")[1] == "Looting/property destruction"
    s = "Engineers defused a bomb left outside the courthouse."
    assert _classify(rules, s, "defused", STRATEGIC, "COERCE", "weapons seizure")[1] == "Disrupted weapons use"


def test_an_event_without_acled_type_has_no_sub_type_unless_a_row_gives_one(rules):
    s = "The foreign ministers met in Geneva on Monday."
    assert _classify(rules, s, "met", None, "CONSULT", "meeting") == (None, None)
    s = "The government and the rebels agreed a three-day truce to let aid convoys through."
    assert _classify(rules, s, "agreed", None, "AGREE") == (STRATEGIC, "Agreement")


def test_the_table_is_optional(tmp_path):
    assert _csv(tmp_path, "acled_sub_types.csv", required=False) is None


@pytest.fixture(scope="module")
def reference():
    return load_reference(SEEDS_DIR)


def _events(reference, text: str, rules=None) -> list[dict]:
    arts = pl.DataFrame(
        [{"article_id": "x", "text": text, "language": "en", "published_at": datetime(2024, 3, 6)}],
        schema={"article_id": pl.String, "text": pl.String, "language": pl.String, "published_at": pl.Datetime("us")},
    )
    result = analyse(arts, reference.lexicon, rules or reference.rules, reference.nlp, reference.parser)
    return result.events.sort("confidence", descending=True).to_dicts()


def test_through_the_analysis_a_strike_by_warplanes_is_an_air_strike(reference):
    main = _events(reference, "Warplanes struck the village, killing four.")[0]
    assert (main["acled_type"], main["acled_sub_type"]) == (EXPLOSIONS, "Air/drone strike")
    main = _events(reference, "Police opened fire on protesters in the capital, killing three of them.")[0]
    assert (main["acled_type"], main["acled_sub_type"]) == (PROTESTS, "Excessive force against protesters")


def test_through_the_analysis_seeds_without_the_table_give_no_sub_types(reference):
    events = _events(reference, "Warplanes struck the village, killing four.", replace(reference.rules, sub_types=None))
    assert events and all(e["acled_sub_type"] is None for e in events)
    assert events[0]["acled_type"] == EXPLOSIONS
