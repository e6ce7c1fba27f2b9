"""The PETRARCH2/Phoenix dictionary converter on small invented fixtures in the dictionaries' formats."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from flows.dictionaries import convert
from tests.conftest import ROOT
from transforms.petrarch_actors import (
    actor_rows,
    country_codes,
    iso_date,
    parse_actors,
    parse_agents,
    parse_role,
)
from transforms.petrarch_verbs import parse_plover, parse_verbs, plover_for

COUNTRIES = """\
# invented countries file
#
XANADU_  [XAA]
+XANADUAN_
+XANADU_CITY # the capital, no trailing underscore

BORDURIA_
+BORDURIAN_ +BORDURIANS_
\t[XCCXBB <700101]
\t[XBB >700101]
XANADU_ISLES_  [XAAISL]

JANE_EXAMPLE_  # CountryInfo.txt
+PRESIDENT_JANE_EXAMPLE_
\t[XAAELI 19500101-031231]
\t[XAAGOV 040101-080507]
\t[XBBGOV >20090101]
\t[XAAELI]

JOHN_SAMPLE_  # CountryInfo.txt
\t[XAAGOV 050101-101231]
\t[XAAGOV 090101-121231]
\t[XAAGOV 0501011-101231]
\t[XAAGOV 20120230-20121231]
JOHN_SAMPLE_  # CountryInfo.txt
+JANE_EXAMPLE_
\t[XBBMIL 990101-001231]

Source: notes.txt
+STRAY_SYNONYM_
ROBIN_PLACEHOLDER
MINISTER_PLACEHOLDER
\t[XAAGOV 100101-111231]
XANADU_NAVY  [XAAMIL
XANADU_ARMY  [XAAMIL]
"""

INTERNATIONAL = """\
UNITED_EXAMPLES_\t[IGOUNE]
PAT_TEMPLATE_\t[IGOUNE 120101-131231]\t# tabs around the code
EXAMPLE_HELP_\t[NGOXAAHRI] # an NGO
EXAMPLE_CORP_\t[MNCXAA]\tjunk after the code
DAILY_EXAMPLE\t[MED]
"""

NONSTATE = """\
EXAMPLE_FRONT_ [XAAREB] #  a group
+FRONT_FOR_EXAMPLES_
"""

AGENTS = """\
# agents
!PERSON! = MAN, WOMAN
SOLDIER [~MIL]
POLICE {} [~COP]
ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOVATG]
MINISTRY_  [~GOV]
ARMY [~MIL]
CONGRESS!PERSON! [~LEG]
TRUCE_MONITOR [IGO~]
DEPOT_OF_EXAMPLE [~ENV}
NO_CODE_HERE
"""

VERBS = """\
####### SYNONYM SETS #######
&ARMED_FORCE
+TROOP
+NAVY
+ARMED_GROUP_

&AUXILIARY_
+WILL

####### VERB PATTERNS #######
---  EXEMPLIFY   [031]  ---
EXEMPLIFY
SHOW {SHOWS SHOWED SHOWN SHOWING } [0311]  # an irregular verb with its own code
+TRY_OUT
SCRAP {SCRAPS SCRAPPED};xyz 1/1/99
- * (FROM BUSINESS)                       [0311]    # SHOW
- &ARMED_FORCE * {MOCK ATTACK}            [042:043] # EXEMPLIFY
- * (IN &WEATHER) [035]
- $ * (TO +)                              [:011]

---  IDLE   [---]  ---
IDLE
- * AROUND                                [---]

######## TRANSFORMATIONS ##########
~ a (a b EXEMPLIFY) IDLE = a b 031
"""

PLOVER = """\
# CAMEO to PLOVER (invented rows)
03: AGREE
031: AGREE,  , diplomatic # intent
0312: AGREE,  , military; legal
042: CONSULT, visit,
04: CONSULT
04: OTHER
~~~~~
"""

LICENSE = "The MIT License (MIT)\n\nCopyright (c) 2014 Example Owner\n"
SOURCE = "- From: example @ 0123456789abcdef0123456789abcdef01234567\n"


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def actors():
    parses = [
        parse_actors(COUNTRIES, "countries"),
        parse_actors(INTERNATIONAL, "international"),
        parse_actors(NONSTATE, "nonstate"),
    ]
    names, roles, _ = actor_rows(parses, country_codes(parses[0]), {"GOV", "MIL", "ELI", "REB", "HRI"})
    return parses, names, roles


def roles_of(roles: list[dict[str, str]], entry: str) -> list[tuple[str, str, str, str]]:
    return [(r["code"], r["start"], r["end"], r["kind"]) for r in roles if r["entry"] == entry]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("700101", "1970-01-01"),
        ("080507", "2008-05-07"),
        ("300101", "2030-01-01"),
        ("310101", "1931-01-01"),
        ("19500101", "1950-01-01"),
        ("20120229", "2012-02-29"),
    ],
)
def test_dates_yymmdd_and_yyyymmdd(text, iso):
    assert iso_date(text) == iso


@pytest.mark.parametrize("bad", ["0501011", "201005011", "20120230", "1a0101", ""])
def test_impossible_dates_are_refused(bad):
    with pytest.raises(ValueError):
        iso_date(bad)


def test_role_date_forms():
    assert parse_role("XAAGOV 040101-080507") == ("XAAGOV", "2004-01-01", "2008-05-07")
    assert parse_role("XAAGOV >20090101") == ("XAAGOV", "2009-01-01", "")  # from then on: no end
    assert parse_role("XAAGOV > 090101") == ("XAAGOV", "2009-01-01", "")
    assert parse_role("XAAGOV <700101") == ("XAAGOV", "", "1970-01-01")
    assert parse_role("XAAGOV") == ("XAAGOV", "", "")
    assert parse_role("---") == ("---", "", "")
    for bad in ("XAAGOV 20121204", "", "xaa 700101-710101", "XAAGOV 700101-"):
        with pytest.raises(ValueError):
            parse_role(bad)


def test_names_synonyms_comments_and_whole_words():
    _, names, _ = actors()
    forms = {(n["phrase"], n["whole"]) for n in names if n["entry"] == "countries:xanadu"}
    assert forms == {("xanadu", "true"), ("xanaduan", "true"), ("xanadu city", "false")}
    # Two synonyms on one line, blank lines and `#` comments in between.
    assert {n["phrase"] for n in names if n["entry"] == "countries:borduria"} == {
        "borduria",
        "bordurian",
        "bordurians",
    }
    assert all(n["file"] == n["entry"].split(":")[0] for n in names)
    assert not any("notes" in n["phrase"] or "stray" in n["phrase"] for n in names)


def test_one_person_under_several_countries_keeps_every_role():
    _, _, roles = actors()
    assert roles_of(roles, "countries:jane example") == [
        ("XAAELI", "", "", "person"),
        ("XAAELI", "1950-01-01", "2003-12-31", "person"),
        ("XAAGOV", "2004-01-01", "2008-05-07", "person"),
        ("XBBGOV", "2009-01-01", "", "person"),
    ]


def test_overlapping_entries_get_their_own_ids():
    _, names, roles = actors()
    # The same head twice in one file: `#2`; the same name under two entries: both rows kept.
    assert roles_of(roles, "countries:john sample") == [
        ("XAAGOV", "2005-01-01", "2010-12-31", "person"),
        ("XAAGOV", "2009-01-01", "2012-12-31", "person"),  # overlapping dates, both kept
    ]
    assert roles_of(roles, "countries:john sample#2") == [("XBBMIL", "1999-01-01", "2000-12-31", "person")]
    jane = sorted(n["entry"] for n in names if n["phrase"] == "jane example")
    assert jane == ["countries:jane example", "countries:john sample#2"]


def test_malformed_lines_are_skipped_and_counted():
    parses, names, _ = actors()
    countries = parses[0]
    reasons = sorted((s.line, s.reason) for s in countries.skipped)
    assert reasons == [
        (23, "bad role"),
        (24, "bad role"),
        (29, "not an entry name"),
        (30, "synonym without an entry"),
        (34, "unclosed ["),
    ]
    assert [p.skipped for p in parses[1:]] == [[], []]
    assert {n["entry"] for n in names} >= {"countries:robin placeholder", "countries:xanadu army"}  # reading goes on


def test_entry_without_roles_takes_the_next_entrys():
    parses, _, roles = actors()
    robin = next(e for e in parses[0].entries if e.head == "robin placeholder")
    assert robin.inherited
    assert roles_of(roles, "countries:robin placeholder") == [("XAAGOV", "2010-01-01", "2011-12-31", "person")]


def test_kinds():
    _, _, roles = actors()
    kind = {r["entry"]: r["kind"] for r in roles}
    assert kind["countries:xanadu"] == "country"
    assert roles_of(roles, "countries:borduria") == [
        ("XCCXBB", "", "1970-01-01", "country"),
        ("XBB", "1970-01-01", "", "country"),
    ]
    assert kind["countries:xanadu isles"] == "country"  # country code + a non-sector code: a territory
    assert kind["countries:xanadu army"] == "institution"
    assert "countries:xanadu navy" not in kind  # its role unreadable: no role, and none taken from the army
    assert kind["international:united examples"] == "igo"
    assert kind["international:pat template"] == "person"  # dated role
    assert kind["international:example help"] == "ngo"
    assert kind["international:example corp"] == "mnc"
    assert kind["international:daily example"] == "institution"
    assert kind["nonstate:example front"] == "group"


def test_agents_plurals_markers_and_codes():
    parsed = parse_agents(AGENTS)
    rows = {(r["phrase"], r["whole"], r["code"], r["sector"]) for r in parsed.rows}
    assert rows == {
        ("soldier", "false", "~MIL", "MIL"),
        ("soldiers", "false", "~MIL", "MIL"),
        ("police", "false", "~COP", "COP"),
        ("attorney general", "false", "~GOVATG", "GOVATG"),
        ("attorneys general", "false", "~GOVATG", "GOVATG"),
        ("ministry", "true", "~GOV", "GOV"),
        ("army", "false", "~MIL", "MIL"),
        ("armies", "false", "~MIL", "MIL"),
        ("congressman", "false", "~LEG", "LEG"),
        ("congresswoman", "false", "~LEG", "LEG"),
        ("truce monitor", "false", "IGO~", "IGO"),
        ("truce monitors", "false", "IGO~", "IGO"),
        ("depot of example", "false", "~ENV", "ENV"),  # `[~ENV}`: the one source typo is read
        ("depot of examples", "false", "~ENV", "ENV"),
    }
    assert [(s.line, s.reason) for s in parsed.skipped] == [(11, "no [~CODE]")]


def test_plover_table_and_parent_fallback():
    table = parse_plover(PLOVER)
    assert table.codes["0312"] == ("AGREE", "", "military|legal")
    assert table.conflicts == ["04"]
    assert [s.reason for s in table.skipped] == ["not a mapping line"]
    assert plover_for("0311", table) == ("AGREE", "", "diplomatic")  # 0311 -> 031
    assert plover_for("0399", table) == ("AGREE", "", "")  # 0399 -> 039 -> 03
    assert plover_for("042:043", table) == ("CONSULT", "visit", "")
    assert plover_for(":043", table) == ("CONSULT", "", "")  # 043 -> 04, the first `04` line
    assert plover_for("---", table) == ("", "", "")
    assert plover_for("011", table) == ("", "", "")


def test_verb_block_forms_patterns_and_plover():
    parsed = parse_verbs(VERBS, parse_plover(PLOVER))
    rows = [
        (r["verb"], r["forms"], r["pattern"], r["cameo"], r["plover_type"], r["plover_context"]) for r in parsed.rows
    ]
    show = [r for r in rows if r[0] == "show"]
    assert show == [
        ("show", "shows|showed|shown|showing", "", "0311", "AGREE", "diplomatic"),
        ("show", "shows|showed|shown|showing", "$ * (to +)", ":011", "", ""),
        ("show", "shows|showed|shown|showing", "&ARMED_FORCE * {mock attack}", "042:043", "CONSULT", ""),
        ("show", "shows|showed|shown|showing", "* (from business)", "0311", "AGREE", "diplomatic"),
    ]
    verbs = {r[0]: r[3] for r in rows if not r[2]}
    assert verbs == {"exemplify": "031", "show": "0311", "try out": "031", "scrap": "031", "idle": "---"}
    assert ("scrap", "scraps|scrapped") in {(r[0], r[1]) for r in rows}  # `;` comment dropped
    assert [(s.line, s.reason, s.detail) for s in parsed.skipped] == [(18, "undefined synset", "&WEATHER")]
    assert parsed.counts["transformations dropped"] == 1
    assert parsed.counts["rows"] == len(rows) == 4 * 4 + 2
    synsets = {(s["synset"], s["phrase"]) for s in parsed.synsets}
    assert synsets == {
        ("&ARMED_FORCE", "troop"),
        ("&ARMED_FORCE", "troops"),
        ("&ARMED_FORCE", "navy"),
        ("&ARMED_FORCE", "navies"),
        ("&ARMED_FORCE", "armed group"),  # trailing `_`: no plural
        ("&AUXILIARY", "will"),  # label ends with `_`: no plurals
    }


def write_fixtures(folder: Path) -> Path:
    folder.mkdir(parents=True)
    texts = {
        "Phoenix.Countries.actors.txt": COUNTRIES,
        "Phoenix.International.actors.txt": INTERNATIONAL,
        "Phoenix.MilNonState.actors.txt": NONSTATE,
        "Phoenix.agents.txt": AGENTS,
        "CAMEO.2.0.txt": VERBS,
        "LICENSE": LICENSE,
        "SOURCE.md": SOURCE,
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_converting_twice_gives_identical_text(tmp_path):
    folder = write_fixtures(tmp_path / "dicts")
    plover = tmp_path / "plover.txt"
    plover.write_text(PLOVER, encoding="utf-8")
    first, _, _ = convert(folder, plover)
    second, _, _ = convert(folder, plover)
    assert first == second
    assert all(text.endswith("\n") and "\r" not in text for text in first.values())
    names = read_csv(first["actor_names.csv"])
    assert names == sorted(names, key=lambda r: (r["entry"], r["phrase"], r["whole"]))


def test_cli_writes_the_seed_folder(tmp_path):
    folder = write_fixtures(tmp_path / "vendor" / "petrarch2-dictionaries")
    (tmp_path / "eval" / "plover-gsr").mkdir(parents=True)
    (tmp_path / "eval" / "plover-gsr" / "CAMEO2PLOVER-2021.txt").write_text(PLOVER, encoding="utf-8")
    out = tmp_path / "seeds"
    result = subprocess.run(
        [sys.executable, "-m", "flows.dictionaries", str(folder), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Phoenix.Countries.actors.txt: 10 entries" in result.stdout
    assert "5 skipped" in result.stdout
    assert "skipped in Phoenix.Countries.actors.txt: 2 bad role" in result.stdout
    files = sorted(p.name for p in out.iterdir())
    assert files == [
        "LICENSE",
        "README.md",
        "actor_names.csv",
        "actor_roles.csv",
        "agents.csv",
        "verb_synsets.csv",
        "verbs.csv",
    ]
    assert (out / "LICENSE").read_bytes() == LICENSE.encode()
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "0123456789abcdef0123456789abcdef01234567" in readme and "Copyright (c) 2014 Example Owner" in readme
    verbs = read_csv((out / "verbs.csv").read_text(encoding="utf-8"))
    assert list(verbs[0]) == [
        "verb",
        "forms",
        "pattern",
        "cameo",
        "plover_type",
        "plover_mode",
        "plover_context",
        "synset",
    ]
    paired = next(r for r in verbs if r["cameo"] == "042:043")
    assert (paired["plover_type"], paired["synset"]) == ("CONSULT", "&ARMED_FORCE")  # the sibling PLOVER table
    raw = (out / "actor_roles.csv").read_bytes()
    assert b"\r" not in raw and raw.startswith(b"entry,code,start,end,kind\n")


def test_agent_nouns_join_our_sector_words_after_them():
    import polars as pl

    from transforms.lexicon import agent_sectors

    agents = pl.DataFrame(
        {
            "phrase": ["extortioners", "smugglers", "public works ministry", "lawmakers", "ulema", "Bandits"],
            "sector": ["CRM", "GOV", "GOVBUS", "LEG", "MUS", "CRM"],
        }
    )
    ours = pl.DataFrame(
        {"keyword": ["smugglers", "bandits", "senator"], "sector": ["CRM", "CRM", "GOV"], "kind": ["group"] * 3}
    )
    rows = {r["keyword"]: r["sector"] for r in agent_sectors(agents, ours).to_dicts()}
    # our own rows decide (smugglers stays ours, bandits in any case); a compound code is its first
    # sector; CAMEO's legislature is our government; a sector we do not name (MUS) stays out
    assert rows == {"extortioners": "CRM", "public works ministry": "GOV", "lawmakers": "GOV"}


def test_an_agent_noun_labels_only_where_no_other_mention_stands():
    import polars as pl

    from transforms.entities import agent_mentions
    from transforms.lexicon import Lexicon, _add_sectors
    from transforms.mention_rules import Mention, tokenize

    agents = Lexicon()
    _add_sectors(agents, pl.DataFrame({"keyword": ["extortioners", "ministry"], "sector": ["CRM", "GOV"]}), "agent")
    sentence = "Extortioners threatened the Finance Ministry."
    toks = tokenize(sentence)
    taken = [Mention(28, 44, "Finance Ministry", None)]  # an organisation our own seeds found
    (found,) = agent_mentions(toks, sentence, 0, agents, taken)
    assert (found.surface, found.entry.source, found.entry.sector) == ("Extortioners", "agent", "CRM")
