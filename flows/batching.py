"""A run's inputs cut into batches as discovery yields them, with nothing per input held for
the run but its id's 8 bytes.

A run used to list every input first (a Python object each, about 500 bytes: 50 MB held for
the whole of a 100,000-page run, 500 MB for a million) and then cut the list. Here discovery
(`flows.sources.iter_inputs`) is read a chunk at a time; each chunk loses the inputs named
before (`SeenIds`), the remote ones already loaded, and those rejected before and not yet due
again (the warehouse is asked about the chunk's own ids), and what is left fills batches of
`size` in the order named: the same batches a listed run cut.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from itertools import islice

import numpy as np

from flows.sources import Input
from flows.warehouse import Warehouse
from flows.web_sources import is_remote


class SeenIds:
    """The article ids a run has taken: an id is 16 hex digits (`transforms.ids.stable_id`), a
    64-bit number, held in one sorted array, 8 bytes each (0.8 MB for 100,000 inputs, where a
    set of Python strings took some 80 bytes each). A batch's ids are looked up by bisection and
    merged in: the cost of a batch is a copy of the array, some 3 ms at a million ids."""

    def __init__(self) -> None:
        self._ids = np.empty(0, dtype=np.uint64)

    def first_time(self, items: list[Input]) -> list[Input]:
        """Those of `items` whose id was not taken before (nor earlier in `items`), in order;
        they are taken."""
        if not items:
            return []
        keys = np.array([int(i.article_id, 16) for i in items], dtype=np.uint64)
        new = np.zeros(len(keys), dtype=bool)
        new[np.unique(keys, return_index=True)[1]] = True  # the first of each id in the batch
        if len(self._ids):
            at = np.minimum(np.searchsorted(self._ids, keys), len(self._ids) - 1)
            new &= self._ids[at] != keys
        taken = np.sort(keys[new])
        self._ids = np.insert(self._ids, np.searchsorted(self._ids, taken), taken)
        return [item for item, fresh in zip(items, new.tolist(), strict=True) if fresh]


@dataclass
class BatchCounts:
    """What cutting the batches passed over, for the run's summary."""

    seen: int = 0  # distinct inputs named, and discovery's rejects
    unchanged: int = 0  # remote inputs already loaded (not fetched again)
    skipped_by_reason: Counter[str] = field(default_factory=Counter)  # rejected before, not yet due
    by_source: Counter[str] = field(default_factory=Counter)  # inputs batched, per source
    passed: int = 0  # inputs named but not batched: named twice, unchanged or not yet due


def cut_batches(
    found: Iterable[Input | dict],
    size: int,
    warehouse: Warehouse,
    now: datetime,
    counts: BatchCounts,
    refetch: bool = False,
) -> Iterator[tuple[list[Input], list[dict]]]:
    """(inputs, discovery's rejects) of each batch: `found` (inputs and reject rows) read `size`
    at a time, deduplicated and filtered as the module says, then cut into batches of `size`
    inputs; a batch carries the rejects discovery met since the one before. At least one batch,
    so that a run whose every input was rejected still loads its rejects."""
    size = max(1, size)
    seen = SeenIds()
    stream = iter(found)
    pending: list[Input] = []
    rejects: list[dict] = []
    batches = 0
    while chunk := list(islice(stream, size)):
        rejects += [r for r in chunk if not isinstance(r, Input)]
        named = [i for i in chunk if isinstance(i, Input)]
        items = seen.first_time(named)
        counts.seen += len(items) + len(chunk) - len(named)
        due = _not_due(items, warehouse, now, counts, refetch)
        counts.passed += len(named) - len(due)
        pending += due
        while len(pending) >= size:
            batch, pending = pending[:size], pending[size:]
            counts.by_source.update(i.source for i in batch)
            yield batch, rejects
            rejects, batches = [], batches + 1
    if pending or rejects or not batches:
        counts.by_source.update(i.source for i in pending)
        yield pending, rejects


def _not_due(
    items: list[Input], warehouse: Warehouse, now: datetime, counts: BatchCounts, refetch: bool
) -> list[Input]:
    """`items` without the remote ones already loaded and those rejected before and not yet due
    again (both counted), unless `refetch`."""
    if refetch:
        return items
    # only remote ones are asked about, and each id is in `items` once (`SeenIds`)
    known = warehouse.loaded_ids([i.article_id for i in items if is_remote(i) and not i.raw_hash])
    if known:
        items = [i for i in items if i.article_id not in known]
        counts.unchanged += len(known)
    waiting = warehouse.waiting_rejects([i.locator for i in items if is_remote(i)], now)
    if waiting:
        items = [i for i in items if i.locator not in waiting]
        counts.skipped_by_reason.update(waiting.values())
    return items
