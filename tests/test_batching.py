"""A run's inputs cut into batches as discovery walks them: the same batches a listed run cut,
with nothing per input held but 8 bytes of its id."""

from __future__ import annotations

import os
import tracemalloc
from datetime import datetime

from flows.batching import BatchCounts, SeenIds, cut_batches
from flows.sources import Input, _walk, discover, iter_inputs, unique_inputs
from flows.warehouse import Warehouse

NOW = datetime(2024, 1, 1)


def _input(name: str) -> Input:
    return Input(name, "test", f"https://example.com/{name}", "html")


def _touch(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x", encoding="utf-8")
    return path


def test_seen_ids_keep_the_first_of_each_id_in_order():
    seen = SeenIds()
    first = seen.first_time([_input(n) for n in ("m", "c", "m", "x")])
    assert [i.locator for i in first] == ["m", "c", "x"]
    # ids that sort before, between and after the ones taken; one named in the first batch
    again = seen.first_time([_input(n) for n in ("a", "c", "p", "z", "a", "x")])
    assert [i.locator for i in again] == ["a", "p", "z"]
    assert seen.first_time([]) == []
    assert seen.first_time([_input(n) for n in ("a", "m", "z")]) == []


def test_walk_gives_rglob_order_a_folder_at_a_time(tmp_path):
    for name in ("b.html", "a.txt", "a/z.html", "a/b/c.html", "A.html", "a-b/x.html", ".hidden/y.html", "ab.html"):
        _touch(tmp_path / name)
    os.symlink(tmp_path / "a", tmp_path / "link")  # a symlinked folder is not entered, as rglob does
    walked = list(_walk(tmp_path))
    assert walked == sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert not any("link" in p.parts for p in walked)


def test_stream_and_list_discover_the_same(tmp_path):
    for name in ("news/a.html", "news/sub/b.txt", "news/notes.md", "other/c.htm"):
        _touch(tmp_path / name)
    listing = tmp_path / "in.list"
    listing.write_text("other/c.htm\nmissing.html\nhttps://example.com/s?utm_source=x\n", encoding="utf-8")
    specs = [str(tmp_path / "news"), str(listing), str(tmp_path / "*.xml")]
    streamed = list(iter_inputs(specs, run_id="r", now=NOW))
    items, rejects = discover(specs, run_id="r", now=NOW)
    assert [x for x in streamed if isinstance(x, Input)] == items
    assert [x for x in streamed if not isinstance(x, Input)] == rejects
    assert sorted(r["reason"] for r in rejects) == ["not_found", "not_found"]


def test_batches_are_the_listed_runs_batches(tmp_path):
    names = [f"p{n % 23}" for n in range(60)]  # 23 distinct, each named again and again
    found: list = []
    for n, name in enumerate(names):
        found.append(_input(name))
        if n in (0, 30, 59):
            found.append({"locator": f"bad{n}", "stage": "discover"})
    with Warehouse.open(tmp_path / "w.duckdb") as warehouse:
        counts = BatchCounts()
        batches = list(cut_batches(found, 5, warehouse, NOW, counts))
    listed = unique_inputs([x for x in found if isinstance(x, Input)])
    assert [b for b, _ in batches] == [listed[i : i + 5] for i in range(0, len(listed), 5)]
    # a reject rides with the batch cut after it was met; none is lost
    assert [r["locator"] for _, rejects in batches for r in rejects] == ["bad0", "bad30", "bad59"]
    assert counts.seen == 23 + 3 and counts.passed == 60 - 23


def test_a_run_of_rejects_only_is_one_batch(tmp_path):
    with Warehouse.open(tmp_path / "w.duckdb") as warehouse:
        batches = list(cut_batches([{"locator": "x"}], 5, warehouse, NOW, BatchCounts()))
        assert batches == [([], [{"locator": "x"}])]
        assert list(cut_batches([], 5, warehouse, NOW, BatchCounts())) == [([], [])]


def test_cutting_holds_a_batch_not_the_run(tmp_path):
    """Cutting 20,000 inputs holds what cutting 2,000 does but the ids' 8 bytes each (twice while
    a batch's ids are merged in): listed first, as runs did before, an input held some 500."""

    def peak(n: int) -> int:
        found = (Input(f"/data/{i}.html", "test", f"file:///data/{i}.html", "html") for i in range(n))
        with Warehouse.open(tmp_path / f"w{n}.duckdb") as warehouse:
            tracemalloc.start()
            for _batch in cut_batches(found, 100, warehouse, NOW, BatchCounts()):
                pass
            _, top = tracemalloc.get_traced_memory()
            tracemalloc.stop()
        return top

    small, large = peak(2_000), peak(20_000)
    assert large - small < 30 * 18_000, (small, large)
