"""Which two reports tell one incident: the links clustering is built from (`clusters`).

Reports of one incident rarely agree to the letter: one article dates a shooting to Sunday
night, another filed after midnight to Monday; one places it in a neighbourhood, another in
the city; one names the gunman's group, another no one. Two events are linked when

- their types are compatible (the same PLOVER type, or both armed violence: ASSAULT and FIGHT
  are how two reporters code the same shooting or strike),
- both carry a date at most `max_days` apart: a day-precise one, or the publication date that
  stands in when the text gives none (week precision), which gets a day more of slack,
- they happened at the same place: two towns or districts within `max_km` of each other, the
  same place entity, or one town's name told in both (whichever namesake each article's
  geocoding chose, in whichever country: `Salisbury` read as North Carolina's in one report
  and as Harare's colonial name in another); a province or a country matches only itself, and
  a report without a place links no other article's (a shooting somewhere in a state that day
  is no evidence of the same shooting),
- at least one of the two names the day (two stories that only carry their publication dates
  say nothing of when it happened),
- their source countries do not contradict each other (one side names none, or they share one),
- neither is negated nor hypothetical (a denial or a threat is not the act itself);

or when both tell one high death toll (`HIGH_TOLL` or more killed, the same within a tenth) at
places one of which holds the other, a day apart or, where one tells no day, `HIGH_TOLL_DAYS`.
A report that tells no day and links to no cluster joins the one cluster told at its town in
the `LATE_DAYS` before it, or reported there without a day on its day or the day before (a
follow-up filed days later carries only its publication date); where two incidents there fit,
it stays apart, but a report filed the same day without a day is a peer, not an incident that
competes with an earlier one. Two articles that name one person (`people_pairs`), or share
`TERMS_LEAST` rare names (`terms_pairs`), tell one incident up to `PEOPLE_DAYS` apart.
"""

from __future__ import annotations

import polars as pl

from transforms.cluster_units import EARTH_KM, FAMILY
from transforms.pair_joins import in_day_buckets, sliced_join

CLUSTER_INPUT = {
    "event_id": pl.String,
    "article_id": pl.String,
    "sent_idx": pl.Int32,
    "event_type": pl.String,
    "event_date": pl.Date,
    "date_precision": pl.Int32,
    "lat": pl.Float64,
    "lon": pl.Float64,
    "geo_precision": pl.Int32,
    "location_entity_id": pl.String,
    "country_iso3": pl.String,
    "negated": pl.Boolean,
    "hypothetical": pl.Boolean,
    "source_countries": pl.List(pl.String),
    "date_text": pl.String,
    "location_from": pl.String,
    "background": pl.Boolean,
    "mode": pl.String,
    "killed": pl.Int32,
    "injured": pl.Int32,
    "location_text": pl.String,
    # the people named by their full names among its actors (entity ids; officials left out)
    "people": pl.List(pl.String),
    # its article's rare names (`transforms.article_terms`)
    "terms": pl.List(pl.String),
}
# A death toll this high is rare enough to tell one incident by: two reports of it a day apart
# in one country are one incident though one places it in a town and the other in its state.
HIGH_TOLL = 5
# Reports of such a toll at one place this many days apart are one incident, whatever days they
# tell: a mass shooting is retold for months, and a day read off a later report (`Sunday`, the
# vigil's) is often not the act's.
HIGH_TOLL_DAYS = 120

# A report that tells no day of its act (its publication date stands in) may be filed this many
# days after the act; it joins the one cluster told at its place in that window (`late_pairs`).
LATE_DAYS = 7

# Two reports that name one person (a victim, a suspect) by full name in an act of one kind at one
# place tell one incident this many days apart: a follow-up (an arrest, a charge, a funeral) comes
# weeks later and tells no day of the act, and the names are what tie it to its incident.
PEOPLE_DAYS = 60
# The acts a person's name ties: a victim is shot, a suspect arrested, once; a person who speaks,
# meets or protests does so again and again, each time another event.
PEOPLE_TYPES = frozenset({*FAMILY, "COERCE"})
# Two articles that share this many rare names (`transforms.article_terms`: surnames, streets,
# businesses) tie as one person does, over the same days and kinds of act: reports of different
# incidents in one town share one such word now and then, three almost never (chosen on the
# tuning part of the GVA set: two linked more incidents, but 0.070 of the clusters spanned two
# incidents; four linked fewer).
TERMS_LEAST = 3

# A province's point stands for the places this far around it.
PROVINCE_KM = 300.0
# ... and a county's or a district's (`Harris County` and `Crosby`, a town inside it, tell one
# place). Chosen on the GVA tuning part against 60 km, which joined a few more incidents but
# brought the clusters spanning two incidents to the edge of the 5 % the issue allows.
COUNTY_KM = 40.0


def candidate_window() -> dict[str, int]:
    """How far from a newly loaded event the clusters it may change reach, for the warehouse's
    incremental reclustering (`sql/cluster/10_candidates.sql`): the days a late report, a high
    toll and a named person link over, each with the two days a cluster's first event may lie
    from the linked one. A batch loaded weeks after its incident must cluster as if loaded with it."""
    return {
        "near_days": LATE_DAYS + 2,
        "toll_days": HIGH_TOLL_DAYS + 2,
        "high_toll": HIGH_TOLL,
        "people_days": PEOPLE_DAYS + 2,
    }


def _km(lat1: pl.Expr, lon1: pl.Expr, lat2: pl.Expr, lon2: pl.Expr) -> pl.Expr:
    """Great-circle distance (haversine) between two points in degrees."""
    p1, p2 = lat1.radians(), lat2.radians()
    dlat, dlon = p2 - p1, (lon2 - lon1).radians()
    a = (dlat / 2).sin() ** 2 + p1.cos() * p2.cos() * (dlon / 2).sin() ** 2
    return 2 * EARTH_KM * a.sqrt().arcsin()


def eligible() -> pl.Expr:
    """Events that may join others: asserted, neither denied nor hypothetical nor background."""
    return (
        ~pl.col("negated").fill_null(False)
        & ~pl.col("hypothetical").fill_null(False)
        & ~pl.col("background").fill_null(False)
    )


def link_pairs(
    events: pl.DataFrame, max_days: int = 1, max_km: float = 25.0, province_km: float = PROVINCE_KM
) -> pl.DataFrame:
    """(left, right) event ids of every two events of different articles that report the same
    incident, and of two codings of one sentence (see module)."""
    e = _linkable(events).filter(pl.col("date_precision").fill_null(1) <= 2)
    # each event stands in every day bucket it may match, so the join only meets near dates; the
    # pairs are filtered a slice at a time (`pair_joins`): a night of a busy country's events
    # meets itself a million times
    right = in_day_buckets(e, pl.int_ranges(-max_days - 1, max_days + 2))
    same_sentence = (pl.col("article_id") == pl.col("article_id_right")) & (
        pl.col("sent_idx") == pl.col("sent_idx_right")
    )
    # across articles: one told place, agreeing sources, and a day at least one of them names
    across = (
        (pl.col("article_id") != pl.col("article_id_right"))
        & sources_agree()
        & ((_same_place_across(max_km) & _told_day()) | (_same_high_toll() & same_place(max_km, province_km)))
    )

    def keep(pairs: pl.LazyFrame) -> pl.LazyFrame:
        return (
            pairs.filter((pl.col("event_id") < pl.col("event_id_right")) & _within_days(max_days))
            .with_columns(pl.col("source_countries", "source_countries_right").fill_null([]))
            .filter(same_sentence | across)
            .select(pl.col("event_id").alias("left"), pl.col("event_id_right").alias("right"))
        )

    near = sliced_join(e, right, ["family", "country_iso3", "event_date"], ["family", "country_iso3", "bucket"], keep)
    return pl.concat([near, _high_toll_pairs(e, max_km, province_km), _namesake_pairs(e, max_days)]).unique()


def _namesake_pairs(e: pl.DataFrame, max_days: int) -> pl.DataFrame:
    """(left, right) of two reports from different articles that tell one town's name on a day
    at least one names, which their geocoding read as namesakes in two countries (`Salisbury`:
    North Carolina in one, Harare's colonial name in the other): one town, one doubt."""
    fine = pl.col("geo_precision").fill_null(9) <= 2
    named = e.filter(fine & pl.col("location_text").is_not_null()).with_columns(
        _place_name("location_text").alias("town")
    )
    right = in_day_buckets(named, pl.int_ranges(-max_days - 1, max_days + 2))

    def keep(pairs: pl.LazyFrame) -> pl.LazyFrame:  # a common town's name meets itself in every country
        return (
            pairs.filter(
                (pl.col("event_id") < pl.col("event_id_right"))
                & (pl.col("article_id") != pl.col("article_id_right"))
                & (pl.col("country_iso3") != pl.col("country_iso3_right"))
                & _within_days(max_days)
                & _told_day()
            )
            .with_columns(pl.col("source_countries", "source_countries_right").fill_null([]))
            .filter(sources_agree())
            .select(pl.col("event_id").alias("left"), pl.col("event_id_right").alias("right"))
        )

    return sliced_join(named, right, ["family", "town", "event_date"], ["family", "town", "bucket"], keep)


def _within_days(max_days: int) -> pl.Expr:
    """Over a pair: the dates at most `max_days` apart, a day more where either is of week
    precision (the publication date standing in for an untold day)."""
    slack = pl.lit(max_days) + ((pl.col("date_precision") == 2) | (pl.col("date_precision_right") == 2)).cast(pl.Int32)
    return (pl.col("event_date") - pl.col("event_date_right")).dt.total_days().abs() <= slack


def _told_day() -> pl.Expr:
    """Over a pair: at least one of them names the day (two stories that only carry their
    publication dates say nothing of when it happened)."""
    return pl.col("date_text").is_not_null() | pl.col("date_text_right").is_not_null()


def _high_toll_pairs(e: pl.DataFrame, max_km: float, province_km: float) -> pl.DataFrame:
    """(left, right) of two reports from different articles of one high toll (`_same_high_toll`)
    at one place up to `HIGH_TOLL_DAYS` apart, told days or not: a mass shooting is retold for
    months, a report carrying its publication date or a later day (the vigil's, the funeral's)
    as the act's."""
    high = e.filter(pl.col("killed").fill_null(0) >= HIGH_TOLL)
    if high.height < 2:
        return pl.DataFrame(schema={"left": pl.String, "right": pl.String})
    days = (pl.col("event_date") - pl.col("event_date_right")).dt.total_days().abs()

    def keep(pairs: pl.LazyFrame) -> pl.LazyFrame:
        return (
            pairs.filter(pl.col("event_id") < pl.col("event_id_right"))
            .filter(pl.col("article_id") != pl.col("article_id_right"))
            .with_columns(pl.col("source_countries", "source_countries_right").fill_null([]))
            .filter((days <= HIGH_TOLL_DAYS) & _same_high_toll())
            .filter(same_place(max_km, province_km) & sources_agree())
            .select(pl.col("event_id").alias("left"), pl.col("event_id_right").alias("right"))
        )

    return sliced_join(high, high, ["family", "country_iso3"], ["family", "country_iso3"], keep)


def late_pairs(units: pl.DataFrame, max_km: float, days: int = LATE_DAYS) -> list[tuple[str, str]]:
    """(undated, other) unit ids: a unit of one article that tells no day (its publication date
    stands in) and one of another article that tells its day at most `days` before, or tells
    none either and was filed that day or the day before, at one town (`_same_place_across`),
    by agreeing sources, with tolls that do not contradict. A follow-up filed days later
    (`Police have arrested a man in the shooting of ...`) carries only its publication date:
    what ties it to its incident is the place and the days before."""
    e = _linkable(units)
    undated = e.filter(pl.col("date_text").is_null())
    # each other unit stands in the day buckets an undated report of it may be filed on
    told = in_day_buckets(
        e.filter((pl.col("date_text").is_not_null() & (pl.col("date_precision") == 1)) | pl.col("date_text").is_null()),
        pl.when(pl.col("date_text").is_null()).then(pl.int_ranges(0, 2)).otherwise(pl.int_ranges(0, days + 1)),
    )
    if undated.height == 0 or told.height == 0:
        return []

    def keep(pairs: pl.LazyFrame) -> pl.LazyFrame:
        return (
            pairs.filter(pl.col("article_id") != pl.col("article_id_right"))
            .with_columns(pl.col("source_countries", "source_countries_right").fill_null([]))
            .filter(_same_place_across(max_km) & sources_agree() & _tolls_agree())
            .select("event_id", "event_id_right")
        )

    keys = ["family", "country_iso3"]
    return sliced_join(undated, told, [*keys, "event_date"], [*keys, "bucket"], keep).unique().rows()


def people_pairs(units: pl.DataFrame, max_km: float, days: int = PEOPLE_DAYS) -> list[tuple[str, str]]:
    """(left, right) unit ids of two articles that name one person (`people`) in violent acts
    or in arrests (`PEOPLE_TYPES`), of one kind, at most `days` apart, in one country and at one
    place, or with one of them placed nowhere (a charge weeks later names the victim and not the
    town), by agreeing sources, with tolls that do not contradict."""
    return _sharing_pairs(units, "people", 1, max_km, days)


def terms_pairs(units: pl.DataFrame, max_km: float, days: int = PEOPLE_DAYS) -> list[tuple[str, str]]:
    """(left, right) unit ids of two articles that share `TERMS_LEAST` rare names (`terms`), on
    the terms `people_pairs` links one person's name on: a follow-up tells the surnames and the
    street of its incident, often without a full name the model tags as a person."""
    return _sharing_pairs(units, "terms", TERMS_LEAST, max_km, days)


def _sharing_pairs(units: pl.DataFrame, column: str, least: int, max_km: float, days: int) -> list[tuple[str, str]]:
    """(left, right) unit ids of two articles whose `column` lists share `least` values, in
    violent acts or arrests of one kind, at most `days` apart, in one country, at one place or
    with one of them placed nowhere, by agreeing sources, with tolls that do not contradict."""
    e = (
        with_defaults(units)
        .select(list(CLUSTER_INPUT))
        .filter(
            pl.col("event_type").is_in(list(PEOPLE_TYPES))
            & pl.col("event_date").is_not_null()
            & (pl.col(column).list.len() > 0)
            & eligible()
        )
        .with_columns(pl.col("event_type").replace(FAMILY).alias("family"))
    )
    if e.height < 2:
        return []
    named = e.explode(column).rename({column: "shared_value"})
    unplaced = [pl.col(f"lat{s}").is_null() & pl.col(f"location_entity_id{s}").is_null() for s in ("", "_right")]
    country = pl.col("country_iso3").is_null() | pl.col("country_iso3_right").is_null()
    country = country | (pl.col("country_iso3") == pl.col("country_iso3_right"))
    place = country & (unplaced[0] | unplaced[1] | same_place(max_km))
    shared = (
        named.join(named, on=["shared_value", "family"])
        .filter(pl.col("article_id") < pl.col("article_id_right"))
        .filter((pl.col("event_date") - pl.col("event_date_right")).dt.total_days().abs() <= days)
    )
    if least > 1:
        counts = shared.group_by("event_id", "event_id_right").agg(pl.len().alias("n"))
        shared = shared.join(counts.filter(pl.col("n") >= least), on=["event_id", "event_id_right"])
    return (
        shared.with_columns(pl.col("source_countries", "source_countries_right").fill_null([]))
        .filter(place & sources_agree() & _tolls_agree())
        .select("event_id", "event_id_right")
        .unique()
        .rows()
    )


def _linkable(events: pl.DataFrame) -> pl.DataFrame:
    """The events (or units) that may link: dated, placed in a country, `eligible`, with the
    family their type is coded in; without the names their articles tell (`people`, `terms`:
    lists, most of a row's bytes, which only `_sharing_pairs` reads)."""
    return (
        with_defaults(events)
        .select(pl.col(list(CLUSTER_INPUT)).exclude("people", "terms"))
        .filter(pl.col("event_date").is_not_null() & pl.col("country_iso3").is_not_null() & eligible())
        .with_columns(pl.col("event_type").replace(FAMILY).alias("family"))
    )


def with_defaults(events: pl.DataFrame) -> pl.DataFrame:
    """The frame with the optional clustering columns (`date_text`, `location_from`,
    `background`) added as nulls where a caller has none."""
    missing = [pl.lit(None, dtype=t).alias(c) for c, t in CLUSTER_INPUT.items() if c not in events.columns]
    return events.with_columns(missing) if missing else events


def same_place(max_km: float, province_km: float = PROVINCE_KM) -> pl.Expr:
    """Over a pair (`x` and `x_right` columns): the places are one (see module)."""
    both_coords = pl.all_horizontal(pl.col("lat", "lon", "lat_right", "lon_right").is_not_null())
    km = _km(pl.col("lat"), pl.col("lon"), pl.col("lat_right"), pl.col("lon_right"))
    country = (pl.col("geo_precision") >= 4) | (pl.col("geo_precision_right") >= 4)
    province = (pl.col("geo_precision") == 3) | (pl.col("geo_precision_right") == 3)
    return (
        pl.when(country)
        .then(pl.lit(True))  # `in Syria` holds any place of the country joined on
        .when(both_coords & province)
        .then(km <= province_km)  # `in Massachusetts` holds the towns around its point
        .when(both_coords)
        .then(km <= max_km)
        .when(pl.col("location_entity_id").is_not_null() & pl.col("location_entity_id_right").is_not_null())
        .then(pl.col("location_entity_id") == pl.col("location_entity_id_right"))
        .otherwise(pl.lit(False))
    )


def _same_place_across(max_km: float) -> pl.Expr:
    """Over a pair of reports from two articles: one place, told precisely enough to tell two
    incidents apart. Two towns within `max_km` (a county and a town within `COUNTY_KM`), or one
    place entity; a province or a country only matches itself (`in Illinois` names no town,
    and a shooting somewhere in a state that day is no evidence of the same shooting), and a
    report without a place matches none."""
    both_coords = pl.all_horizontal(pl.col("lat", "lon", "lat_right", "lon_right").is_not_null())
    km = _km(pl.col("lat"), pl.col("lon"), pl.col("lat_right"), pl.col("lon_right"))
    fine = (pl.col("geo_precision").fill_null(9) <= 2) & (pl.col("geo_precision_right").fill_null(9) <= 2)
    same_entity = pl.col("location_entity_id").is_not_null() & (
        pl.col("location_entity_id") == pl.col("location_entity_id_right")
    )
    # `Knoxville` in both: two articles that read one town's name as two namesakes (Tennessee in
    # one, Pennsylvania in the other) still name one place; the geocoder's doubt is no evidence
    same_name = fine & (_place_name("location_text") == _place_name("location_text_right"))
    county = (pl.col("geo_precision") == 2) | (pl.col("geo_precision_right") == 2)
    near = km <= pl.when(county).then(pl.lit(max(max_km, COUNTY_KM))).otherwise(pl.lit(max_km))
    return same_entity | same_name | (fine & both_coords & near)


def _place_name(column: str) -> pl.Expr:
    """A place's name as told, folded: case, a possessive and surrounding space dropped."""
    return pl.col(column).str.to_lowercase().str.replace(r"['’]s$", "").str.strip_chars()


def _same_high_toll() -> pl.Expr:
    """Over a pair: both tell a death toll of `HIGH_TOLL` or more, the same within a tenth (`49
    killed` and `50 dead` once the gunman is counted): a mass shooting or a bombing on one day in
    one country is one incident, told at whatever precision of place each report gives."""
    k, kr = pl.col("killed").fill_null(0), pl.col("killed_right").fill_null(0)
    return (k >= HIGH_TOLL) & (kr >= HIGH_TOLL) & ((k - kr).abs() <= (pl.max_horizontal(k, kr) / 10).ceil())


def _tolls_agree() -> pl.Expr:
    """Over a pair: the killed and the injured do not contradict (one of them untold, or equal)."""
    return pl.all_horizontal(
        pl.col(k).is_null() | pl.col(f"{k}_right").is_null() | (pl.col(k) == pl.col(f"{k}_right"))
        for k in ("killed", "injured")
    )


def sources_agree() -> pl.Expr:
    """Over a pair: one names no source country, or they share one."""
    return (
        (pl.col("source_countries").list.len() == 0)
        | (pl.col("source_countries_right").list.len() == 0)
        | (pl.col("source_countries").list.set_intersection("source_countries_right").list.len() > 0)
    )
