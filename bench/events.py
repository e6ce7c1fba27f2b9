"""Benchmark of the event layer on the sample articles: what parsing the trigger sentences and
coding events add to NER and resolution, in one process and spread over processes.

For reference it also times spaCy's full pipeline (tagger, parser, NER, lemmatizer) over the
whole texts, the cost the events issue compares against.

    python -m bench.events --repeat 5 --workers 2
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date

import polars as pl

from bench.entities import sample_corpus


def _stages(corpus: pl.DataFrame) -> dict[str, float]:
    """Seconds of each stage of `analyse` over the corpus, in this process."""
    from flows.reference import load_reference
    from flows.settings import SEEDS_DIR
    from transforms.analysis import parse_trigger_sentences
    from transforms.article_terms import article_terms
    from transforms.clusters import with_clusters
    from transforms.entities import entities_of, find_mentions
    from transforms.events import code_events
    from transforms.ner import entity_spans
    from transforms.sentences import split_sentences

    ref = load_reference(SEEDS_DIR)
    out: dict[str, float] = {}
    t = time.perf_counter()
    sentences = split_sentences(corpus)
    spans = dict(zip(corpus["article_id"], entity_spans(corpus["text"].to_list(), ref.nlp), strict=True))
    mentions = find_mentions(corpus, sentences, ref.lexicon, spans)
    entities = entities_of(mentions, ref.lexicon)
    out["entities"] = time.perf_counter() - t
    t = time.perf_counter()
    parses = parse_trigger_sentences(sentences, ref.rules, ref.parser)
    out["parse"] = time.perf_counter() - t
    t = time.perf_counter()
    published: dict[str, date | None] = dict.fromkeys(corpus["article_id"].to_list(), date(2024, 1, 1))
    events, actors = code_events(sentences, mentions, entities, published, ref.rules, parses)
    # dates borrowed within articles, clusters across them (with the articles' rare names)
    with_clusters(events, actors, entities, article_terms(corpus, mentions, entities))
    out["events"] = time.perf_counter() - t
    out["parsed_share"] = len(parses) / max(sentences.height, 1)
    return out


def _full_spacy(texts: list[str]) -> float:
    """Seconds for spaCy's whole pipeline over the texts (the issue's point of comparison)."""
    import spacy

    from flows.reference import NER_MODEL

    nlp = spacy.load(NER_MODEL)
    t = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--copies", type=int, default=20, help="copies of the sample corpus per repeat")
    parser.add_argument("--workers", type=int, default=2, help="processes for the parallel run")
    args = parser.parse_args()

    corpus = sample_corpus(args.copies)
    words = int(corpus["text"].str.split(" ").list.len().sum())
    runs = [_stages(corpus) for _ in range(args.repeat)]
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    ner_rate = words / med["entities"]
    full_rate = words / (med["entities"] + med["parse"] + med["events"])
    added = (med["parse"] + med["events"]) / med["entities"]
    spacy_rate = words / _full_spacy(corpus["text"].to_list())
    print(f"{corpus.height} articles, {words:,} words; {med['parsed_share']:.0%} of sentences hold a trigger")
    print(
        f"one process, medians of {args.repeat}: NER + resolution {ner_rate:,.0f} words/s; with parsing "
        f"and events {full_rate:,.0f} words/s ({corpus.height / (words / full_rate):,.1f} articles/s); "
        f"parse {med['parse']:.2f} s, events {med['events']:.2f} s, +{added:.0%} over NER + resolution"
    )
    print(f"spaCy full pipeline over whole texts, for comparison: {spacy_rate:,.0f} words/s")

    if args.workers > 1:
        parts = [corpus[i :: args.workers] for i in range(args.workers)]
        # spawn, not fork: a forked child of a process whose polars and spaCy thread pools are
        # running can deadlock (the first version of this benchmark hung there)
        with ProcessPoolExecutor(args.workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            list(pool.map(_stages, [p.head(2) for p in parts]))  # load the reference in each worker
            walls = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                list(pool.map(_stages, parts))
                walls.append(time.perf_counter() - t)
        wall = statistics.median(walls)
        print(
            f"{args.workers} processes, median of {args.repeat}: {words / wall:,.0f} words/s, "
            f"{corpus.height / wall:,.1f} articles/s (x{(words / wall) / full_rate:.2f} of one process)"
        )


if __name__ == "__main__":
    main()
