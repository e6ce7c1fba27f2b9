"""What the event harnesses share: running texts through `analyse`, reading JSON lines, shares."""

from __future__ import annotations

import gzip
import json
from datetime import date, datetime
from pathlib import Path

import polars as pl

from flows.reference import Reference
from transforms.analysis import analyse
from transforms.article_terms import terms_of
from transforms.clusters import people_of, source_countries

# An actor's code as PLOVER writes it: its country, or `IGO` for an international organisation.
_IGO_BY_SECTOR = pl.when(pl.col("sector") == "IGO").then(pl.lit("IGO"))
_code = pl.coalesce(pl.col("country_iso3"), _IGO_BY_SECTOR)
# An actor's code as the gold standards write it: its country, else the transnational kind its
# CAMEO code starts with (`IMGMUSALQ` -> IMG, `NGOHLHIRC` -> NGO), else IGO by its sector.
_TRANSNATIONAL = pl.col("actor_code").str.slice(0, 3)
_listed_code = pl.coalesce(
    pl.col("country_iso3"), pl.when(_TRANSNATIONAL.is_in(["IGO", "IMG", "NGO"])).then(_TRANSNATIONAL), _IGO_BY_SECTOR
)
_ARTICLE_SCHEMA = {"article_id": pl.String, "text": pl.String, "language": pl.String, "published_at": pl.Datetime("us")}


def evidence_sources(actors: pl.DataFrame) -> pl.DataFrame:
    """event_id -> the source codes (a country, or IGO) the clustering takes as evidence of who
    acted, as `clusters.source_countries` takes them in the pipeline."""
    return source_countries(actors, _code)


def analyse_texts(
    texts: list[str],
    published: list[date | None],
    reference: Reference,
    batch: int = 200,
    with_actors: bool = False,
) -> list[pl.DataFrame] | tuple[list[pl.DataFrame], pl.DataFrame]:
    """The events of each text (one frame per text, in order, article ids "0", "1", ... by
    position), `analyse` run in batches, with each event's source and target countries; with
    `with_actors`, also every event's actor rows."""
    out: list[pl.DataFrame] = []
    actors: list[pl.DataFrame] = []
    for first in range(0, len(texts), batch):
        chunk = texts[first : first + batch]
        frame = pl.DataFrame(
            {
                "article_id": [str(first + i) for i in range(len(chunk))],
                "text": chunk,
                "language": ["en"] * len(chunk),
                "published_at": [
                    datetime(d.year, d.month, d.day) if d else None for d in published[first : first + batch]
                ],
            },
            schema=_ARTICLE_SCHEMA,
        )
        result = analyse(frame, reference.lexicon, reference.rules, reference.nlp, reference.parser)
        actors.append(result.event_actors)
        events = result.events.join(
            result.event_actors.group_by("event_id").agg(
                _listed_code.filter(pl.col("role") == "source").drop_nulls().alias("source_countries"),
                _listed_code.filter(pl.col("role") == "target").drop_nulls().alias("target_countries"),
                pl.col("sector").filter(pl.col("role") == "source").drop_nulls().alias("source_sectors"),
                pl.col("sector").filter(pl.col("role") == "target").drop_nulls().alias("target_sectors"),
            ),
            on="event_id",
            how="left",
        ).join(people_of(result.events, result.event_actors, result.entities), on="event_id", how="left")
        events = events.join(terms_of(result.events, result.terms), on="event_id", how="left")
        parts = events.partition_by("article_id", as_dict=True)
        empty = events.clear()
        out += [parts.get((str(first + i),), empty) for i in range(len(chunk))]
    if with_actors:
        return out, (pl.concat(actors) if actors else pl.DataFrame())
    return out


def read_jsonl(path: Path) -> list[dict]:
    """Every JSON object of a JSON-lines file, gzipped or not."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def share(hits: float, total: float) -> float | None:
    """hits / total to four places, None when there is nothing to divide by."""
    return round(hits / total, 4) if total else None
