"""The single writer's own ceiling: how many articles a second `load_batch` absorbs when the NLP
is already done.

Analyses a corpus first (default: pages generated as bench.scale generates them, each its own
text, dated in order 274 a day; or `--corpus DIR`, any folder a run reads), batch by batch through
the pipeline's own read and process steps, then times `Warehouse.load_batch` alone over those
batches into a fresh warehouse (one transaction each, with the incremental clustering and the
near-duplicate lookup, as in a run). Prints the median articles per second over all batches and
over the first and last quarter, to show whether the rate falls as the warehouse grows.

    python -m bench.writer --articles 4000 --batch-size 200
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=4000, help="generated pages (without --corpus)")
    parser.add_argument("--corpus", type=Path, default=None, help="a folder of articles instead")
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from bench.scale import generate
    from flows.pipeline import load_batch
    from flows.warehouse import Warehouse

    with tempfile.TemporaryDirectory(prefix="eventwire-writer-") as tmp:
        corpus = args.corpus or Path(tmp) / "corpus"
        if args.corpus is None:
            generate(corpus, args.articles)
        t0 = time.perf_counter()
        batches = _analysed(corpus, args.batch_size)
        articles = sum(a.articles.height for a, _ in batches)
        print(f"analysed {articles} articles in {time.perf_counter() - t0:.0f} s")
        warehouse = Warehouse.open(Path(tmp) / "w.duckdb")
        rates = []
        try:
            for analysis, rejects in batches:
                started = time.perf_counter()
                load_batch.fn(warehouse, analysis, rejects)  # the flow's writer step, without Prefect
                rates.append(analysis.articles.height / (time.perf_counter() - started))
        finally:
            warehouse.close()
        quarter = max(1, len(rates) // 4)
        summary = {
            "articles": articles,
            "batch_size": args.batch_size,
            "median_articles_per_s": round(statistics.median(rates), 1),
            "first_quarter_articles_per_s": round(statistics.median(rates[:quarter]), 1),
            "last_quarter_articles_per_s": round(statistics.median(rates[-quarter:]), 1),
        }
        print(json.dumps(summary))


if __name__ == "__main__":
    main()
