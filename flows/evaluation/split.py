"""The tuning and checking parts of a dev set, by a hash of each document's id.

We tune rules on one part and report both, so that a rule that only fits the sentences it
was written for shows as a gap between the two: the product is measured on unseen data of the
same kinds, where such a rule is worth nothing. The part of a document depends on its id
alone (not on the file's order or on which other documents are present), so a document stays
in its part for good and the split can be repeated by anyone from the ids.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")

TUNE, CHECK = "tune", "check"
PARTS = (TUNE, CHECK)
# Two thirds to tune on, one third to check: buckets 0 and 1 of 3 are the tuning part.
_BUCKETS, _CHECK_BUCKET = 3, 2


def part_of(doc_id: object) -> str:
    """`tune` or `check` for a document id (its text form, hashed with SHA-256)."""
    digest = hashlib.sha256(str(doc_id).encode("utf-8")).digest()
    return CHECK if int.from_bytes(digest[:8], "big") % _BUCKETS == _CHECK_BUCKET else TUNE


def split(items: Iterable[T], key: Callable[[T], object]) -> dict[str, list[T]]:
    """The items of each part, in their order, by `key` (the document id of an item)."""
    out: dict[str, list[T]] = {p: [] for p in PARTS}
    for item in items:
        out[part_of(key(item))].append(item)
    return out


def parts_wanted(part: str) -> tuple[str, ...]:
    """`tune`, `check` or `both` as the parts to score."""
    if part == "both":
        return PARTS
    if part not in PARTS:
        raise ValueError(f"part must be tune, check or both, not {part!r}")
    return (part,)
