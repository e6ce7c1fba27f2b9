"""Joins held a slice at a time give the rows one join gives (`transforms.pair_joins`)."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from transforms.pair_joins import in_day_buckets, sliced_join, slices


def _reports(n: int) -> pl.DataFrame:
    """n reports over a few countries and days, some countries far busier than others."""
    countries = ["USA", "USA", "USA", "IND", "NGA", None]
    return pl.DataFrame(
        {
            "event_id": [f"e{i:04d}" for i in range(n)],
            "country_iso3": [countries[i % len(countries)] for i in range(n)],
            "event_date": [date(2024, 3, 1) + timedelta(days=(i * 7) % 11) for i in range(n)],
        }
    )


def _near_pairs(pairs: pl.LazyFrame) -> pl.LazyFrame:
    return pairs.filter(pl.col("event_id") < pl.col("event_id_right")).select("event_id", "event_id_right")


def test_sliced_join_gives_the_rows_of_one_join() -> None:
    e = _reports(300)
    right = in_day_buckets(e, pl.int_ranges(-1, 2))
    keys = (["country_iso3", "event_date"], ["country_iso3", "bucket"])
    whole = _near_pairs(e.lazy().join(right.lazy(), left_on=keys[0], right_on=keys[1])).collect()
    assert whole.height > 1000  # enough rows for many slices
    for budget in (1, 50, 1000, 10**9):
        got = sliced_join(e, right, *keys, _near_pairs, budget=budget)
        assert got.sort(got.columns).equals(whole.sort(whole.columns))


def test_slices_hold_the_budget_and_every_row_once() -> None:
    e = _reports(300)
    right = in_day_buckets(e, pl.int_ranges(-1, 2))
    parts = slices(e, right, ["country_iso3", "event_date"], ["country_iso3", "bucket"], budget=200)
    assert len(parts) > 5
    assert pl.concat(parts).equals(e)  # in order, none lost, none twice
    counts = right.group_by("country_iso3", "bucket").len()
    for part in parts:
        met = part.join(
            counts,
            left_on=["country_iso3", "event_date"],
            right_on=["country_iso3", "bucket"],
            how="left",
            maintain_order="left",
        )["len"].fill_null(0)
        # the budget, and at most the meets of the slice's last row past it
        assert met.sum() - met[-1] <= 200


def test_an_empty_side_gives_an_empty_frame_of_the_pairs_shape() -> None:
    e = _reports(20)
    got = sliced_join(e.clear(), e, ["country_iso3"], ["country_iso3"], _near_pairs)
    assert got.height == 0 and got.columns == ["event_id", "event_id_right"]
    got = sliced_join(e, e.clear(), ["country_iso3"], ["country_iso3"], _near_pairs, budget=5)
    assert got.height == 0 and got.columns == ["event_id", "event_id_right"]
