"""The actor and place dictionary, built from the reference frames in `seeds/`.

Everything the matcher knows comes from data: countries (names, aliases, demonyms, capitals),
known organisations and groups, generic sector keywords, person titles and a GeoNames
gazetteer extract. `build_lexicon` turns those frames into one lookup keyed by normalised
phrase; a user extends it by adding CSV rows, not code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from transforms.actor_codes import ActorCodes, role_sector
from transforms.ids import stable_id
from transforms.text_norm import norm_name

# Which reading wins when one phrase means several things ("Georgia", "Jordan"):
# a known organisation, then a country, then its demonym, then a capital, then a gazetteer place.
PRIORITY = {"organization": 6, "country": 5, "demonym": 4, "capital": 3, "sector": 2, "place": 1}

# GeoNames feature codes -> geo_precision (1 place, 2 district, 3 province, 4 country).
_PRECISION = {"ADM1": 3, "ADM2": 2, "ADM3": 2, "PPLX": 1, "RGN": 3, "SEA": 4, "CONT": 4}


@dataclass(frozen=True, slots=True)
class Entry:
    """One meaning of a phrase."""

    source: str  # organization | country | demonym | capital | sector | place
    entity_id: str
    name: str
    kind: str  # person | organization | place | country | group
    label: str  # ORG | GPE | NORP | GRP | LOC
    country_iso3: str | None = None
    sector: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None
    population: int = 0
    needs_capital: bool = True  # a lower-case occurrence does not match
    admin1: str | None = None  # GeoNames admin-1 code of a place: which state or province it is in


@dataclass
class Lexicon:
    """Normalised phrase -> candidate meanings, plus the person titles and longest phrase."""

    entries: dict[str, list[Entry]] = field(default_factory=dict)
    titles: dict[str, str | None] = field(default_factory=dict)  # normalised title -> sector
    countries: dict[str, Entry] = field(default_factory=dict)  # iso3 -> country entry
    max_tokens: int = 1
    prefixes: set[str] = field(default_factory=set)  # every leading run of tokens of every key
    _by_id: dict[str, Entry] | None = None
    places: PlaceIndex | None = None  # the long tail of the gazetteer, looked up by key
    codes: ActorCodes | None = None  # the field's actor dictionaries, read on the day (`actor_reading`)
    agents: Lexicon | None = None  # the field's agent nouns (`agent_sectors`), matched apart

    def add(self, phrase: str, entry: Entry) -> None:
        key = norm_name(phrase)
        if not key:
            return
        self.entries.setdefault(key, []).append(entry)
        tokens = key.split(" ")
        self.max_tokens = max(self.max_tokens, len(tokens))
        for j in range(1, len(tokens)):
            self.prefixes.add(" ".join(tokens[:j]))

    def lookup(self, key: str, *, small_places: bool = False) -> list[Entry]:
        """Meanings of a normalised phrase in the dictionary; with `small_places`, falling back
        to the gazetteer's long tail (for names a model has already marked as places)."""
        found = self.entries.get(key)
        if found is not None or not small_places or self.places is None:
            return found or []
        rows = self.places.rows_by_key.get(key, [])
        found = [self.places.entry(i) for i in rows]
        for e in found:
            self.by_id().setdefault(e.entity_id, e)
        return found

    def by_id(self) -> dict[str, Entry]:
        """Entity id -> its dictionary entry (built once, on first use)."""
        if self._by_id is None:
            self._by_id = {}
            every = (e for cands in self.entries.values() for e in cands)
            for e in sorted(every, key=lambda e: -PRIORITY[e.source]):  # a country beats its demonym
                self._by_id.setdefault(e.entity_id, e)
        return self._by_id


def name_key_expr(names: pl.Expr) -> pl.Expr:
    """Vectorised `norm_name` for gazetteer names (agrees with it on 99.98 % of GeoNames names;
    the rest are apostrophe-heavy transliterations)."""
    return (
        names.str.normalize("NFKD")
        .str.replace_all(r"\p{Mn}", "")
        .str.to_lowercase()
        .str.replace_all(r"[’‘`ʼʻ]", "'")
        .str.replace_all(r"'s\b", "")
        .str.replace_all(r"\.", "")
        .str.replace_all("-", " ")
        .str.replace_all(r"[^\w\s]", " ")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )


class PlaceIndex:
    """Gazetteer rows kept as columns, with name key -> row numbers (most populous first).

    Hundreds of thousands of small places cost seconds and hundreds of MB as Python objects;
    here an Entry is made only for a name the text actually uses."""

    def __init__(self, gazetteer: pl.DataFrame) -> None:
        g = gazetteer.with_row_index("row")
        names = (
            g.select(
                "row",
                "population",
                pl.concat_list(pl.col("name"), pl.col("alternatenames").fill_null("").str.split("|")).alias("n"),
            )
            .explode("n")
            .filter(pl.col("n") != "")
            .with_columns(name_key_expr(pl.col("n")).alias("key"))
            .unique(["key", "row"])
            .sort(["key", "population"], descending=[False, True])
            .group_by("key", maintain_order=True)
            .agg(pl.col("row"))
        )
        self.rows_by_key: dict[str, list[int]] = dict(zip(names["key"].to_list(), names["row"].to_list(), strict=True))
        self._cols = {
            c: g[c].to_list() if c in g.columns else [None] * g.height
            for c in ("geonameid", "name", "country_iso3", "lat", "lon", "population", "admin1_code", "feature_code")
        }
        self._made: dict[int, Entry] = {}

    def entry(self, row: int) -> Entry:
        made = self._made.get(row)
        if made is None:
            c = self._cols
            made = place_entry({k: v[row] for k, v in c.items()})
            self._made[row] = made
        return made


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def country_entity_id(iso3: str) -> str:
    return stable_id("country", iso3)


def place_entity_id(
    geonameid: int | None, name: str, iso3: str | None, admin1: str | None = None, feature: str | None = None
) -> str:
    """A GeoNames place by its id; a place without one (a region, a user's row) by its name,
    country, admin-1 code and feature code, so that the many `Henry County`s stay apart."""
    if geonameid:
        return stable_id("place", geonameid)
    if admin1 is None and feature is None:
        return stable_id("place", norm_name(name), iso3)
    return stable_id("place", norm_name(name), iso3, admin1, feature)


def group_entity_id(iso3: str | None, sector: str | None) -> str:
    """A generic collective actor: `Syrian army` is (SYR, MIL); `militants` is (None, REB)."""
    return stable_id("group", iso3, sector)


def _add_countries(lex: Lexicon, countries: pl.DataFrame) -> None:
    for row in countries.iter_rows(named=True):
        iso3 = row["iso3"]
        country = Entry(
            "country",
            country_entity_id(iso3),
            row["name"],
            "country",
            "GPE",
            iso3,
            lat=row.get("lat"),
            lon=row.get("lon"),
            geo_precision=4,
        )
        lex.countries[iso3] = country
        for name in [row["name"], *_split(row.get("aliases"))]:
            lex.add(name, country)
        for demonym in _split(row.get("demonyms")):
            lex.add(demonym, Entry("demonym", country.entity_id, row["name"], "country", "NORP", iso3))
        if row.get("capital"):
            gid = row.get("capital_geonameid")
            gid = int(gid) if gid not in (None, "") else None
            lex.add(
                row["capital"],
                Entry(
                    "capital",
                    place_entity_id(gid, row["capital"], iso3),
                    row["capital"],
                    "place",
                    "GPE",
                    iso3,
                    geonameid=gid,
                    lat=row.get("capital_lat"),
                    lon=row.get("capital_lon"),
                    geo_precision=1,
                    population=10**9,
                ),
            )


def _add_organizations(lex: Lexicon, orgs: pl.DataFrame) -> None:
    for row in orgs.iter_rows(named=True):
        kind = row.get("kind") or "organization"
        entry = Entry(
            "organization",
            stable_id(kind, norm_name(row["name"])),
            row["name"],
            kind,
            "ORG",
            row.get("country_iso3") or None,
            row.get("sector") or None,
        )
        for name in [row["name"], *_split(row.get("aliases"))]:
            lex.add(name, entry)


def agent_sectors(agents: pl.DataFrame, sectors: pl.DataFrame | None) -> pl.DataFrame:
    """PETRARCH's agent nouns (`phrase, sector`: `extortioners` CRM, `public works ministry`
    GOV) as rows of our sector table (`keyword, sector, kind`): each code read as the actor
    dictionary reads one (`actor_codes.role_sector`: `GOVEDU` is government), only sectors in
    our vocabulary (so that the warehouse's sector column keeps one set of names), and none
    whose words our own table already names: the project's seeds decide first."""
    ours = set() if sectors is None else {norm_name(k) for k in sectors["keyword"].to_list()}
    known = set() if sectors is None else set(sectors["sector"].to_list())
    rows = []
    for phrase, code in agents.select("phrase", "sector").iter_rows():
        sector = role_sector(code or "")
        key = norm_name(phrase or "")
        if key and sector in known and key not in ours:
            ours.add(key)
            rows.append({"keyword": phrase, "sector": sector, "kind": "group"})
    return pl.DataFrame(rows, schema={"keyword": pl.String, "sector": pl.String, "kind": pl.String})


def _add_sectors(lex: Lexicon, sectors: pl.DataFrame, source: str = "sector") -> None:
    for row in sectors.iter_rows(named=True):
        sector = row["sector"]
        lex.add(
            row["keyword"],
            Entry(
                source,
                group_entity_id(None, sector),
                row["keyword"],
                "group",
                "GRP",
                None,
                sector,
                needs_capital=False,
            ),
        )


def place_entry(row: dict) -> Entry:
    """The dictionary entry of one gazetteer row."""
    gid = int(row["geonameid"]) if row.get("geonameid") is not None else None
    feature = str(row.get("feature_code") or "")
    admin1 = row.get("admin1_code") or None
    return Entry(
        "place",
        place_entity_id(gid, row["name"], row["country_iso3"], admin1, feature or None),
        row["name"],
        "place",
        "GPE" if feature.startswith("PPL") else "LOC",
        row["country_iso3"],
        geonameid=gid,
        lat=row["lat"],
        lon=row["lon"],
        geo_precision=_PRECISION.get(feature, 1),
        population=int(row.get("population") or 0),
        admin1=admin1,
    )


def _add_gazetteer(lex: Lexicon, gazetteer: pl.DataFrame) -> None:
    for row in gazetteer.iter_rows(named=True):
        entry = place_entry(row)
        names = {row["name"], row.get("asciiname") or row["name"], *_split(row.get("alternatenames"))}
        for name in names:
            lex.add(name, entry)


def build_lexicon(
    *,
    countries: pl.DataFrame,
    organizations: pl.DataFrame | None = None,
    sectors: pl.DataFrame | None = None,
    agents: pl.DataFrame | None = None,
    gazetteer: pl.DataFrame | None = None,
    titles: pl.DataFrame | None = None,
    stoplist: pl.DataFrame | None = None,
    small_place_limit: int = 15_000,
) -> Lexicon:
    """One lookup over every reference table. `stoplist` holds words never read as places.

    Places of at least `small_place_limit` people, and every row the user added, join the
    phrase dictionary (the matcher may find them in any capitalised text); smaller ones are only
    looked up for names the NER model marks as places."""
    lex = Lexicon()
    _add_countries(lex, countries)
    if organizations is not None:
        _add_organizations(lex, organizations)
    if sectors is not None:
        _add_sectors(lex, sectors)
    if agents is not None:
        # the field's agent nouns, a dictionary of their own: read only where no other mention
        # stands (`entities.agent_mentions`), as labels, never as evidence of an act
        lex.agents = Lexicon()
        _add_sectors(lex.agents, agents, source="agent")
    if gazetteer is not None:
        stop = set() if stoplist is None else {norm_name(w) for w in stoplist["word"].to_list()}
        if stop:
            gazetteer = gazetteer.filter(
                ~pl.col("name").map_elements(norm_name, return_dtype=pl.String).is_in(list(stop))
            )
        big = (pl.col("population").fill_null(0) >= small_place_limit) | (
            pl.col("from_user").fill_null(False) if "from_user" in gazetteer.columns else pl.lit(False)
        )
        _add_gazetteer(lex, gazetteer.filter(big))
        lex.places = PlaceIndex(gazetteer.filter(~big))
        for word in stop:
            if word in lex.entries:
                lex.entries[word] = [e for e in lex.entries[word] if e.source != "place"]
    if titles is not None:
        lex.titles = {norm_name(t): (s or None) for t, s in titles.select("title", "sector").iter_rows()}
    for key, cands in lex.entries.items():
        lex.entries[key] = sorted(cands, key=lambda e: (-PRIORITY[e.source], -e.population))
    return lex
