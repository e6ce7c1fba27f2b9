"""What the dashboards count: an event is an act the text reports, background is not the story's
incident, one incident is one cluster, and casualties are never inflated. Real model, real
parser, and the real views over a warehouse; sentences of our own."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest

from flows.evaluation.dashboard import Dashboard
from flows.reference import load_reference
from flows.settings import SEEDS_DIR
from transforms.analysis import analyse

PUBLISHED = datetime(2024, 3, 6)


@pytest.fixture(scope="module")
def reference():
    return load_reference(SEEDS_DIR)


def _analysed(reference, *texts: str, published: datetime = PUBLISHED):
    arts = pl.DataFrame(
        [{"article_id": f"a{i}", "text": t, "language": "en", "published_at": published} for i, t in enumerate(texts)],
        schema={"article_id": pl.String, "text": pl.String, "language": pl.String, "published_at": pl.Datetime("us")},
    )
    return analyse(arts, reference.lexicon, reference.rules, reference.nlp, reference.parser)


def _events(reference, text: str, published: datetime = PUBLISHED) -> list[dict]:
    return _analysed(reference, text, published=published).events.sort("trigger_start").to_dicts()


def _board(reference, *texts: str, floor: float = 0.0, published: datetime = PUBLISHED) -> Dashboard:
    result = _analysed(reference, *texts, published=published)
    ids = [f"a{i}" for i in range(len(texts))]
    return Dashboard(result.events, result.event_actors, ids, [published] * len(ids), min_confidence=floor)


@pytest.mark.parametrize(
    ("sentence", "not_coded"),
    [
        ("Riot police stood outside the ministry on Tuesday.", "PROTEST"),  # a compound names a thing
        ("Police were called to the 400 block of West 89th Street on Tuesday.", "PROTEST"),  # an address
        ("Four others were taken to the hospital with non-life threatening injuries.", "THREATEN"),
        ("The investigation is ongoing.", "INVESTIGATE"),  # nothing attached
        ("Anyone with information is asked to call the police.", "REQUEST"),  # no speaker
        ("As the storm approached, gas prices around the valley shot up.", "ASSAULT"),  # another sense
        ("The fight against corruption is a long one.", "FIGHT"),  # abstract
        ("A new poll shows his support among the state's voters has grown.", "SUPPORT"),  # an opinion
    ],
)
def test_trigger_words_in_other_uses_give_no_event(reference, sentence, not_coded):
    coded = [(e["event_type"], e["trigger"]) for e in _events(reference, sentence)]
    assert not [c for c in coded if c[0] == not_coded], coded


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Gunmen shot and killed two men outside a bar in Chicago on Saturday.", "ASSAULT"),
        ("Protesters gathered outside parliament in Tbilisi on Tuesday.", "PROTEST"),  # agent as the doer
        ("Qatar's emir launched a mediation effort between the two states on Saturday.", "CONSULT"),
    ],
)
def test_acts_with_something_attached_are_events(reference, sentence, expected):
    assert expected in [e["event_type"] for e in _events(reference, sentence)]


def test_a_word_that_holds_a_cue_is_not_that_cue(reference):
    # `accidentally` holds `tally`: the shooting is the story's, not a period's tally
    events = _events(reference, "A two-year-old girl was accidentally shot and killed on Monday in Henderson County.")
    shot = [e for e in events if e["event_type"] == "ASSAULT"]
    assert shot and not any(e["background"] for e in shot) and max(e["killed"] or 0 for e in shot) == 1, shot


def test_conditions_and_questions_are_rows_never_counted(reference):
    conditional = _events(reference, "If the town is attacked again, the army will respond.")
    attacked = [e for e in conditional if e["trigger"] == "attacked"]
    assert attacked and all(e["hypothetical"] for e in attacked)
    question = _events(reference, "Was the shooting in Dayton on Monday planned by the gang?")
    assert question and all(e["hypothetical"] for e in question)
    # a month is no modal: `the May 25 shooting` happened; `may attack` has not
    told = [e for e in _events(reference, "Police said the May 25 shooting in Dayton killed two people.")]
    assert told and not any(e["hypothetical"] for e in told), told
    modal = [e for e in _events(reference, "The gunman may attack again in Dayton, police said.")]
    assert modal and all(e["hypothetical"] for e in modal if e["trigger"] == "attack"), modal


def test_a_trigger_word_in_a_places_name_is_no_event(reference):
    for sentence in ("A man was shot in Battle Creek on Sunday.", "A man was shot in Lee's Summit on Sunday."):
        assert {e["event_type"] for e in _events(reference, sentence)} == {"ASSAULT"}, sentence


def test_a_doubt_about_who_did_it_is_no_doubt_that_it_happened(reference):
    # `suspected` and `alleged` before a person doubt who the person is, not the shooting
    gunman = _events(reference, "The suspected gunman opened fire on a crowd in Dayton on Sunday.")
    assert gunman and not any(e["hypothetical"] for e in gunman), gunman
    killer = [e for e in _events(reference, "The alleged killer, Tom Roe, was shot dead by police in Dayton.")]
    assert any(e["event_type"] == "ASSAULT" and not e["hypothetical"] for e in killer), killer
    # before the act itself they doubt the act
    for sentence in (
        "He allegedly shot his neighbour in Dayton on Sunday.",
        "Police are investigating the alleged attack on a bar in Dayton on Sunday.",
    ):
        hedged = [e for e in _events(reference, sentence) if e["event_type"] in ("ASSAULT", "FIGHT")]
        assert hedged and all(e["hypothetical"] for e in hedged), hedged


def test_an_earlier_attack_recalled_keeps_its_own_date_and_toll(reference):
    events = _events(
        reference, "The bombing in Kabul on Monday killed 10 people, the deadliest since 2015, when 50 were killed."
    )
    current = [e for e in events if not e["background"] and e["event_type"] == "ASSAULT"]
    recalled = [e for e in events if e["background"]]
    assert current and max(e["killed"] or 0 for e in current) == 10
    assert recalled and recalled[0]["event_date"].year == 2015 and recalled[0]["killed"] == 50


def test_an_act_told_under_a_legal_process_keeps_its_own_day_not_the_hearings(reference):
    # published on a Wednesday: `Monday` is the hearing, `Saturday` the shooting
    events = _events(reference, "The man accused of shooting two people on Saturday appeared in court on Monday.")
    shooting = [e for e in events if e["event_type"] == "ASSAULT"]
    assert shooting and shooting[0]["date_text"] == "Saturday" and not shooting[0]["background"], shooting
    events = _events(reference, "The man accused of shooting two people appeared in court on Monday.")
    shooting = [e for e in events if e["event_type"] == "ASSAULT"]
    assert shooting and shooting[0]["date_text"] is None and shooting[0]["recalled"], shooting


NEWS = "Two men were shot and killed outside a bar in Dayton on Saturday night, police said."
COURT = "A man accused of killing two men outside a Dayton bar pleaded not guilty in court on Monday."


def test_a_court_story_counts_only_with_the_report_of_its_incident(reference):
    weeks_later = datetime(2024, 4, 10)
    result = _analysed(reference, COURT, published=weeks_later)
    board = Dashboard(result.events, result.event_actors, ["a0"], [weeks_later], min_confidence=0.0)
    try:
        # recalled, and no report of the incident: no real-world killing on the dashboard
        assert board.query("SELECT count(*) AS n FROM v_event_clusters WHERE killed > 0")["n"][0] == 0
        assert not board.report_totals()["killed"]
    finally:
        board.close()
    # in the story that reports the incident as news, the recalled act joins it and counts
    result = _analysed(reference, NEWS + " " + COURT)
    board = Dashboard(result.events, result.event_actors, ["a0"], [PUBLISHED], min_confidence=0.0)
    try:
        counted = board.query("SELECT recalled, killed FROM v_counted_events WHERE event_type = 'ASSAULT'")
        clusters = board.query("SELECT killed FROM v_event_clusters WHERE killed > 0")
    finally:
        board.close()
    assert counted["recalled"].any() and clusters["killed"].to_list() == [2], (counted, clusters)


@pytest.mark.parametrize(
    "sentence",
    [
        "In 2007, a student killed 32 people at a university in Virginia.",
        "So far this year, 400 people have been shot in the city.",
        "Crime statistics show 165 people were murdered in the city.",
        "Eight people died in a salon shooting in Seal Beach three years ago.",
        # a stretch of time the act is counted over, whatever words the tally uses
        "Nearly 700 more have been shot in the city since March.",
        # the present perfect over the current period: the count so far, not an incident
        "At least five other children have been shot in Dayton this year, two fatally.",
        # the year so far as the subject of the count
        "This year has seen more than 90 shooting deaths in the city, the mayor said.",
        # an act told as months or years away from the story's
        "The vigil was held a month after a gunman killed 20 children at a school in Newtown.",
        "Two years after the massacre in Charleston, the families still grieve.",
        # a count over several incidents, or over a stretch told with words between (`*` cues)
        "Five people were killed and eight wounded in Dayton on Saturday in three separate shootings.",
        "Thirty people were shot in Dayton over the long holiday weekend.",
        "Eleven people were shot in Dayton in a six-hour span on Friday.",
    ],
)
def test_tallies_and_old_acts_are_background(reference, sentence):
    violent = [e for e in _events(reference, sentence) if e["event_type"] in ("ASSAULT", "FIGHT")]
    assert violent and all(e["background"] for e in violent), violent


def test_the_story_s_act_does_not_take_the_count_of_a_tally_beside_it(reference):
    # the boy's injury is the story's act; the 14 hurt are the city's night, in a clause of its own
    text = (
        "The boy was one of several people injured in Dayton on Saturday, a night that left seven people"
        " dead and 14 others hurt in 17 shootings across the city."
    )
    story = [e for e in _events(reference, text) if e["event_type"] == "ASSAULT" and not e["background"]]
    assert story, _events(reference, text)
    assert all((e["injured"] or 0) < 14 for e in story), story
    # the shootings of the story themselves (`the shootings`) are no tally: their toll is the story's
    told = [e for e in _events(reference, "Two people were killed in the shootings in Dayton on Saturday.")]
    assert [e["killed"] for e in told if not e["background"]] == [2], told


STORY = (
    "Six shot outside Dayton bar\n"
    "Six people were shot, two of them fatally, outside a bar in Dayton on Saturday night, police said. "
    "Officers responded to reports of shots fired shortly after midnight. "
    "The shooting happened after an argument inside the bar, witnesses said. "
    "Four of the wounded were taken to Miami Valley Hospital. "
    "Police said a suspect was arrested on Sunday. "
    "Last year, 45 people were killed in shootings in the city, according to police statistics. "
    "In 2019, a gunman killed nine people in the city's Oregon District."
)


def test_one_incident_told_again_is_one_real_world_event_with_the_ledes_toll(reference):
    board = _board(reference, STORY)
    try:
        clusters = board.query("SELECT * FROM v_event_clusters WHERE killed > 0 OR injured > 0")
        totals = board.report_totals()
    finally:
        board.close()
    assert clusters.height == 1, clusters
    assert (clusters["killed"][0], clusters["injured"][0]) == (2, 4)
    # the city's tally and the 2019 attack are rows, flagged background, and add nothing
    assert (totals["killed"], totals["injured"]) == (2, 4)


def test_two_reports_of_one_incident_are_one_event_and_their_counts_are_not_summed(reference):
    second = (
        "Dayton bar shooting\nTwo men died and four people were wounded when a gunman opened fire outside "
        "a bar in Dayton late on Saturday, police said on Sunday."
    )
    board = _board(reference, STORY, second, published=datetime(2024, 3, 10))
    try:
        clusters = board.query("SELECT * FROM v_event_clusters WHERE killed > 0 OR injured > 0")
    finally:
        board.close()
    assert clusters.height == 1 and clusters["n_articles"][0] == 2, clusters
    assert (clusters["killed"][0], clusters["injured"][0]) == (2, 4)


def _report(killed: str) -> str:
    return (
        "Dayton bar shooting\n"
        f"{killed} when a gunman opened fire outside a bar in Dayton late on Saturday, police said on Sunday."
    )


def test_a_real_world_event_s_toll_is_what_most_of_its_reports_say(reference):
    """Two reports, one dead and three dead: three (tallies rise). Three reports, one, one and
    three dead: one, for one report alone against two that agree is more likely a misreading."""
    for reports, expected in (
        (["One man was killed", "Three men were killed"], 3),
        (["One man was killed", "One man was killed", "Three men were killed"], 1),
    ):
        board = _board(reference, *(_report(k) for k in reports), published=datetime(2024, 3, 10))
        try:
            clusters = board.query("SELECT killed, n_articles FROM v_event_clusters WHERE killed > 0")
        finally:
            board.close()
        assert clusters.rows() == [(expected, len(reports))], (reports, clusters)


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        # everyone shot, one of whom died later in the story: one killed, four injured
        ("Five men were shot in Detroit on Wednesday night, police said. One of them died at the hospital.", 1, 4),
        ("Two people were shot in Dayton on Friday. The two men died at the scene.", 2, None),
        # `others` are the survivors already: nothing to take away
        ("A man was killed and four others were shot in Detroit on Wednesday.", 1, 4),
    ],
)
def test_people_shot_are_the_dead_and_the_wounded_together(reference, text, killed, injured):
    board = _board(reference, "Detroit shooting\n" + text)
    try:
        clusters = board.query("SELECT killed, injured FROM v_event_clusters WHERE killed > 0 OR injured > 0")
    finally:
        board.close()
    assert clusters.rows() == [(killed, injured)], clusters


def test_the_views_confidence_floor_is_a_recorded_setting(reference, tmp_path: Path):
    text = "Rebels attacked an army post near Saraqeb on Monday, killing two soldiers, a monitoring group said."
    everything, strict = _board(reference, text, floor=0.0), _board(reference, text, floor=1.0)
    try:
        assert everything.query("SELECT value FROM view_settings")["value"].to_list() == [0.0]
        assert everything.query("SELECT count(*) AS n FROM v_counted_events")["n"][0] >= 1
        assert strict.query("SELECT count(*) AS n FROM v_counted_events")["n"][0] == 0
        assert strict.query("SELECT count(*) AS n FROM v_events WHERE NOT counted")["n"][0] >= 1
    finally:
        everything.close()
        strict.close()


def test_a_mention_under_the_floor_counts_with_its_counted_incident_and_adds_no_casualty(reference):
    # at a floor of 0.9 the lede's `attacked` (0.95) counts; `killing` in the same sentence scores
    # lower (0.76) but tells the same incident, so it counts as a mention (`by_cluster`), and its
    # toll is not taken twice; a violent act alone under the floor counts nowhere
    lede = "A suicide bomber attacked a police station in Kandahar on Monday, killing three officers, officials said."
    alone = "Gunmen opened fire on a bus in Herat, witnesses said."
    board = _board(reference, lede, alone, floor=0.9)
    try:
        rows = board.query("SELECT trigger, confidence, by_cluster FROM v_counted_events ORDER BY confidence DESC")
        totals = board.report_totals()
        uncounted = board.query("SELECT trigger FROM v_events WHERE NOT counted")["trigger"].to_list()
    finally:
        board.close()
    assert rows["trigger"].to_list() == ["attacked", "killing"], rows
    assert rows["by_cluster"].to_list() == [False, True]
    assert 0.63 <= rows["confidence"][1] < 0.9
    assert (totals["n_clusters"], totals["killed"]) == (1, 3)
    assert uncounted == ["opened fire"]


def test_confidence_basis_says_why(reference):
    events = _events(reference, "Rebels attacked an army post near Saraqeb on Monday, killing two soldiers.")
    main = max(events, key=lambda e: e["confidence"])
    basis = main["confidence_basis"].split("+")
    assert {"bias", "main", "verb"} <= set(basis) and 0.0 < main["confidence"] <= 1.0


def test_a_long_list_of_incidents_counts_each_once(reference):
    towns = ["Akron", "Toledo", "Dayton", "Columbus", "Cleveland", "Cincinnati", "Youngstown", "Canton"]
    lines = [
        f"On March {day}, a man was shot dead in {towns[day % len(towns)]}, Ohio."
        for day in range(1, 29)
        for _ in range(1)
    ]
    text = "Shootings in Ohio this month\n" + " ".join(lines * 10)  # 280 sentences, 28 incidents told 10 times
    board = _board(reference, text, published=datetime(2024, 3, 30))
    try:
        totals = board.report_totals()
    finally:
        board.close()
    assert totals["killed"] <= 28  # each incident once, however often it is told


def test_a_results_table_and_a_war_timeline_count_no_casualties(reference):
    table = "Results\n" + " ".join(f"Team {i} 3 2 1 {i * 7} points, {i} wins and 2 losses." for i in range(1, 40))
    timeline = "A timeline of the war\n" + " ".join(
        f"{year}: Fighting in the north killed {year - 1900} soldiers." for year in range(1980, 2010)
    )
    board = _board(reference, table, timeline, published=datetime(2024, 3, 6))
    try:
        totals = board.report_totals()
    finally:
        board.close()
    assert totals["killed"] == 0 and totals["injured"] == 0, totals


def test_an_article_that_only_recalls_old_attacks_adds_nothing(reference):
    text = (
        "Remembering the attacks\nIn 2015, gunmen killed 130 people in Paris. In 2016, a truck attack in Nice killed "
        "86 people. Ten years ago, a bomb killed 22 people at a concert in Manchester."
    )
    board = _board(reference, text, published=datetime(2025, 11, 13))
    try:
        totals = board.report_totals()
    finally:
        board.close()
    assert totals["killed"] == 0, totals


def test_dates_of_rows_are_dates(reference):
    for e in _events(reference, "Police said two men were shot on Tuesday, a day before the March 7 vote."):
        assert e["event_date"] is None or isinstance(e["event_date"], date)


def test_coordinated_predicates_share_the_day_told_once(reference):
    # the parser hangs `on August 8` on `killed`; the shooting is the same act, that day, and a
    # month and more before publication both are background: neither adds six wounded
    text = "Valerie Ames, her husband and six children were shot and killed inside their home on August 8."
    events = [e for e in _events(reference, text, published=datetime(2015, 10, 2)) if e["event_type"] == "ASSAULT"]
    assert events and {e["event_date"] for e in events} == {date(2015, 8, 8)}, events
    assert all(e["background"] for e in events), events


def test_a_follow_up_story_tells_its_old_act_again_and_adds_nothing(reference):
    # a court story: the lede tells the shooting under the indictment, the later sentences
    # tell it again without a day; none of it is news of the publication day
    court = (
        "A Dayton man has been indicted for the fatal shooting of his neighbour. "
        "According to the indictment, the man shot his neighbour twice in the chest. "
        "The neighbour died at the scene."
    )
    weeks_later = datetime(2024, 4, 10)
    events = [e for e in _events(reference, court, published=weeks_later) if e["event_type"] == "ASSAULT"]
    assert len(events) >= 2 and all(e["recalled"] for e in events), events
    result = _analysed(reference, court, published=weeks_later)
    board = Dashboard(result.events, result.event_actors, ["a0"], [weeks_later], min_confidence=0.0)
    try:
        assert not board.report_totals()["killed"]
    finally:
        board.close()
    # the same later sentences in a news story are counted: the lede reports the act as news
    news = "A Dayton man shot his neighbour on Saturday. " + court.split(". ", 1)[1]
    events = [e for e in _events(reference, news) if e["event_type"] == "ASSAULT"]
    assert events and not any(e["recalled"] for e in events), events


def test_an_act_without_a_place_of_its_own_is_placed_where_the_story_is(reference):
    text = (
        "The police department is investigating a shooting that killed a 17-year-old boy on Tuesday night. "
        "Officers found the boy at a trailer park in Reno, Nevada, and later questioned neighbours in Reno."
    )
    events = [e for e in _events(reference, text) if e["event_type"] == "ASSAULT"]
    first = events[0]
    assert first["location_text"] == "Reno" and first["location_from"] == "story", first
    assert first["country_iso3"] == "USA"
    # an article that names no town leaves the act unplaced rather than guess
    events = _events(reference, "A shooting killed a 17-year-old boy on Tuesday night, police said.")
    assert all(e["location_entity_id"] is None for e in events), events


def test_an_act_placed_only_in_the_province_of_the_story_s_town_is_placed_in_the_town(reference):
    text = (
        "A man was shot and killed in Nevada on Tuesday night, police said. "
        "Officers found the man at a trailer park in Reno and later questioned neighbours in Reno."
    )
    first = next(e for e in _events(reference, text) if e["event_type"] == "ASSAULT")
    assert first["location_text"] == "Reno" and first["location_from"] == "story", first
    assert first["geo_precision"] == 1
    # a province that does not hold the story's town is what the text says: it stays
    text = (
        "A man was shot and killed in Oregon on Tuesday night, police said. "
        "His family lives in Reno, and friends in Reno held a vigil."
    )
    first = next(e for e in _events(reference, text) if e["event_type"] == "ASSAULT")
    assert first["location_text"] == "Oregon" and first["geo_precision"] == 3, first
