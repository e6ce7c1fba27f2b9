"""Benchmark of the entity layer: memory the gazetteer and model add, and words per second of
NER plus resolution (sentences, model spans, dictionary resolution) on the sample articles.

    python -m bench.entities --repeat 5
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import polars as pl
import psutil

SAMPLES = Path(__file__).resolve().parents[1] / "seeds" / "articles"


def _rss_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


def sample_corpus(copies: int) -> pl.DataFrame:
    """The English sample articles, extracted as the pipeline does, `copies` times over."""
    from transforms.documents import RAW_SCHEMA, extract_batch

    rows = [
        {
            "article_id": p.name,
            "locator": str(p),
            "source": "bench",
            "url": p.resolve().as_uri(),
            "kind": "txt" if p.suffix == ".txt" else "html",
            "data": p.read_bytes(),
            "declared_charset": None,
            "fetched_at": None,
            "raw_hash": "",
        }
        for p in sorted(SAMPLES.iterdir())
        if p.suffix in {".html", ".htm", ".txt"}
    ]
    arts, _ = extract_batch(pl.DataFrame(rows, schema=RAW_SCHEMA), run_id="bench", extractor_version="bench", now=None)
    arts = arts.filter(pl.col("language") == "en")
    return pl.concat([arts.with_columns(pl.col("article_id") + f"-{i}") for i in range(copies)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--copies", type=int, default=20, help="copies of the sample corpus per repeat")
    args = parser.parse_args()

    from flows.reference import load_reference
    from flows.settings import SEEDS_DIR
    from transforms.entities import entities_of, find_mentions
    from transforms.ner import entity_spans
    from transforms.sentences import split_sentences

    before = _rss_mb()
    t0 = time.perf_counter()
    ref = load_reference(SEEDS_DIR)
    load_s = time.perf_counter() - t0
    added = _rss_mb() - before

    corpus = sample_corpus(args.copies)
    words = int(corpus["text"].str.split(" ").list.len().sum())
    rates = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        sentences = split_sentences(corpus)
        spans = dict(zip(corpus["article_id"], entity_spans(corpus["text"].to_list(), ref.nlp), strict=True))
        mentions = find_mentions(corpus, sentences, ref.lexicon, spans)
        entities_of(mentions, ref.lexicon)
        rates.append(words / (time.perf_counter() - t))
    print(
        f"reference load {load_s:.1f} s, adds {added:.0f} MB to the process (gazetteer, dictionaries, model); "
        f"peak RSS {_rss_mb():.0f} MB"
    )
    print(
        f"NER + resolution: median {statistics.median(rates):,.0f} words/s over {args.repeat} runs of "
        f"{corpus.height} articles, {words:,} words (min {min(rates):,.0f}, max {max(rates):,.0f})"
    )


if __name__ == "__main__":
    main()
