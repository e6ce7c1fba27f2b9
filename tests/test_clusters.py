"""Event clustering with tolerance and in-article date borrowing, as pure functions; and the
warehouse keeping clusters across separate runs."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import polars as pl

from flows.pipeline import run_pipeline
from tests.conftest import read_table
from transforms.clusters import CLUSTER_INPUT, borrow_dates, cluster_events

CHICAGO = (41.88, -87.63)
NEAR_CHICAGO = (41.95, -87.70)  # about 10 km away
MILWAUKEE = (43.04, -87.91)  # about 130 km away


def _event(event_id: str, day: int, where=CHICAGO, **extra) -> dict:
    row = {
        "event_id": event_id,
        "article_id": f"article-{event_id}",
        "sent_idx": 0,
        "event_type": "ASSAULT",
        "event_date": date(2020, 1, day),
        "date_precision": 1,
        "lat": where[0] if where else None,
        "lon": where[1] if where else None,
        "geo_precision": 1 if where else None,
        "location_entity_id": f"{where}" if where else None,
        "country_iso3": "USA",
        "negated": False,
        "hypothetical": False,
        "source_countries": [],
        "date_text": "Sunday",  # the day is told
        "location_from": "sentence",
    }
    return {**row, **extra}


def _clusters(*rows: dict) -> dict[str, str]:
    frame = pl.DataFrame(list(rows), schema=CLUSTER_INPUT)
    return dict(cluster_events(frame).iter_rows())


def test_reports_a_day_and_a_few_km_apart_are_one_event():
    c = _clusters(
        _event("a", 5),
        _event("b", 6, NEAR_CHICAGO, event_type="FIGHT"),  # another reporter codes the shooting as FIGHT
        _event("c", 5, MILWAUKEE),
        _event("d", 5, event_type="PROTEST"),
        _event("e", 8),
    )
    assert c["a"] == c["b"]
    assert len({c["a"], c["c"], c["d"], c["e"]}) == 4


def test_contradicting_sources_and_denials_stay_apart():
    c = _clusters(
        _event("a", 5, source_countries=["USA"]),
        _event("b", 5, source_countries=["RUS"]),
        _event("c", 5, source_countries=[]),
        _event("d", 5, negated=True),
    )
    assert c["a"] != c["b"] and c["c"] == c["a"] and c["d"] not in {c["a"], c["b"]}


def test_within_an_article_the_mentions_of_one_incident_are_one_unit():
    told = {"article_id": "one", "date_text": "Sunday", "location_from": "sentence"}
    bare = {"article_id": "one", "date_text": None, "location_from": "article"}
    rows = [
        _event("headline", 5, event_type="FIGHT", sent_idx=0, **bare),  # `shots fired`: told again below
        _event("lede", 5, NEAR_CHICAGO, sent_idx=1, **told),
        _event("again", 6, sent_idx=4, date_precision=2, **bare),  # no day of its own: the pub date
        _event("strike", 5, event_type="FIGHT", sent_idx=1, **told),  # the lede's sentence coded twice
        _event("advance", 5, event_type="FIGHT", sent_idx=6, mode="troops", **told),  # another act, told with its place
        _event("later", 9, sent_idx=7, **told),  # the same kind of act four days on: another incident
        _event("milwaukee", 5, MILWAUKEE, sent_idx=8, **told),  # far away: another incident
        _event("report", 5, article_id="two", date_text="Sunday", location_from="sentence"),
    ]
    c = _clusters(*rows)
    assert c["headline"] == c["lede"] == c["again"] == c["strike"] == c["report"], c
    assert len({c["lede"], c["advance"], c["later"], c["milwaukee"]}) == 4
    # the same ids whatever order the rows come in (the anchor is the first mention in the text)
    for seed in range(6):
        shuffled = rows[:]
        random.Random(seed).shuffle(shuffled)
        assert _clusters(*shuffled) == c


def test_an_article_whose_day_and_place_are_told_in_two_sentences_links_as_one_unit():
    # the lede tells the day but no town, a later sentence the town but no day, the other
    # paper's report the town and only its publication date: no mention alone links to the
    # report, the unit does
    lede = _event("lede", 5, article_id="one", sent_idx=0, geo_precision=3, location_entity_id="illinois")
    later = _event("later", 5, article_id="one", sent_idx=3, date_text=None, date_precision=2)
    undated = {"date_text": None, "date_precision": 2}
    report = _event("report", 5, NEAR_CHICAGO, article_id="two", location_entity_id="chicago-south", **undated)
    elsewhere = _event("elsewhere", 5, MILWAUKEE, article_id="three")
    c = _clusters(lede, later, report, elsewhere)
    assert c["lede"] == c["later"] == c["report"] != c["elsewhere"], c
    # a unit whose place is only the state links no town's report
    c = _clusters(lede, {**later, "lat": None, "lon": None, "geo_precision": None, "location_entity_id": None}, report)
    assert c["lede"] != c["report"], c


def test_reports_without_a_place_link_no_other_article():
    c = _clusters(_event("a", 5, None), _event("b", 5, None), _event("c", 5))
    assert len({c["a"], c["b"], c["c"]}) == 3


def test_background_events_join_nothing():
    c = _clusters(
        _event("a", 5), _event("b", 5, background=True), _event("c", 5, article_id="article-a", background=True)
    )
    assert c["a"] not in (c["b"], c["c"])


def test_a_daily_series_does_not_chain_into_one_cluster():
    c = _clusters(_event("a", 5), _event("b", 6), _event("c", 7), _event("d", 8))
    assert c["a"] == c["b"] and c["c"] == c["d"] and c["a"] != c["c"]


def test_a_province_matches_only_itself_and_ids_do_not_depend_on_order():
    illinois = (40.0, -89.2)  # the state's point
    rows = [
        _event("a", 5, illinois, geo_precision=3, location_entity_id="illinois"),
        _event("b", 5, illinois, geo_precision=3, location_entity_id="illinois"),
    ]
    assert len(set(_clusters(*rows).values())) == 1
    assert _clusters(*rows) == _clusters(*reversed(rows))
    # `in Illinois` names no town: a shooting in Chicago that day is no evidence it is the same
    assert len(set(_clusters(rows[0], _event("c", 5)).values())) == 2


def test_two_stories_with_only_their_publication_dates_link_only_where_nothing_else_fits():
    undated = {"date_text": None, "date_precision": 2}
    c = _clusters(_event("a", 5, **undated), _event("b", 5, **undated))
    assert c["a"] == c["b"]  # the one report at the town that day: one incident
    # (where two incidents there fit, it stays apart: see the test of reports filed days later)
    told = _clusters(_event("a", 5, **undated), _event("b", 5))
    assert told["a"] == told["b"]


def test_a_county_and_a_town_inside_it_are_one_place_across_articles():
    county = (29.86, -95.39)  # a county's point
    town = (29.91, -95.06)  # a town inside it, about 32 km away
    rows = [
        _event("a", 5, county, geo_precision=2, location_entity_id="county"),
        _event("b", 5, town, location_entity_id="town"),
    ]
    assert len(set(_clusters(*rows).values())) == 1
    # two towns as far apart are two places
    assert len(set(_clusters(_event("c", 5, county), _event("d", 5, town)).values())) == 2


def test_an_undated_mention_borrows_the_date_of_the_same_act():
    base = {"article_id": "x", "date_text": None, "date_precision": 2, "event_date": date(2020, 1, 9)}
    told = {**_event("told", 5), **base, "sent_idx": 0, "date_text": "Sunday", "date_precision": 1}
    told["event_date"] = date(2020, 1, 5)
    again = {**_event("again", 9), **base, "sent_idx": 3}
    other = {**_event("other", 9, source_countries=["RUS"]), **base, "sent_idx": 1}
    told["source_countries"] = ["USA"]
    frame = pl.DataFrame([told, again, other]).with_columns(pl.col("source_countries").cast(pl.List(pl.String)))
    out = {r["event_id"]: r for r in borrow_dates(frame).iter_rows(named=True)}
    assert out["again"]["event_date"] == date(2020, 1, 5) and out["again"]["date_text"] == "Sunday"
    assert out["other"]["event_date"] == date(2020, 1, 9) and out["other"]["date_text"] is None


def test_an_act_of_another_time_lends_its_date_only_to_the_sentences_around_it():
    base = {"article_id": "x", "date_text": None, "date_precision": 2, "event_date": date(2020, 1, 9)}
    # `Rodger (July 24, 1991 - May 23, 2014) ... the killings`: a lifespan, told pages later
    lifespan = {**_event("lifespan", 5), **base, "sent_idx": 20, "date_text": "July 24, 1991", "date_precision": 1}
    lifespan.update(event_date=date(1991, 7, 24), background=True)
    far = {**_event("far", 9), **base, "sent_idx": 5, "background": False}
    # a follow-up's `the March 9 ambush that killed six ... Two others were wounded.`
    near = {**_event("near", 9), **base, "sent_idx": 18, "background": False}
    frame = pl.DataFrame([lifespan, far, near]).with_columns(pl.col("source_countries").cast(pl.List(pl.String)))
    out = {r["event_id"]: r for r in borrow_dates(frame).iter_rows(named=True)}
    assert out["far"]["event_date"] == date(2020, 1, 9) and out["far"]["date_text"] is None
    assert out["near"]["event_date"] == date(1991, 7, 24)


BAR_SHOOTING = (
    "Two killed outside bar\nGunmen shot and killed two men outside a bar in Chicago on Saturday, police said."
)


def _two_nights(tmp_path: Path, db_path: Path, later_name: str, later_text: str) -> tuple[Path, Path]:
    """The bar shooting's report loaded one night, `later_text` (its file name gives its
    publication date) another, into the same warehouse; the two input folders."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    # the publication date comes from the file name: the Sunday after the shooting
    (first / "2020-01-05-bar-shooting.txt").write_text(BAR_SHOOTING, encoding="utf-8")
    (second / later_name).write_text(later_text, encoding="utf-8")
    run_pipeline(inputs=[str(first)], db=str(db_path))
    run_pipeline(inputs=[str(second)], db=str(db_path))
    return first, second


def test_warehouse_clusters_reports_loaded_in_separate_runs(tmp_path, db_path, prefect_api_url):
    later = "Chicago shooting\nTwo men were killed in a shooting in Chicago late on Sunday, police said."
    first, second = _two_nights(tmp_path, db_path, "2020-01-06-chicago-shooting.txt", later)
    sql = "SELECT article_id, event_date, cluster_id FROM events WHERE event_type IN ('ASSAULT', 'FIGHT')"
    events = read_table(db_path, sql)
    assert events["article_id"].n_unique() == 2, events
    assert events["cluster_id"].n_unique() == 1, events
    # a rerun over both changes nothing
    run_pipeline(inputs=[str(first), str(second)], db=str(db_path))
    assert read_table(db_path, sql).sort("article_id").equals(events.sort("article_id"))


def test_a_court_story_loaded_weeks_later_adds_no_second_incident(tmp_path, db_path, prefect_api_url):
    later = "Man charged\nA man accused of killing two men outside a Chicago bar was charged with murder, police said."
    _two_nights(tmp_path, db_path, "2020-02-18-court.txt", later)
    events = read_table(db_path, "SELECT article_id, recalled FROM events WHERE event_type = 'ASSAULT'")
    assert events["article_id"].n_unique() == 2 and events["recalled"].any(), events
    killed = read_table(db_path, "SELECT sum(killed) AS k, count(*) AS n FROM v_event_clusters WHERE killed > 0")
    assert (killed["k"][0], killed["n"][0]) == (2, 1), killed


STORY = (
    "Rebels shelled an army post near the town of Saraqeb in Idlib province on Monday, killing two "
    "soldiers and wounding five others, a monitoring group said. The attack came a day after "
    "government forces retook three villages south of the town in heavy fighting. Residents said "
    "the shelling continued for several hours and that dozens of families fled north towards the "
    "Turkish border. A spokesman for the rebel coalition said its fighters had targeted positions "
    "used to launch air strikes on civilian areas. The government did not comment on the attack. "
    "Aid groups warned that camps near the border were already overcrowded and short of food, "
    "water and medicine, and called on all sides to allow safe passage for civilians."
)


def test_a_syndicated_copy_is_marked_and_its_events_not_counted_twice(tmp_path, db_path, prefect_api_url):
    folder = tmp_path / "wire"
    folder.mkdir()
    (folder / "2024-03-04-saraqeb-shelling.txt").write_text(f"Rebels shell army post\n{STORY}", encoding="utf-8")
    (folder / "2024-03-05-idlib-attack-kills-two.txt").write_text(  # the wire copy, retitled, one more line
        f"Two soldiers killed in Idlib\n{STORY} The monitoring group is based in Britain.", encoding="utf-8"
    )
    (folder / "2024-03-05-other-story.txt").write_text(
        "Talks resume\nDelegations from both governments met in Geneva on Tuesday to discuss a ceasefire, "
        "officials said, and the envoy said talks would continue next week.",
        encoding="utf-8",
    )
    run_pipeline(inputs=[str(folder)], db=str(db_path))
    rows = read_table(db_path, "SELECT url, article_id, duplicate_of FROM articles ORDER BY url").to_dicts()
    by_name = {r["url"].rsplit("/", 1)[-1]: r for r in rows}
    original = by_name["2024-03-04-saraqeb-shelling.txt"]
    assert by_name["2024-03-05-idlib-attack-kills-two.txt"]["duplicate_of"] == original["article_id"]
    assert original["duplicate_of"] is None and by_name["2024-03-05-other-story.txt"]["duplicate_of"] is None
    counted = read_table(db_path, "SELECT DISTINCT article_id FROM v_events")["article_id"].to_list()
    assert by_name["2024-03-05-idlib-attack-kills-two.txt"]["article_id"] not in counted
    assert original["article_id"] in counted


def test_a_report_joins_the_incident_nearest_its_day():
    """Two shootings at one place two days apart; a report told as between them, a day from each,
    links to both, and joins the one nearest its own day whatever the order of the ids."""
    c = _clusters(
        _event("a", 5),
        _event("b", 7),
        _event("c", 7, date_precision=2, date_text=None, article_id="article-x"),
    )
    assert c["a"] != c["b"] and c["c"] == c["b"], c


ORLANDO = (28.54, -81.38)
FLORIDA = (27.77, -81.69)  # the state's point, about 90 km away


def test_reports_of_one_high_toll_join_across_days_and_precisions():
    """A mass shooting told with its toll in the town on its day, in the state by a report filed
    a week later with no day of its own: one incident. The same place and days with a small toll,
    or a high toll that differs, stay apart."""
    town = {"lat": ORLANDO[0], "lon": ORLANDO[1], "location_entity_id": "orlando"}
    state = {"lat": FLORIDA[0], "lon": FLORIDA[1], "geo_precision": 3, "location_entity_id": "florida"}
    c = _clusters(
        _event("a", 12, **town, killed=49),
        _event("b", 19, **state, killed=50, date_text=None, date_precision=2),
        _event("c", 19, **state, killed=2, date_text=None, date_precision=2),
        _event("d", 19, **state, killed=20, date_text=None, date_precision=2),
    )
    assert c["a"] == c["b"], c
    assert len({c["a"], c["c"], c["d"]}) == 3, c


def test_reports_of_one_high_toll_at_one_place_join_though_both_tell_days_weeks_apart():
    """A follow-up a month later tells a day of its own (the vigil's `Sunday`) and the same 49
    dead at the town: one incident. The same toll in another state stays apart, and so does a
    small toll told at the town that month."""
    town = {"lat": ORLANDO[0], "lon": ORLANDO[1], "location_entity_id": "orlando"}
    c = _clusters(
        _event("a", 2, **town, killed=49),
        _event("b", 30, **town, killed=49),
        _event("c", 30, CHICAGO, killed=49),
        _event("d", 30, **town, killed=2),
    )
    assert c["a"] == c["b"], c
    assert len({c["a"], c["c"], c["d"]}) == 3, c


def test_one_town_read_as_two_namesakes_is_still_one_place():
    """Two articles name Knoxville on one day; one geocoder reading puts it in Tennessee, the
    other in Pennsylvania. The told name is one place; two different towns that far apart are not."""
    tennessee, pennsylvania = (35.96, -83.92), (40.35, -77.88)
    c = _clusters(
        _event("a", 5, tennessee, location_text="Knoxville", location_entity_id="knoxville-tn"),
        _event("b", 5, pennsylvania, location_text="KNOXVILLE", location_entity_id="knoxville-pa"),
        _event("c", 5, pennsylvania, location_text="Harrisburg", location_entity_id="harrisburg"),
    )
    assert c["a"] == c["b"] and c["c"] != c["a"], c


def test_one_town_read_as_namesakes_in_two_countries_is_still_one_place():
    """One report reads `Salisbury` as the North Carolina town, another, with nothing to anchor
    it, as Harare's colonial name: one town told on one day. Another town's report that day in
    the other country stays apart, and so does the town's name told on a day a week later."""
    north_carolina, harare = (35.67, -80.47), (-17.83, 31.05)
    c = _clusters(
        _event("a", 4, north_carolina, location_text="Salisbury", location_entity_id="salisbury-nc"),
        _event("b", 4, harare, location_text="Salisbury", location_entity_id="harare", country_iso3="ZWE"),
        _event("c", 4, harare, location_text="Harare", location_entity_id="harare", country_iso3="ZWE"),
        _event("d", 11, harare, location_text="Salisbury", location_entity_id="harare", country_iso3="ZWE"),
    )
    assert c["a"] == c["b"] and c["c"] != c["a"] and c["d"] != c["a"], c


def test_a_report_joins_a_cluster_when_it_agrees_with_most_of_its_reports():
    """The first report names the place only by an entity without coordinates; two later ones
    place it precisely. A fourth, placed precisely too (with another entity id), links to those
    two but not to the first: it agrees with most of the cluster and joins it. Agreeing with
    one report of two is not enough (no chaining)."""
    first = _event("a", 5, None, location_entity_id="x", geo_precision=1)
    c = _clusters(
        first,
        _event("b", 5, CHICAGO, location_entity_id="x"),
        _event("d", 5, NEAR_CHICAGO, location_entity_id="x"),
        _event("e", 5, CHICAGO, location_entity_id="y"),
    )
    assert c["a"] == c["b"] == c["d"] == c["e"], c
    c = _clusters(
        first, _event("b", 5, CHICAGO, location_entity_id="x"), _event("e", 5, CHICAGO, location_entity_id="y")
    )
    assert c["a"] == c["b"] and c["e"] != c["a"], c


def test_a_report_filed_days_later_without_a_day_joins_the_one_incident_told_at_its_place():
    """A shooting told on the 5th; a follow-up on the 10th that tells no day of its own (its
    publication date stands in) at the same town joins it. Where two incidents were told there
    that week it cannot tell which, and stays apart; so does one filed more than a week later,
    one with another toll, and one told at another town."""
    late = {"date_text": None, "date_precision": 2, "article_id": "article-late"}
    c = _clusters(_event("a", 5, killed=1), _event("z", 10, **late, killed=1))
    assert c["z"] == c["a"], c
    c = _clusters(_event("a", 5), _event("b", 7, article_id="article-b"), _event("z", 10, **late))
    assert c["z"] not in (c["a"], c["b"]), c
    # two reports filed a day apart, neither telling the day, at one town: one incident
    c = _clusters(_event("y", 9, **{**late, "article_id": "article-y"}), _event("z", 10, **late))
    assert c["z"] == c["y"], c
    # and a third filed the same day as the second: the earlier report is the one they join
    c = _clusters(
        _event("y", 9, **{**late, "article_id": "article-y"}),
        _event("z", 10, **late),
        _event("x", 10, NEAR_CHICAGO, **{**late, "article_id": "article-x"}),
    )
    assert c["x"] == c["y"] == c["z"], c
    for other in (
        _event("z", 14, **late),  # nine days later
        _event("z", 10, **late, killed=3),  # another toll
        _event("z", 10, MILWAUKEE, **late),  # another town
    ):
        c = _clusters(_event("a", 5, killed=1), other)
        assert c["z"] != c["a"], (other, c)


def test_reports_that_name_one_person_join_weeks_apart_at_one_place():
    """A shooting told on the 2nd names its victim; a report filed on the 28th names her too (an
    arrest: no day of the shooting, no toll) and joins it, though placed nowhere finer than the
    country. Another article naming someone else, or the same name told in another town, or
    with another toll, stays apart."""
    victim = ["person-dana-whitfield"]
    later = {"date_text": None, "date_precision": 2}
    c = _clusters(
        _event("a", 2, killed=1, people=victim),
        _event("b", 28, None, **later, people=victim),
        _event("c", 28, None, **later, people=["person-someone-else"]),
        _event("d", 28, MILWAUKEE, **later, people=victim),
        _event("e", 28, **later, people=victim, killed=4),
    )
    assert c["a"] == c["b"], c
    assert len({c["a"], c["c"], c["d"], c["e"]}) == 4, c
    # a person arrested is arrested once; a person who accuses does so again and again
    for kind, joined in (("COERCE", True), ("ACCUSE", False)):
        c = _clusters(
            _event("a", 2, event_type=kind, people=victim),
            _event("b", 28, None, **later, event_type=kind, people=victim),
        )
        assert (c["a"] == c["b"]) is joined, (kind, c)


def test_reports_that_share_three_rare_names_join_weeks_apart_at_one_place():
    """A follow-up filed on the 28th tells no day and names no one in full, but tells three rare
    names the first report told (a surname, a street, a shop): it joins. Two rare names, or
    three told in another town, or by a report with another toll, do not."""
    told = ["munnings", "oakfield", "trocheck"]
    later = {"date_text": None, "date_precision": 2}
    c = _clusters(
        _event("a", 2, killed=1, terms=[*told, "walgreens"]),
        _event("b", 28, None, **later, terms=told),
        _event("c", 28, None, **later, terms=told[:2]),
        _event("d", 28, MILWAUKEE, **later, terms=told),
        _event("e", 28, **later, terms=told, killed=4),
    )
    assert c["a"] == c["b"], c
    assert len({c["a"], c["c"], c["d"], c["e"]}) == 4, c


def test_an_articles_rare_names_are_its_own_not_common_words_or_its_places():
    from transforms.article_terms import name_terms

    text = (
        "Police said Jahleel Munnings was shot outside a Walgreens on Trocheck Avenue in Quincy. "
        "Officer Thomas Smith said the Police Department is investigating."
    )
    terms = name_terms(text, frozenset({"quincy"}))
    assert {"munnings", "walgreens", "trocheck"} <= set(terms), terms
    assert not {"police", "thomas", "smith", "officer", "department", "avenue", "quincy"} & set(terms), terms
    # the first word of a sentence is no name
    assert name_terms("Munnings died.") == []
