"""The mentions of one incident within one article: one unit before any clustering across articles.

The headline, the lede and the later sentences that tell an incident again, with or without a
date or a place of their own, join the first unit of the article they do not contradict
(another day, a place more than `max_km` away, days more than `ARTICLE_DAYS` apart, other
source countries); a mention of the other kind of armed violence joins only when it is bare
(no date and no place in its own clause: `Police responded to reports of shots fired`), since
a writer who names two violent acts with their own places or days tells two incidents.

A unit then stands as one row for all of its mentions (`unit_rows`): the lede often tells the
day and a later sentence (or the dateline) the town, and the unit carries both.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from transforms.event_triggers import VIOLENT_TYPES

# Types that the same incident is coded as by different reports.
FAMILY = dict.fromkeys(VIOLENT_TYPES, "violence")
EARTH_KM = 6371.0
# Within one article, the days two mentions of one incident may name apart: a story filed on
# Friday about a Wednesday-night shooting says `Wednesday`, `late Wednesday`, `Thursday` (the
# death in hospital) and `Friday` (the arrest) of one incident.
ARTICLE_DAYS = 3


def bare(e: dict) -> bool:
    """A mention with neither a date nor a place of its own sentence (`the shooting happened
    outside`, `police responded to reports of shots fired`): it tells again what came before."""
    return e["date_text"] is None and e["location_from"] != "sentence"


def same_incident(x: dict, y: dict, max_days: int, max_km: float, province_km: float) -> bool:
    """Whether two mentions of one article may tell one incident (see module): compatible types
    (the same, or both armed violence when one is bare or both use the same means), days at most
    `max_days` apart where both give one, places that do not contradict, agreeing sources."""
    if x["event_type"] != y["event_type"]:
        family = FAMILY.get(x["event_type"]) is not None and FAMILY.get(x["event_type"]) == FAMILY.get(y["event_type"])
        same_means = x["mode"] is not None and x["mode"] == y["mode"]
        if not (family and (bare(x) or bare(y) or same_means)):
            return False
    both_days = (
        bool(x["date_text"] and y["date_text"])
        and x["date_precision"] == y["date_precision"] == 1
        and None not in (x["event_date"], y["event_date"])
    )
    if both_days and abs((x["event_date"] - y["event_date"]).days) > max_days:
        return False
    both_placed = x["location_from"] == y["location_from"] == "sentence" and None not in (
        x["lat"],
        x["lon"],
        y["lat"],
        y["lon"],
    )
    if both_placed and 4 not in (x["geo_precision"], y["geo_precision"]):
        limit = province_km if 3 in (x["geo_precision"], y["geo_precision"]) else max_km
        if km_py(x["lat"], x["lon"], y["lat"], y["lon"]) > limit:
            return False
    sx, sy = set(x["source_countries"] or []), set(y["source_countries"] or [])
    return not (sx and sy and not sx & sy)


def km_py(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (the scalar twin of `_km`)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(a))


def unit_rows(rows: dict[str, dict], members: dict[str, list[str]]) -> list[dict]:
    """One row per unit, standing for all of its mentions: the day its earliest
    mention with a told day names, the place its earliest finely placed mention names (from
    its own sentence first), the source countries of any. The lede often dates the act and a
    later sentence places it (or the dateline does): the unit carries both."""
    out = []
    for n, (u, ids) in enumerate(members.items()):
        if len(ids) < 2:
            out.append({**rows[ids[0]], "event_id": u, "sent_idx": -1 - n})
            continue
        ms = sorted((rows[e] for e in ids), key=lambda r: (r["sent_idx"], r["event_id"]))
        told = next((r for r in ms if r["date_text"] and r["date_precision"] == 1 and r["event_date"]), None)
        placed = [r for r in ms if (r["geo_precision"] or 9) <= 2 and r["lat"] is not None]
        place = next((r for r in placed if r["location_from"] == "sentence"), placed[0] if placed else None)
        first = ms[0]
        dated = told or min((r for r in ms if r["event_date"]), key=lambda r: r["event_date"], default=first)
        where = place or first
        out.append(
            {
                **first,
                "event_id": u,
                "sent_idx": -1 - n,  # never one sentence with another unit
                "event_date": dated["event_date"],
                "date_precision": dated["date_precision"],
                "date_text": dated["date_text"],
                **{
                    k: where.get(k)
                    for k in ("lat", "lon", "geo_precision", "location_entity_id", "country_iso3", "location_text")
                },
                "source_countries": sorted({c for r in ms for c in (r["source_countries"] or [])}),
                **{k: sorted({v for r in ms for v in (r.get(k) or [])}) for k in ("people", "terms")},
                # the unit's toll: the highest any of its mentions gives (never a sum)
                **{k: max((r[k] for r in ms if r.get(k) is not None), default=None) for k in ("killed", "injured")},
            }
        )
    return out


def fits(members: list[dict], group: list[dict], max_days: int, max_km: float, province_km: float) -> bool:
    """Whether a unit may join a group of the article: it may tell the same incident as the
    group's first mention with a date or a place of its own (the lede, as a rule; a bare
    headline says too little to anchor on) and as at least half of the others. Half, not all:
    one misplaced namesake or misread day among ten mentions must not split a story."""

    def tells(y: dict) -> bool:
        return all(same_incident(x, y, max_days, max_km, province_km) for x in members)

    leader = next((y for y in group if not bare(y)), group[0])
    rest = [y for y in group if y is not leader]
    return tells(leader) and 2 * sum(tells(y) for y in rest) >= len(rest)


def join_article_units(
    rows: dict[str, dict],
    root: Callable[[str], str],
    union: Callable[[str, str], None],
    max_days: int,
    max_km: float,
    province_km: float,
) -> None:
    """Within each article, merge the units that tell one incident (see `cluster_events`)."""
    by_article: dict[str, dict[str, list[dict]]] = {}
    for e, r in rows.items():
        if not (r["negated"] or r["hypothetical"] or r["background"]):
            by_article.setdefault(r["article_id"], {}).setdefault(root(e), []).append(r)
    for units in by_article.values():
        # in sentence order, and each unit's mentions in order, so that the anchor (and with it
        # every id) does not depend on the order the rows came in
        ordered = sorted(
            (sorted(us, key=lambda r: (r["sent_idx"], r["event_id"])) for us in units.values()),
            key=lambda us: (us[0]["sent_idx"], us[0]["event_id"]),
        )
        groups: list[list[dict]] = []
        for members in ordered:
            home = next((g for g in groups if fits(members, g, max_days, max_km, province_km)), None)
            if home is None:
                groups.append(list(members))
            else:
                union(home[0]["event_id"], members[0]["event_id"])
                home.extend(members)
