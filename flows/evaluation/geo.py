"""`eventwire eval geo PATH`: toponym detection and geocoding on LGL / GeoVirus XML.

Detection: our place mentions (places and countries) against gold toponym spans, matched when
they overlap. Geocoding, for matched toponyms that both sides placed: the share where the
country is right, the share within 161 km (100 miles), and the median error in km.
LGL gives the gold country by name; GeoVirus gives coordinates only, so its gold country is
the country of the nearest gazetteer place to the gold point (an approximation near borders).
"""

from __future__ import annotations

import hashlib
import math
import statistics
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from flows.evaluation.split import PARTS, split
from flows.reference import Reference
from transforms.analysis import analyse
from transforms.scoring import haversine_km, span_prf
from transforms.text_norm import norm_name

PLACE_LABELS = {"GPE", "LOC", "FAC"}


@dataclass
class Toponym:
    start: int
    end: int
    lat: float | None
    lon: float | None
    country: str | None  # ISO3 where the corpus names it


@dataclass
class GeoArticle:
    text: str
    toponyms: list[Toponym]


def _float(node: ET.Element | None) -> float | None:
    try:
        return float(node.text) if node is not None and node.text else None
    except ValueError:
        return None


# GeoWebNews annotates every use of a place name; these types are not a place the text locates
# something in (the corpus' guide: "Non_Toponym/Non_Lit_Expression as not-a-place"), and a
# demonym or language is not a toponym for us either.
NOT_A_PLACE = frozenset({"Non_Toponym", "Non_Lit_Expression", "Non_Literal_Modifier", "Homonym", "Language", "Demonym"})


def read_geo_xml(path: Path, country_iso3: dict[str, str]) -> list[GeoArticle]:
    """Articles of an LGL- or TR-News-style (`toponyms/toponym` with `gaztag`), GeoVirus-style
    (`locations/location`) or GeoWebNews-style (`toponym` with `latitude`, `longitude`,
    `extractedName` and a `type`) file."""
    root = ET.parse(path).getroot()
    out = []
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        tops = []
        for t in [*art.iter("toponym"), *art.iter("location")]:
            start, end = t.findtext("start"), t.findtext("end")
            if start is None or end is None or (t.findtext("type") or "") in NOT_A_PLACE:
                continue
            gaz = t.find("gaztag")
            src = gaz if gaz is not None else t
            country = gaz.findtext("country") if gaz is not None else None
            name = t.findtext("phrase") or t.findtext("name") or t.findtext("extractedName")
            s, e = _align(text, int(start), int(end), name)
            tops.append(
                Toponym(
                    s,
                    e,
                    _float(_first(src, "lat", "latitude")),
                    _float(_first(src, "lon", "longitude")),
                    country_iso3.get(norm_name(country)) if country else None,
                )
            )
        out.append(GeoArticle(text, tops))
    return out


def _first(node: ET.Element, *tags: str) -> ET.Element | None:
    """The first child with one of `tags` (the corpora name coordinates `lat` or `latitude`)."""
    return next((child for tag in tags if (child := node.find(tag)) is not None), None)


def _align(text: str, start: int, end: int, name: str | None) -> tuple[int, int]:
    """Gold offsets as given, or shifted by up to 3 characters where that is where the name
    stands (GeoVirus counts from 1)."""
    if not name or text[start:end] == name:
        return start, end
    for shift in (-1, 1, -2, 2, -3, 3):
        if text[start + shift : end + shift] == name:
            return start + shift, end + shift
    return start, end


def _nearest_country(lat: float, lon: float, points: pl.DataFrame) -> str | None:
    """Country of the gazetteer place nearest to a point (equirectangular distance)."""
    scale = math.cos(math.radians(lat))
    d = points.with_columns(((pl.col("lat") - lat) ** 2 + ((pl.col("lon") - lon) * scale) ** 2).alias("d"))
    row = d.sort("d").head(1)
    return row["country_iso3"][0] if row.height else None


def evaluate_geo(
    path: Path,
    reference: Reference,
    gazetteer: pl.DataFrame,
    countries: pl.DataFrame,
    batch: int = 40,
    details: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Detection P/R/F1 and geocoding accuracy of the pipeline's place mentions. With
    `details`, one dict per gold toponym is appended to it (what we found, the error), so that
    misses can be read one by one."""
    names = {norm_name(n): iso for n, iso in countries.select("name", "iso3").iter_rows()}
    for iso, aliases in countries.select("iso3", "aliases").iter_rows():
        for alias in (aliases or "").split("|"):
            if alias.strip():
                names.setdefault(norm_name(alias), iso)
    articles = read_geo_xml(path, names)
    points = gazetteer.select("lat", "lon", "country_iso3").filter(pl.col("lat").is_not_null())
    scored: list[_Scored] = []
    for first in range(0, len(articles), batch):
        chunk = articles[first : first + batch]
        frame = pl.DataFrame(
            {
                "article_id": [str(first + i) for i in range(len(chunk))],
                "text": [a.text for a in chunk],
                "language": ["en"] * len(chunk),
                "published_at": [None] * len(chunk),
            },
            schema={
                "article_id": pl.String,
                "text": pl.String,
                "language": pl.String,
                "published_at": pl.Datetime("us"),
            },
        )
        result = analyse(frame, reference.lexicon, reference.rules, reference.nlp)
        coords = {r["entity_id"]: r for r in result.entities.iter_rows(named=True)}
        places = result.mentions.filter(pl.col("label").is_in(list(PLACE_LABELS)))
        by_article: dict[str, list[dict]] = {}
        for m in places.iter_rows(named=True):
            by_article.setdefault(m["article_id"], []).append(m)
        for i, art in enumerate(chunk):
            aid = str(first + i)
            scored.append(_score_article(aid, art, by_article.get(aid, []), coords, points, details))
    by_part = split(scored, lambda a: a.doc_id)
    return {
        **_figures(scored),
        "parts": {p: _figures(by_part[p]) for p in PARTS if by_part[p]},
    }


@dataclass
class _Scored:
    """What one article contributes to the figures."""

    doc_id: str  # a hash of its text: the files carry no id, and the part must not depend on order
    gold: list[tuple]
    pred: list[tuple]
    errors: list[float]
    country_hits: int = 0
    country_total: int = 0
    unresolved: int = 0


def _score_article(
    aid: str,
    art: GeoArticle,
    preds: list[dict],
    coords: dict[str, dict],
    points: pl.DataFrame,
    details: list[dict[str, Any]] | None,
) -> _Scored:
    out = _Scored(
        hashlib.sha256(art.text.encode("utf-8")).hexdigest(),
        [(aid, t.start, t.end, "PLACE") for t in art.toponyms],
        [(aid, p["char_start"], p["char_end"], "PLACE") for p in preds],
        [],
    )
    for t in art.toponyms:
        match = next((p for p in preds if p["char_start"] < t.end and p["char_end"] > t.start), None)
        ent = coords.get(match["entity_id"]) if match is not None and match["entity_id"] else None
        if details is not None:
            details.append(_detail(aid, art.text, t, match, ent))
        if match is None or t.lat is None:
            continue
        if ent is None or ent["lat"] is None:
            out.unresolved += 1
            continue
        out.errors.append(haversine_km(t.lat, t.lon, ent["lat"], ent["lon"]))
        gold_country = t.country or _nearest_country(t.lat, t.lon, points)
        if gold_country:
            out.country_total += 1
            out.country_hits += ent["country_iso3"] == gold_country
        if details is not None:
            details[-1].update(error_km=round(out.errors[-1], 1), gold_country=gold_country)
    return out


def _figures(articles: list[_Scored]) -> dict[str, Any]:
    """Detection (a prediction is right when it overlaps a gold toponym, one to one) and
    geocoding figures over some articles."""
    errors = [e for a in articles for e in a.errors]
    hits, total = sum(a.country_hits for a in articles), sum(a.country_total for a in articles)
    return {
        "articles": len(articles),
        "toponyms": sum(len(a.gold) for a in articles),
        "detection": _overlap_prf([g for a in articles for g in a.gold], [p for a in articles for p in a.pred]),
        "geocoded": len(errors),
        "unresolved_matches": sum(a.unresolved for a in articles),
        "country_accuracy": round(hits / total, 4) if total else None,
        "within_161km": round(sum(e <= 161 for e in errors) / len(errors), 4) if errors else None,
        "median_error_km": round(statistics.median(errors), 1) if errors else None,
    }


def _detail(aid: str, text: str, t: Toponym, match: dict | None, ent: dict | None) -> dict[str, Any]:
    """One gold toponym and what the pipeline made of it."""
    return {
        "article": aid,
        "gold_text": text[t.start : t.end],
        "gold_lat": t.lat,
        "gold_lon": t.lon,
        "found_text": match["surface"] if match else None,
        "label": match["label"] if match else None,
        "entity": ent["name"] if ent else None,
        "country_iso3": ent["country_iso3"] if ent else None,
        "geo_precision": ent.get("geo_precision") if ent else None,
        "lat": ent["lat"] if ent else None,
        "lon": ent["lon"] if ent else None,
        "error_km": None,
        "gold_country": t.country,
    }


def _overlap_prf(gold: list[tuple], pred: list[tuple]) -> dict[str, float]:
    by_doc: dict[str, list[tuple]] = {}
    for g in gold:
        by_doc.setdefault(g[0], []).append(g)
    used: set[tuple] = set()
    tp = 0
    for p in pred:
        hit = next((g for g in by_doc.get(p[0], []) if g not in used and g[1] < p[2] and g[2] > p[1]), None)
        if hit is not None:
            used.add(hit)
            tp += 1
    exact = span_prf(gold, pred)["overall"]
    precision = tp / len(pred) if pred else 0.0
    recall = tp / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "exact_f1": exact["f1"]}
