"""Joins of reports with the reports near them, held a slice at a time.

Clustering compares every two reports of one kind in one country on near days (`cluster_links`).
A busy country's night meets itself a million times: held at once, with every column of both
sides, those joined rows set the writer's peak memory, and they grow with the square of the
reports a day. Here the left side is cut into slices whose joined rows stay under a budget
(counted before joining, from the keys alone); each slice is joined, filtered down to the few
pairs that link, and dropped. The result is the same as one join's; the memory is a slice's, set
by the budget, not by how many reports the reclustered days hold.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

# Joined rows held at once: a slice of some 40 MB of pair rows (the columns the links read, of
# both sides), a small share of the writer's memory; measured on the reclustering of one batch at
# 100,000 articles (2.4 million joined rows): 250,000 held 84 MB, 100,000 58 MB, 50,000 49 MB
# at twice the time.
JOIN_ROWS = 100_000


def in_day_buckets(frame: pl.DataFrame, offsets: pl.Expr) -> pl.DataFrame:
    """One row per day a row stands in (`bucket`: its date plus each of its `offsets`), so that
    an equi-join on the bucket meets only the dates near it."""
    return (
        frame.with_columns(offsets.alias("offset"))
        .explode("offset")
        .with_columns((pl.col("event_date") + pl.duration(days=pl.col("offset"))).alias("bucket"))
        .drop("offset")
    )


def slices(
    left: pl.DataFrame, right: pl.DataFrame, left_on: list[str], right_on: list[str], budget: int
) -> list[pl.DataFrame]:
    """`left` cut, in its order, into slices whose rows meet about `budget` rows of `right` on the
    keys (a slice starts where the rows before it met a multiple of the budget, so a slice holds
    at most the budget and its last row's); at least one slice."""
    if left.height * right.height <= budget:
        return [left]  # even every row meeting every other stays under it: no counting needed
    meets = right.group_by(right_on).agg(pl.len().alias("meets"))
    counted = left.select(left_on).join(meets, left_on=left_on, right_on=right_on, how="left", maintain_order="left")
    per_row = counted["meets"].fill_null(0).cast(pl.Int64)
    # a new slice where the running count passes a multiple of the budget
    number = ((per_row.cum_sum() - per_row) // max(budget, 1)).alias("slice")
    if number.max() == 0:
        return [left]
    return left.with_columns(number).partition_by("slice", maintain_order=True, include_key=False)


def sliced_join(
    left: pl.DataFrame,
    right: pl.DataFrame,
    left_on: list[str],
    right_on: list[str],
    keep: Callable[[pl.LazyFrame], pl.LazyFrame],
    budget: int | None = None,
) -> pl.DataFrame:
    """`keep` (a filter and a selection of the pairs wanted) over the inner join of `left` and
    `right` on the keys (`right`'s other columns suffixed `_right`), joined a slice of `left` at
    a time (`slices`): the same rows as one join, in about `budget` (`JOIN_ROWS`) joined rows at
    once."""
    parts = [
        keep(part.lazy().join(right.lazy(), left_on=left_on, right_on=right_on, suffix="_right")).collect()
        for part in slices(left, right, left_on, right_on, budget or JOIN_ROWS)
    ]
    return pl.concat(parts)
