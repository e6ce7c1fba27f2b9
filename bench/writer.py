"""The single writer's own ceiling: how many articles a second `load_batch` absorbs when the NLP
is already done.

Analyses a corpus once (the bundled samples, each copy its own text, as bench.pipeline builds
it), then loads the same frames again and again into a fresh warehouse, each copy under new
article, event and entity ids and with its dates moved on by a day, so that the warehouse grows
as a nightly one does and the incremental clustering sees its usual neighbourhood. Prints
articles per second per batch as the warehouse grows, and the median.

    python -m bench.writer --articles 200 --copies 20 --batch-size 200
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import polars as pl

from bench.pipeline import build_corpus

# Columns that carry ids: each copy of a batch gets its own values for these.
_ID_COLUMNS = ("article_id", "event_id", "entity_id", "mention_id", "cluster_id", "sentence_id")
_DATE_TYPES = (pl.Date, pl.Datetime)


def _analysed(folder: Path, batch_size: int) -> list[tuple]:
    """(analysis, rejects) per batch, through the pipeline's own read and process steps."""
    from flows.pipeline import process_batch
    from flows.reading import read_inputs
    from flows.reference import extractor_version
    from flows.settings import Settings
    from flows.sources import discover

    settings = Settings.load(db=folder / "unused.duckdb", inputs=[str(folder)])
    items, _ = discover([str(folder)], run_id="bench", now=datetime(2024, 1, 1))
    version = extractor_version(settings.seeds_dir)
    out = []
    for i in range(0, len(items), batch_size):
        raw, _ = read_inputs(items[i : i + batch_size], settings, run_id="bench")
        result = process_batch.fn(raw, "bench", version, settings.min_text_chars)
        out.append((result.analysis, result.rejects))
    return out


def _copy(frame: pl.DataFrame, n: int) -> pl.DataFrame:
    """The frame under copy `n`'s ids, its dates `n` days later."""
    if n == 0 or frame.is_empty():
        return frame
    changes = []
    for name, dtype in frame.schema.items():
        if name in _ID_COLUMNS and dtype == pl.String:
            changes.append((pl.col(name) + f"~{n}").alias(name))
        elif dtype in _DATE_TYPES or isinstance(dtype, pl.Datetime):
            changes.append((pl.col(name) + timedelta(days=n)).alias(name))
    return frame.with_columns(changes) if changes else frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=200, help="articles analysed once")
    parser.add_argument("--copies", type=int, default=20, help="times the analysed batches are loaded")
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from flows.warehouse import Warehouse

    with tempfile.TemporaryDirectory(prefix="eventwire-writer-") as tmp:
        corpus = Path(tmp) / "corpus"
        build_corpus(corpus, args.articles)
        t0 = time.perf_counter()
        batches = _analysed(corpus, args.batch_size)
        print(f"analysed {args.articles} articles once in {time.perf_counter() - t0:.1f} s")
        warehouse = Warehouse.open(Path(tmp) / "w.duckdb")
        rates = []
        try:
            for n in range(args.copies):
                for analysis, rejects in batches:
                    frames = {
                        k: _copy(getattr(analysis, k), n)
                        for k in ("articles", "entities", "mentions", "events", "event_actors", "terms")
                    }
                    started = time.perf_counter()
                    stats = warehouse.load_batch(**frames, rejects=rejects.clear())
                    seconds = time.perf_counter() - started
                    rates.append(frames["articles"].height / seconds)
                    assert stats.new == frames["articles"].height, stats
                loaded = (n + 1) * args.articles
                if not args.json:
                    print(f"after {loaded} articles: {rates[-1]:.0f} articles/s for the last batch")
        finally:
            warehouse.close()
        summary = {
            "articles_loaded": args.articles * args.copies,
            "batch_size": args.batch_size,
            "median_articles_per_s": round(statistics.median(rates), 1),
            "first_copy_articles_per_s": round(statistics.median(rates[: len(batches)]), 1),
            "last_copy_articles_per_s": round(statistics.median(rates[-len(batches) :]), 1),
        }
        print(json.dumps(summary) if args.json else summary)


if __name__ == "__main__":
    main()
