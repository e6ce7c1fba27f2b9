"""Who an actor was on the day: the PETRARCH2/Phoenix actor dictionaries (`seeds/petrarch/`,
converted by `flows.dictionaries`) as a lookup from a name to its CAMEO actor code on a date.

A person's code changes with the roles they hold: `Vladimir Putin` is `RUSGOV` from 2000 on and
`RUSELI` before; a minister becomes an opposition leader. The dictionary gives each role its
dates, so a name is read on the event's date (or the article's), and the code gives the country
and the sector the warehouse keeps (`RUSGOV` -> RUS, GOV; `IGOUNOREFHCR` -> no country, IGO;
`SYRMIL` -> SYR, MIL). Where the dictionary cannot say one thing (a name listed under two
countries, two roles on one day, no role on that day) the reading says why (`reason`), and one
resolution is still made by fixed rules, so the same input always gives the same code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from transforms.text_norm import norm_name

# CAMEO's role codes that name an organisation type as the code's first part, with the sector
# the warehouse keeps for it (a multinational is a business; an international militarised group,
# al-Qaeda's `IMGMUSALQ`, an armed non-state actor).
ORG_PREFIXES = {"IGO": "IGO", "NGO": "NGO", "MNC": "BUS", "IMG": "REB"}
# Of those, the one whose next part is a country (`MNCUSA`); after the others it is a region or a
# religion (`IGOWSTNAT`, `IMGMUSALQ`: MUS is Muslim there, not Mauritius).
_COUNTRY_AFTER = frozenset({"MNC"})
# CAMEO role codes read as one of the warehouse's sectors (`seeds/sectors.csv`): insurgents,
# separatists and unaffiliated armed forces are the armed non-state actors it calls REB; a
# legislature is part of government; the others keep their CAMEO code.
SECTOR_ALIASES = {"INS": "REB", "SEP": "REB", "UAF": "REB", "LEG": "GOV"}
# The role codes of CAMEO's actor hierarchy (its primary and secondary roles).
ROLE_CODES = frozenset(
    "GOV MIL REB OPP PTY COP JUD SPY MED EDU BUS CRM CVL HLH HRI LAB LEG REF REL ELI ENV AGR DEV "
    "INS SEP UAF MOD RAD NGM IGO NGO".split()
)
# Roles that say which part of a country acts before which (a `GOVMIL` reads as GOV).
_MODIFIERS = frozenset({"MOD", "RAD"})


@dataclass(frozen=True, slots=True)
class Role:
    """One `[CODE start-end]` of an entry: a code held between two dates (either open)."""

    code: str
    start: date | None = None
    end: date | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def holds_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def span_days(self) -> int:
        """How narrow the role is (an open end counts as long): the narrower, the more specific."""
        lo = self.start or date(1900, 1, 1)
        hi = self.end or date(2100, 1, 1)
        return (hi - lo).days


@dataclass(frozen=True, slots=True)
class Reading:
    """A name read on a day: its code, the country and sector it gives, the dictionary's kind
    of entry (person, country, igo, ngo, mnc, group, institution), and why it is uncertain."""

    code: str | None
    country_iso3: str | None
    sector: str | None
    kind: str
    reason: str | None = None


@dataclass
class ActorCodes:
    """Name key (`norm_name`) -> the entries it names; entry -> its roles and kind; agent nouns
    -> sectors. Built once per process from the seed CSVs' rows (`build_actor_codes`)."""

    names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    roles: dict[str, tuple[Role, ...]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    agents: dict[str, str] = field(default_factory=dict)
    countries: frozenset[str] = frozenset()

    def read(self, name: str, day: date | None, prefer: Iterable[str] = ()) -> Reading | None:
        """The reading of `name` on `day` (None: the roles without dates, else the latest),
        preferring entries of the countries in `prefer` (the story's) where the name is listed
        under several; None when the dictionary does not know the name."""
        entries = self.names.get(norm_name(name))
        if not entries:
            return None
        readings = [self._entry_on(e, day) for e in entries]
        readings = [r for r in readings if r.code is not None] or readings
        codes = sorted({r.code for r in readings if r.code})
        if len(codes) <= 1:
            return readings[0]
        preferred = set(prefer)
        liked = [r for r in readings if r.country_iso3 in preferred] or readings
        first = liked[0]
        why = f"listed as {' | '.join(codes)}"
        return Reading(first.code, first.country_iso3, first.sector, first.kind, join_reasons(first.reason, why))

    def agent_sector(self, noun: str) -> str | None:
        """The sector of a generic agent noun (`soldiers` -> MIL, `students` -> EDU)."""
        return self.agents.get(norm_name(noun))

    def _entry_on(self, entry: str, day: date | None) -> Reading:
        """One entry's reading on `day`: the narrowest role that holds that day (dated roles
        before undated ones); with none, the undated role; with none of those either, the
        country of the role nearest in time and no sector (a former minister is still of that
        country, not of its government)."""
        kind = self.kinds.get(entry, "person")
        roles = self.roles.get(entry, ())
        if not roles:
            return Reading(None, None, None, kind, "no role in the dictionary")
        undated = [r for r in roles if not r.dated]
        if day is None:
            # no date to read it on: an undated role, else the one that starts last
            pick = undated[0] if undated else max(roles, key=lambda r: (r.start or date.min, r.code))
            return self._reading(pick.code, kind, None if undated else "no date to read the roles on")
        holding = sorted((r for r in roles if r.dated and r.holds_on(day)), key=lambda r: (r.span_days(), r.code))
        if holding:
            others = {r.code for r in holding[1:]} - {holding[0].code}
            why = f"also {' | '.join(sorted(others))} that day" if others else None
            return self._reading(holding[0].code, kind, why)
        if undated:
            return self._reading(undated[0].code, kind, None)
        nearest = min(roles, key=lambda r: (_distance(r, day), r.code))
        country, _ = decode(nearest.code, self.countries)
        return Reading(country, country, None, kind, f"no role on {day.isoformat()}")

    def _reading(self, code: str, kind: str, reason: str | None) -> Reading:
        country, sector = decode(code, self.countries)
        return Reading(code, country, sector, kind, reason)


def decode(code: str, countries: frozenset[str]) -> tuple[str | None, str | None]:
    """(country, sector) of a CAMEO actor code: `RUSGOV` -> (RUS, GOV), `IGOUNOREFHCR` ->
    (None, IGO), `MNCUSA` -> (USA, BUS), `IMGMUSALQ` -> (None, REB), `SYR` -> (SYR, None); a region
    (`AFR`, `EUR`) is no country. The sector is the first role code after the country, read through `SECTOR_ALIASES`."""
    parts = [code[i : i + 3] for i in range(0, len(code) - len(code) % 3, 3)]
    if not parts:
        return None, None
    if parts[0] in ORG_PREFIXES:
        after = parts[0] in _COUNTRY_AFTER and len(parts) > 1 and parts[1] in countries
        country = parts[1] if after else None
        return country, ORG_PREFIXES[parts[0]]
    country = parts[0] if parts[0] in countries else None
    rest = parts[1:] if country or parts[0] not in ROLE_CODES else parts
    for part in rest:
        if part in ROLE_CODES and part not in _MODIFIERS:
            return country, SECTOR_ALIASES.get(part, part)
    return country, None


def role_sector(code: str) -> str | None:
    """The warehouse sector of a CAMEO code without a country (an agent noun's `GOVEDU` is GOV,
    `INS` REB, `MUS` none): `decode` read with no country to find."""
    return decode(code.upper(), frozenset())[1]


def build_actor_codes(
    names: Iterable[dict], roles: Iterable[dict], agents: Iterable[dict], countries: Iterable[str]
) -> ActorCodes:
    """The lookup from the seed CSVs' rows (`actor_names.csv`, `actor_roles.csv`,
    `agents.csv`) and the ISO3 codes the warehouse knows. Entries keep the order of their
    names' rows; an entry's roles keep the file's order (the first undated one is its default)."""
    by_name: dict[str, list[str]] = {}
    for row in names:
        key = norm_name(row["phrase"])
        if key:
            listed = by_name.setdefault(key, [])
            if row["entry"] not in listed:
                listed.append(row["entry"])
    by_entry: dict[str, list[Role]] = {}
    kinds: dict[str, str] = {}
    for row in roles:
        role = Role(row["code"], _day(row.get("start")), _day(row.get("end")))
        by_entry.setdefault(row["entry"], []).append(role)
        kinds.setdefault(row["entry"], row.get("kind") or "person")
    sectors = {}
    for row in agents:
        key = norm_name(row["phrase"])
        if key and row.get("sector"):
            sectors.setdefault(key, role_sector(row["sector"]))
    return ActorCodes(
        names={k: tuple(v) for k, v in by_name.items()},
        roles={k: tuple(v) for k, v in by_entry.items()},
        kinds=kinds,
        agents=sectors,
        countries=frozenset(countries),
    )


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _distance(role: Role, day: date) -> int:
    """Days from `day` to the nearest day of `role`."""
    if role.end is not None and day > role.end:
        return (day - role.end).days
    if role.start is not None and day < role.start:
        return (role.start - day).days
    return 0


def join_reasons(*reasons: str | None) -> str | None:
    kept = [r for r in reasons if r]
    return "; ".join(kept) if kept else None
