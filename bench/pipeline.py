"""End-to-end benchmark of the main flow.

Builds a corpus of N distinct articles from the bundled samples (each copy gets its own
title and first line, so no two share a content hash), runs the real flow into a fresh DuckDB
file, and prints articles/second end to end, seconds per stage, the spine's own overhead per
article (everything but extraction and NLP), and peak memory. Then reruns over the unchanged
corpus (the nightly no-op case). Repeat with --repeat and quote the median.

    python -m bench.pipeline --articles 1000 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

SAMPLES = Path(__file__).resolve().parents[1] / "seeds" / "articles"


def build_corpus(folder: Path, n: int) -> int:
    """Write n articles, cycling through the samples; returns bytes written."""
    samples = [p for p in sorted(SAMPLES.iterdir()) if p.suffix in {".html", ".htm", ".txt"}]
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        sample = samples[i % len(samples)]
        raw = sample.read_text(encoding="utf-8")
        marker = f"Bulletin {i}: correspondents filed this report from the region."
        if sample.suffix == ".txt":
            title, _, body = raw.partition("\n")
            out = f"{title} #{i}\n{marker}\n{body}"
        else:
            out = (
                raw.replace("<h1", f"<p>{marker}</p><h1", 1)
                if "<article" not in raw
                else raw.replace("<article", f"<article data-n='{i}'", 1).replace("</h1>", f"</h1><p>{marker}</p>", 1)
            )
        path = folder / f"{i:06d}_{sample.name}"
        path.write_text(out, encoding="utf-8")
        total += len(out.encode())
    return total


def _analysed_words(db: Path) -> int:
    """Words in the articles that went through NLP (whitespace-separated tokens)."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        sql = "SELECT sum(len(string_split(text, ' '))) FROM articles WHERE nlp_status = 'done'"
        return int(con.execute(sql).fetchone()[0] or 0)
    finally:
        con.close()


def _peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1, help="processes for extraction and NLP")
    parser.add_argument(
        "--runner",
        choices=("pool", "dask"),
        default=None,
        help="the local runner for --workers > 1 (default: the product's)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON line per run")
    args = parser.parse_args()
    if args.runner:
        os.environ["EVENTWIRE_LOCAL_RUNNER"] = args.runner

    from prefect.testing.utilities import prefect_test_harness

    from flows.pipeline import run_pipeline

    work = Path(tempfile.mkdtemp(prefix="eventwire-bench-"))
    try:
        corpus = work / "corpus"
        size = build_corpus(corpus, args.articles)
        print(f"corpus: {args.articles} articles, {size / 1e6:.1f} MB in {corpus}")
        results = []
        with prefect_test_harness(server_startup_timeout=120):
            for rep in range(args.repeat):
                db = work / f"bench-{rep}.duckdb"
                t0 = time.perf_counter()
                summary = run_pipeline(
                    inputs=[str(corpus)], db=str(db), batch_size=args.batch_size, workers=args.workers
                )
                cold = time.perf_counter() - t0
                t1 = time.perf_counter()
                again = run_pipeline(inputs=[str(corpus)], db=str(db), batch_size=args.batch_size, workers=args.workers)
                warm = time.perf_counter() - t1
                stages = summary["stage_seconds"]
                words = _analysed_words(db)
                # The spine's own cost: the wall time not spent extracting, building the
                # dictionaries or analysing (those run in the workers when --workers > 1).
                worker_s = stages.get("extract", 0) + stages.get("analyse", 0) + stages.get("reference", 0)
                spine = cold - worker_s / max(1, args.workers)
                row = {
                    "articles": args.articles,
                    "workers": args.workers,
                    "where": summary["where"],
                    "seconds": round(cold, 2),
                    "articles_per_s": round(args.articles / cold, 1),
                    "stage_seconds": {k: round(v, 2) for k, v in stages.items()},
                    "extract_ms_per_article": round(1000 * stages.get("extract", 0) / args.articles, 2),
                    "analyse_ms_per_article": round(1000 * stages.get("analyse", 0) / args.articles, 2),
                    "spine_ms_per_article": round(1000 * spine / args.articles, 2),
                    "rerun_seconds": round(warm, 2),
                    "rerun_unchanged": again["unchanged"],
                    "analysed_words": words,
                    "nlp_words_per_s": round(words / stages["analyse"]) if stages.get("analyse") else None,
                    "events": summary["events"],
                    "rejected": summary["rejected"],
                }
                results.append(row)
                print(
                    json.dumps(row)
                    if args.json
                    else f"run {rep + 1}: {row['articles_per_s']} articles/s ({cold:.1f} s), "
                    f"extract {row['extract_ms_per_article']} ms/article, "
                    f"NLP {row['analyse_ms_per_article']} ms/article ({row['nlp_words_per_s']} words/s), "
                    f"spine overhead {row['spine_ms_per_article']} ms/article, "
                    f"unchanged rerun {warm:.1f} s; stages {row['stage_seconds']}"
                )
        own, children = _peak_mb()
        print(
            f"median: {statistics.median(r['articles_per_s'] for r in results)} articles/s, "
            f"spine {statistics.median(r['spine_ms_per_article'] for r in results)} ms/article, "
            f"rerun {statistics.median(r['rerun_seconds'] for r in results)} s"
        )
        print(f"peak RSS: {own:.0f} MB (this process), {children:.0f} MB (largest child: Prefect's server)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
