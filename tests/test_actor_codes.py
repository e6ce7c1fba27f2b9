"""Names read on a day through the PETRARCH-style actor dictionary (`transforms.actor_codes`),
on rows written here in the seed CSVs' shape (invented people and codes)."""

from __future__ import annotations

from datetime import date

import pytest

from transforms.actor_codes import build_actor_codes, decode

COUNTRIES = frozenset({"RUS", "SYR", "USA", "FRA", "ARM", "MUS"})
NAMES = [
    {"phrase": "jane example", "entry": "countries:jane example"},
    {"phrase": "example", "entry": "countries:jane example"},
    {"phrase": "minister example", "entry": "countries:jane example"},
    {"phrase": "john doublelisted", "entry": "countries:john doublelisted"},
    {"phrase": "john doublelisted", "entry": "countries:john doublelisted#2"},
    {"phrase": "open ender", "entry": "countries:open ender"},
    {"phrase": "no roles", "entry": "countries:no roles"},
    {"phrase": "twice busy", "entry": "countries:twice busy"},
    {"phrase": "refugee agency", "entry": "international:refugee agency"},
    {"phrase": "river front", "entry": "nonstate:river front"},
]
ROLES = [
    {"entry": "countries:jane example", "code": "RUSELI", "start": "1970-01-01", "end": "1999-08-09", "kind": "person"},
    {"entry": "countries:jane example", "code": "RUSGOV", "start": "1999-08-10", "end": "2008-05-07", "kind": "person"},
    {"entry": "countries:jane example", "code": "RUSOPP", "start": "2008-05-08", "end": "", "kind": "person"},
    {"entry": "countries:jane example", "code": "RUSELI", "start": "", "end": "", "kind": "person"},
    {"entry": "countries:john doublelisted", "code": "FRAGOV", "start": "", "end": "", "kind": "person"},
    {"entry": "countries:john doublelisted#2", "code": "ARMGOV", "start": "", "end": "", "kind": "person"},
    {"entry": "countries:open ender", "code": "SYRMIL", "start": "", "end": "2001-12-31", "kind": "person"},
    {"entry": "countries:twice busy", "code": "USAGOV", "start": "2010-01-01", "end": "2012-12-31", "kind": "person"},
    {"entry": "countries:twice busy", "code": "USABUS", "start": "2011-01-01", "end": "2011-06-30", "kind": "person"},
    {"entry": "international:refugee agency", "code": "IGOUNOREFHCR", "start": "", "end": "", "kind": "igo"},
    {"entry": "nonstate:river front", "code": "SYRINS", "start": "", "end": "", "kind": "group"},
]
AGENTS = [{"phrase": "troopers", "sector": "MIL"}, {"phrase": "insurgents", "sector": "INS"}]


@pytest.fixture(scope="module")
def codes():
    return build_actor_codes(NAMES, ROLES, AGENTS, COUNTRIES)


@pytest.mark.parametrize(
    ("day", "code"),
    [(date(1990, 5, 1), "RUSELI"), (date(2003, 1, 1), "RUSGOV"), (date(2020, 1, 1), "RUSOPP"), (None, "RUSELI")],
)
def test_one_name_reads_as_the_role_it_held_that_day(codes, day, code):
    reading = codes.read("Jane Example", day)
    assert reading.code == code and reading.country_iso3 == "RUS" and reading.reason is None
    assert codes.read("Example", day).code == code  # a synonym of the entry reads the same


def test_a_role_with_no_end_date_holds_from_its_start_on(codes):
    assert codes.read("Jane Example", date(2030, 1, 1)).sector == "OPP"


def test_an_open_start_holds_until_its_end_and_the_nearest_gives_the_country_after(codes):
    assert codes.read("Open Ender", date(1995, 1, 1)).code == "SYRMIL"
    later = codes.read("Open Ender", date(2005, 1, 1))
    assert (later.country_iso3, later.sector, later.code) == ("SYR", None, "SYR")
    assert later.reason == "no role on 2005-01-01"


def test_a_person_under_two_countries_gives_one_reading_with_its_reason(codes):
    plain = codes.read("John Doublelisted", date(2011, 1, 1))
    assert plain.code == "FRAGOV" and plain.reason == "listed as ARMGOV | FRAGOV"
    story = codes.read("John Doublelisted", date(2011, 1, 1), prefer=["ARM"])
    assert story.code == "ARMGOV" and "listed as" in story.reason


def test_two_roles_on_one_day_take_the_narrower_and_say_so(codes):
    reading = codes.read("Twice Busy", date(2011, 3, 1))
    assert reading.code == "USABUS" and reading.reason == "also USAGOV that day"
    assert codes.read("Twice Busy", date(2012, 3, 1)).code == "USAGOV"


def test_unknown_names_and_entries_without_roles(codes):
    assert codes.read("Nobody Known", date(2011, 1, 1)) is None
    empty = codes.read("No Roles", date(2011, 1, 1))
    assert empty.code is None and empty.reason == "no role in the dictionary"


def test_organisations_groups_and_agents(codes):
    agency = codes.read("Refugee Agency", None)
    assert (agency.code, agency.country_iso3, agency.sector, agency.kind) == ("IGOUNOREFHCR", None, "IGO", "igo")
    front = codes.read("river front", date(2015, 1, 1))
    assert (front.country_iso3, front.sector, front.kind) == ("SYR", "REB", "group")
    assert codes.agent_sector("Troopers") == "MIL" and codes.agent_sector("insurgents") == "REB"
    assert codes.agent_sector("teacups") is None


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("RUSGOV", ("RUS", "GOV")),
        ("SYRMIL", ("SYR", "MIL")),
        ("IGOUNOREFHCR", (None, "IGO")),
        ("MNCUSA", ("USA", "BUS")),
        ("IMGMUSALQ", (None, "REB")),  # MUS: Muslim, not Mauritius
        ("IGOUSAXYZ", (None, "IGO")),
        ("NGOHLH", (None, "NGO")),
        ("SYR", ("SYR", None)),
        ("AFRGOV", (None, "GOV")),  # a region is no country
        ("USAMODGOV", ("USA", "GOV")),  # a modifier is no sector
        ("USALEG", ("USA", "GOV")),
        ("", (None, None)),
    ],
)
def test_decode(code, expected):
    assert decode(code, COUNTRIES) == expected
