"""Which events are one real-world event: cross-article (and cross-sentence) clustering.

Reports of one incident rarely agree to the letter; which two reports (or two codings of one
sentence) tell one incident is `cluster_links`: compatible types, near days, one place,
agreeing sources, a high toll, a person both name (`people_of`: a victim, a suspect), three
rare names both tell (`transforms.article_terms`: surnames, streets, businesses), or a late
report's one incident at its town.

Within one article the mentions of one incident are one unit first (`cluster_units`). Units
then cluster across articles: each cluster grows around its earliest unit, and a later unit
joins when one of its events, or the unit as a whole (its told day and its finest place), is
linked to one of that first unit's, or to more than half of the cluster's units, so a series of
shootings a day apart in one city stays a series of clusters.
The id derives from the first unit's first event id, so the same events always give the same
ids, whatever order they were loaded in.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from transforms.actor_reading import DICTIONARY_REASON
from transforms.article_terms import TERM_SCHEMA, terms_of
from transforms.cluster_links import (
    CLUSTER_INPUT,
    PROVINCE_KM,
    late_pairs,
    link_pairs,
    people_pairs,
    same_place,
    sources_agree,
    terms_pairs,
    with_defaults,
)
from transforms.cluster_units import ARTICLE_DAYS, join_article_units, unit_rows
from transforms.ids import stable_id

__all__ = ["CLUSTER_INPUT", "borrow_dates", "cluster_events", "people_of", "source_countries", "with_clusters"]


# How far an act of another time lends its date (see `borrow_dates`).
NEAR_SENTENCES = 3


def borrow_dates(events: pl.DataFrame, max_km: float = 25.0) -> pl.DataFrame:
    """Dates for the events whose sentence gives none (`date_text` null: the publication date
    stands in) from the nearest sentence of the same article that tells an act of the same type,
    at the same place, by agreeing sources, with a day-precise date: `Gunmen shot five people
    on Sunday. ... The shooting happened outside a bar.` dates the second to Sunday too. An act
    the article dates to another time (`background`) lends its date only within
    `NEAR_SENTENCES`: a follow-up's `the March 9 ambush` dates the wounded of the next sentence,
    a lifespan told pages later dates nothing. `events` needs `source_countries`; the rest of
    its columns pass through."""
    # an act of another time keeps its date, and lends it only near (below)
    old = pl.col("background").fill_null(False) if "background" in events.columns else pl.lit(False)
    undated = pl.col("date_text").is_null() & ~pl.col("negated") & ~pl.col("hypothetical") & ~old
    donors = events.filter(
        pl.col("date_text").is_not_null()
        & (pl.col("date_precision") == 1)
        & ~pl.col("negated")
        & ~pl.col("hypothetical")
    ).select(
        old.alias("old"),
        "article_id",
        "event_type",
        "sent_idx",
        "event_date",
        "date_precision",
        "date_text",
        "lat",
        "lon",
        "geo_precision",
        "location_entity_id",
        "source_countries",
    )
    if donors.height == 0:
        return events
    place = pl.col("location_entity_id").is_null() | same_place(max_km)
    apart = (pl.col("sent_idx") - pl.col("sent_idx_right")).abs()
    borrowed = (
        events.filter(undated)
        .select(
            "event_id",
            "article_id",
            "event_type",
            "sent_idx",
            "lat",
            "lon",
            "geo_precision",
            "location_entity_id",
            "source_countries",
        )
        .join(donors, on=["article_id", "event_type"], suffix="_right")
        .with_columns(pl.col("source_countries", "source_countries_right").fill_null([]))
        # an act of another time lends its date only to the sentences around it: a follow-up's
        # `the March 9 ambush ... Two others were wounded`, not a lifespan told pages later
        .filter(place & sources_agree() & (~pl.col("old") | (apart <= NEAR_SENTENCES)))
        .sort("event_id", apart, "sent_idx_right")
        .unique("event_id", keep="first")
        .select("event_id", "event_date", "date_precision", "date_text")
    )
    return events.update(borrowed, on="event_id")


def cluster_events(
    events: pl.DataFrame, max_days: int = 1, max_km: float = 25.0, province_km: float = PROVINCE_KM
) -> pl.DataFrame:
    """event_id -> cluster_id for every event given. First the units: the codings of one
    sentence that link (`an airstrike ... killed 12`: FIGHT and ASSAULT), then within each
    article the mentions of one incident, each unit (in sentence order) joining the first
    earlier one all of whose events it may tell (`_same_incident`). Units are then taken in date
    order (then id), and each joins the earliest cluster whose first unit it is linked to
    (`link_pairs`, by any of their events; one that shares an event type first), or starts a
    cluster of its own. Comparing with the
    first unit, not with any member, keeps a city's shootings on successive days from chaining
    into one cluster."""
    events = with_defaults(events)
    rows = {
        r["event_id"]: r
        for r in events.select(list(CLUSTER_INPUT)).unique("event_id", maintain_order=True).iter_rows(named=True)
    }
    pairs = link_pairs(events, max_days, max_km, province_km).rows()
    unit = {e: e for e in rows}

    def root(e: str) -> str:
        while unit[e] != e:
            unit[e] = unit[unit[e]]
            e = unit[e]
        return e

    def union(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        unit[max(ra, rb)] = min(ra, rb)

    for a, b in pairs:
        if (rows[a]["article_id"], rows[a]["sent_idx"]) == (rows[b]["article_id"], rows[b]["sent_idx"]):
            union(a, b)
    join_article_units(rows, root, union, ARTICLE_DAYS, max_km, province_km)
    members: dict[str, list[str]] = {}
    for e in rows:
        members.setdefault(root(e), []).append(e)
    neighbours: dict[str, set[str]] = {}
    # and the units as wholes: one may tell the day in its lede and the town further down
    units = pl.DataFrame(unit_rows(rows, members), schema=CLUSTER_INPUT)
    pairs = pairs + link_pairs(units, max_days, max_km, province_km).rows()
    pairs += people_pairs(units, max_km) + terms_pairs(units, max_km)
    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            neighbours.setdefault(ra, set()).add(rb)
            neighbours.setdefault(rb, set()).add(ra)

    # each unit's first date (date.max where it has none): the order units are taken in
    day = {
        u: min((rows[e]["event_date"] for e in ids if rows[e]["event_date"] is not None), default=date.max)
        for u, ids in members.items()
    }

    def gap(a: str, b: str) -> int:
        """Days between two units' first dates (none where either has no date)."""
        return abs((day[a] - day[b]).days) if date.max not in (day[a], day[b]) else 0

    order = sorted(members, key=lambda u: (day[u], u))
    rank = {u: n for n, u in enumerate(order)}
    types = {u: {rows[e]["event_type"] for e in members[u]} for u in members}
    first_of: dict[str, str] = {}
    units_of: dict[str, list[str]] = {}

    def may_join(lead: str, linked: set[str]) -> bool:
        """A cluster a unit may join: linked to its first unit, or to more than half of its
        units (a report may name the town the first report did not, and still agree with most)."""
        return lead in linked or 2 * sum(m in linked for m in units_of[lead]) > len(units_of[lead])

    for u in order:
        linked = neighbours.get(u, set())
        options = [lead for lead in {first_of[n] for n in linked if n in first_of} if may_join(lead, linked)]
        # one that codes the act alike first, then the one nearest its day, then the earliest
        first_of[u] = min(options, key=lambda n: (not types[n] & types[u], gap(n, u), rank[n])) if options else u
        units_of.setdefault(first_of[u], []).append(u)
    # a report that tells no day and joined none joins the one cluster at its place in the days
    # before it (`late_pairs`); where two incidents there fit, it cannot tell which and stays apart
    # (a report filed its own day without a day is a peer that will join too, not a rival)
    late: dict[str, set[str]] = {}
    for u, told in late_pairs(units, max_km):
        late.setdefault(u, set()).add(told)
    for u in sorted(late, key=lambda u: rank[u]):
        leads = {first_of[t] for t in late[u]} - {u}
        if len(leads) > 1:  # the reports of the days before it outrank those filed the same day
            leads = {lead for lead in leads if day[lead] < day[u]}
        if len(leads) != 1 or units_of.get(u) != [u]:
            continue
        (lead,) = leads
        if may_join(lead, late[u]):
            first_of[u] = lead
            units_of[lead].append(u)
            del units_of[u]
    ids = list(rows)
    return pl.DataFrame(
        {"event_id": ids, "cluster_id": [stable_id("cluster", first_of[root(e)]) for e in ids]},
        schema={"event_id": pl.String, "cluster_id": pl.String},
    )


def source_countries(actors: pl.DataFrame, code: pl.Expr | None = None) -> pl.DataFrame:
    """event_id -> the distinct countries (or `code`s) of its source actors (events without any
    are absent): those the text or our seeds gave; one with a `code_reason` (inferred from the
    article's home, or read in the field's dictionary: `actor_reading`) is no evidence of who acted."""
    code = pl.col("country_iso3") if code is None else code
    told = pl.col("code_reason").is_null() if "code_reason" in actors.columns else pl.lit(True)
    return (
        actors.filter((pl.col("role") == "source") & told)
        .group_by("event_id")
        .agg(code.drop_nulls().unique().sort().alias("source_countries"))
        .filter(pl.col("source_countries").list.len() > 0)
    )


def people_of(events: pl.DataFrame, actors: pl.DataFrame, entities: pl.DataFrame) -> pl.DataFrame:
    """event_id -> the people its article names by full name among the actors of any of its
    events (entity ids, sorted): a follow-up names the victim or the suspect beside the arrest,
    not beside the shooting it retells. Officials (a person with a sector: a police chief, a
    spokesman) speak of many incidents and are left out; so is a surname told alone. A sector
    the field's dictionary gave a name (`actor_reading.DICTIONARY_REASON`) makes no official: a
    private person may share a listed politician's name."""
    from_dictionary = pl.col("code_reason").str.starts_with(DICTIONARY_REASON).fill_null(False)
    unofficial = pl.col("sector").is_null() | (from_dictionary if "code_reason" in entities.columns else pl.lit(False))
    named = entities.filter((pl.col("kind") == "person") & unofficial & pl.col("name").str.contains(" ")).select(
        "entity_id"
    )
    per_article = (
        actors.join(named, on="entity_id")
        .join(events.select("event_id", "article_id"), on="event_id")
        .group_by("article_id")
        .agg(pl.col("entity_id").unique().sort().alias("people"))
    )
    return events.select("event_id", "article_id").join(per_article, on="article_id").select("event_id", "people")


def with_clusters(
    events: pl.DataFrame,
    actors: pl.DataFrame,
    entities: pl.DataFrame,
    terms: pl.DataFrame | None = None,
    max_days: int = 1,
    max_km: float = 25.0,
) -> pl.DataFrame:
    """`events` with dates borrowed within each article (`borrow_dates`) and `cluster_id` set by
    `cluster_events`, source countries read from `actors`, the people each article names from
    `actors` and `entities`, its rare names from `terms` (`transforms.article_terms`)."""
    if events.height == 0:
        return events
    sources = source_countries(actors)
    ready = borrow_dates(
        events.join(sources, on="event_id", how="left")
        .join(people_of(events, actors, entities), on="event_id", how="left")
        .join(terms_of(events, terms if terms is not None else pl.DataFrame(schema=TERM_SCHEMA)), on="event_id")
        .with_columns(pl.col("source_countries").fill_null(pl.lit([], dtype=pl.List(pl.String)))),
        max_km,
    )
    clusters = cluster_events(ready, max_days, max_km)
    return ready.drop("cluster_id").join(clusters, on="event_id", how="left").select(events.columns)
