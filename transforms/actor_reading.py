"""Actor codes on the mentions and on the event actors: the field's dictionaries
(`actor_codes`) read after our own.

The order of trust is what the article says, then our curated seeds, then the PETRARCH2
dictionaries read on the day:

- a person's title or owner in the text (`Russia's Deputy Foreign Minister X`, `X, the new
  defence minister`) gives the country and sector it gives; the dictionary fills only what the
  text left open;
- a name our own seeds know (a country, a curated organisation, a sector word) keeps their
  country and sector, and takes the dictionary's finer code where it lists the name as an
  organisation (`UNHCR` -> `IGOUNOREFHCR`);
- a person, or an organisation or group only the model found, is read through the dictionary
  on the article's publication date for the mention and the entity, and again on each event's
  date for that event's actors (`read_actors`): the same name is a minister in one year and an
  opposition leader in another.

Only the dictionary's actor entries are read, never its country entries: those list towns and
provinces (`SANA` is listed as Yemen's capital), which the gazetteer resolves better.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from transforms.actor_codes import ActorCodes, Reading, decode, join_reasons

# The dictionary's kinds of entry read as actors (its `country` entries are places).
ACTOR_KINDS = frozenset({"person", "igo", "ngo", "mnc", "group", "institution"})
# Sectors of actors that belong to the country they act in, unless the text says otherwise:
# its people, courts, police, parties, press, armed groups (refugees and international bodies
# do not; the state's own forces are placed so as the events are coded).
DOMESTIC_SECTORS = frozenset("CVL JUD OPP EDU MED LAB HLH REB CRM PTY REL BUS AGR ELI".split())
# `code_reason` of an actor placed in its article's home country, and the start of one whose
# country or sector the field's dictionary gave: the clustering takes neither as evidence of who
# acted (`clusters.source_countries` reads only rows without a reason), since an inference is no
# evidence and a private person may share a listed politician's name.
HOME_REASON = "the article's home country"
# An organisation no seed or dictionary knows (a party, a company, a local group) is of its
# article's home country too.
HOME_ORGS = True
DICTIONARY_REASON = "the field's dictionary"
# Mentions read through the dictionary by name: people and the organisations only the model found.
_READ_ORIGINS = frozenset({"person", "named"})
# Mentions our own seeds resolved as organisations, which take the dictionary's finer code.
_OUR_ORGS = frozenset({"organization"})
# The kinds of mention that are actors at all (a place or an unresolved name is none).
_ACTOR_MENTION_KINDS = frozenset({"person", "organization", "group", "country"})


@dataclass(frozen=True, slots=True)
class Told:
    """What the text told of an entity read through the dictionary: its name as written and the
    country and sector the text itself gave (None where it gave none)."""

    name: str
    country_iso3: str | None
    sector: str | None


def compose(country: str | None, sector: str | None) -> str | None:
    """A CAMEO-style code from a country and a sector: `SYR` + `MIL` -> `SYRMIL`; a sector alone
    (`REB`) or a country alone (`USA`) is a code too."""
    code = (country or "") + (sector or "")
    return code or None


def read_mentions(
    mentions: pl.DataFrame, codes: ActorCodes | None, published: dict[str, date | None]
) -> tuple[pl.DataFrame, dict[str, Told]]:
    """The mentions (with `kind`, `country_iso3`, `sector`, `origin`) with the dictionary's
    country and sector filled where nothing better gave them, and `actor_code` and
    `code_reason` added; and, for each entity read through the dictionary, what its text told
    (for `read_actors`)."""
    told: dict[str, Told] = {}
    rows = []
    for row in mentions.iter_rows(named=True):
        code, reason = None, None
        if row["kind"] in _ACTOR_MENTION_KINDS:
            reading = _reading(codes, row, published.get(row["article_id"]))
            country, sector = row["country_iso3"], row["sector"]
            if reading is not None:
                # a name read by the dictionary (a person, a model-found organisation) is read
                # again on each event's day; our seeds' organisation keeps its fields, taking the
                # dictionary's only where it has none. Either way the code must agree (`_agreeing`).
                by_name = row["origin"] in _READ_ORIGINS
                if by_name and row["entity_id"] is not None and (country is None or sector is None):
                    told.setdefault(row["entity_id"], Told(row["surface"], country, sector))
                filled = (country or reading.country_iso3, sector or reading.sector)
                if filled != (country, sector):
                    reason = join_reasons(DICTIONARY_REASON, reading.reason if by_name else None)
                country, sector, code = *filled, reading.code
            row = {**row, "country_iso3": country, "sector": sector}
            code = _agreeing(code, country, sector, codes)
        rows.append({**row, "actor_code": code, "code_reason": reason})
    schema = {**mentions.schema, "actor_code": pl.String, "code_reason": pl.String}
    return pl.DataFrame(rows, schema=schema, orient="row"), told


def read_actors(
    actors: pl.DataFrame,
    events: pl.DataFrame,
    entities: pl.DataFrame,
    codes: ActorCodes | None,
    told: dict[str, Told],
    homes: dict[str, str] | None = None,
    published: dict[str, date | None] | None = None,
) -> pl.DataFrame:
    """The event actors with `actor_code` and `code_reason`: an entity read through the
    dictionary is read on its event's date, or its article's publication date where the event
    has none (what the text told still wins); any other
    takes its entity's code, or one composed of its own country and sector. A domestic actor
    no one placed (`people`, `militants`, `the court`), or an organisation nothing knows,
    takes its article's home country (`homes`, `event_participants.home_countries`), as a
    reader takes it, and says so."""
    dates = dict(events.select("event_id", "event_date").iter_rows()) if events.height else {}
    article_of = dict(events.select("event_id", "article_id").iter_rows()) if events.height else {}
    homes = homes or {}
    by_entity = (
        {e: (c, r) for e, c, r in entities.select("entity_id", "actor_code", "code_reason").iter_rows()}
        if "actor_code" in entities.columns
        else {}
    )
    organisations = (
        set(entities.filter(pl.col("kind") == "organization")["entity_id"]) if "kind" in entities.columns else set()
    )
    rows = []
    for row in actors.iter_rows(named=True):
        entity = row["entity_id"]
        code, reason = by_entity.get(entity, (None, None)) if entity else (None, None)
        said = told.get(entity) if entity else None
        article = article_of.get(row["event_id"], "")
        day = dates.get(row["event_id"]) or (published or {}).get(article)
        if said is not None and codes is not None and day is not None:
            reading = codes.read(said.name, day)
            if reading is not None and reading.kind in ACTOR_KINDS:
                country = said.country_iso3 or reading.country_iso3
                sector = said.sector or reading.sector
                row = {**row, "country_iso3": country, "sector": sector}
                agrees = (country, sector) == (reading.country_iso3, reading.sector)
                by_text = (country, sector) == (said.country_iso3, said.sector)
                code = reading.code if agrees else None
                reason = None if by_text else join_reasons(DICTIONARY_REASON, reading.reason)
        home = homes.get(article)
        unknown_org = HOME_ORGS and row["sector"] is None and entity in organisations
        if row["country_iso3"] is None and home and (row["sector"] in DOMESTIC_SECTORS or unknown_org):
            row = {**row, "country_iso3": home}
            code, reason = None, HOME_REASON
        code = _agreeing(code, row["country_iso3"], row["sector"], codes)
        # a reason the coding gave (an agent noun's sector) stays, before the reading's own
        rows.append({**row, "actor_code": code, "code_reason": join_reasons(row.get("code_reason"), reason)})
    schema = {**actors.schema, "actor_code": pl.String, "code_reason": pl.String}
    return pl.DataFrame(rows, schema=schema, orient="row")


def _agreeing(code: str | None, country: str | None, sector: str | None, codes: ActorCodes | None) -> str | None:
    """`code` where it says the country and sector kept (`IGOUNOREFHCR` for the UN refugee
    agency, IGO), else the code they compose: a code never contradicts its row's columns (an
    `army` placed in Syria by its story is `SYRMIL`, not its generic entity's `MIL`)."""
    if code and codes is not None and decode(code, codes.countries) == (country, sector):
        return code
    return compose(country, sector)


def _reading(codes: ActorCodes | None, row: dict, day: date | None) -> Reading | None:
    """The dictionary's reading of a mention's name, if it lists the name as an actor."""
    if codes is None or row["origin"] not in _READ_ORIGINS | _OUR_ORGS:
        return None
    reading = codes.read(row["surface"], day)
    return reading if reading is not None and reading.kind in ACTOR_KINDS else None
