"""The main job: a Prefect flow from inputs to the warehouse.

Tasks work on batches (Prefect's per-task bookkeeping costs milliseconds, far too much per
article); frames pass between them in memory; `load_batch` is the only task that writes
the warehouse, one transaction per batch.
"""

from __future__ import annotations

import gc
import time
import uuid
from collections import Counter, deque
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NONE as NO_CACHE
from prefect.futures import PrefectFuture
from prefect.runtime import flow_run

from flows.allocators import release_free_memory
from flows.batching import BatchCounts, cut_batches
from flows.fetch import Fetcher
from flows.memory_trace import MemoryTrace
from flows.progress import LazyProgress
from flows.publish import PublishError, publish
from flows.reading import read_inputs
from flows.reference import Reference, extractor_version, load_reference
from flows.runners import check_version, default_workers, placement
from flows.settings import Settings, seeds_dir_setting
from flows.sources import Input, iter_inputs
from flows.summary import RunSummary
from flows.warehouse import BatchStats, Warehouse
from flows.web_sources import expand, load_sources
from transforms.analysis import SKIPPED_LANGUAGE, Analysis, analyse
from transforms.documents import REJECT_SCHEMA, extract_batch

FLOW_NAME = "eventwire-run"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@contextmanager
def _timed(summary: RunSummary, stage: str):
    t0 = time.perf_counter()
    try:
        yield
    finally:
        summary.stage_seconds[stage] = summary.stage_seconds.get(stage, 0.0) + time.perf_counter() - t0


@task(name="expand sources", cache_policy=NO_CACHE)
def expand_sources(
    path: Path, settings: Settings, last: dict[str, dict], run_id: str
) -> tuple[list[Input], list[dict], list[dict]]:
    """The inputs every source of a sources file lists now, rejects, and each source's state."""
    inputs: list[Input] = []
    rejects: list[dict] = []
    states: list[dict] = []
    with Fetcher(settings.fetch_policy()) as fetcher:
        for source in load_sources(path):
            got = expand(source, fetcher, last.get(source.name), run_id=run_id, now=_now())
            inputs += got.inputs
            rejects += got.rejects
            states.append(got.state)
    return inputs, rejects, states


@task(name="read", cache_policy=NO_CACHE)
def read_batch(items: list[Input], settings: Settings, run_id: str) -> tuple[pl.DataFrame, list[dict]]:
    """Bytes of a batch of inputs (files or URLs)."""
    return read_inputs(items, settings, run_id=run_id)


@dataclass(frozen=True)
class BatchResult:
    """What the CPU-heavy step returns to the writer."""

    analysis: Analysis
    rejects: pl.DataFrame
    seconds: dict[str, float]


@task(name="process", cache_policy=NO_CACHE)
def process_batch(raw: pl.DataFrame, run_id: str, version: str, min_chars: int) -> BatchResult:
    """Extraction (trafilatura) and NLP of one batch: pure work, so it can run in this process,
    in a local worker process or on a Dask worker (`flows.runners`). The worker's own reference
    data is used, and a worker whose version is not the flow's refuses the batch."""
    check_version(version)
    t0 = time.perf_counter()
    articles, rejects = extract_batch(raw, run_id=run_id, extractor_version=version, now=_now(), min_chars=min_chars)
    t1 = time.perf_counter()
    reference: Reference = load_reference(seeds_dir_setting())  # built once per process
    t2 = time.perf_counter()
    analysis = analyse(articles, reference.lexicon, reference.rules, reference.nlp, reference.parser)
    t3 = time.perf_counter()
    return BatchResult(analysis, rejects, {"extract": t1 - t0, "reference": t2 - t1, "analyse": t3 - t2})


@task(name="load", cache_policy=NO_CACHE)
def load_batch(warehouse: Warehouse, analysis: Analysis, rejects: pl.DataFrame) -> BatchStats:
    """The single writer: one transaction per batch."""
    return warehouse.load_batch(
        articles=analysis.articles,
        entities=analysis.entities,
        mentions=analysis.mentions,
        events=analysis.events,
        event_actors=analysis.event_actors,
        rejects=rejects,
        terms=analysis.terms,
    )


def _changed(raw: pl.DataFrame, warehouse: Warehouse, version: str) -> pl.DataFrame:
    """The rows of `raw` whose bytes or extractor version differ from what is loaded (the
    warehouse is asked about this batch's ids only: nothing per article is held for the run)."""
    if not raw.height:
        return raw
    known = warehouse.known_inputs(raw["article_id"].to_list())
    return raw.filter([known.get(a) != (h, version) for a, h in raw.select("article_id", "raw_hash").iter_rows()])


def _submit(runner: Any, raw: pl.DataFrame, run_id: str, version: str, min_chars: int) -> PrefectFuture:
    """`process_batch` on the run's runner, or on the flow's own task runner without one."""
    parameters = {"raw": raw, "run_id": run_id, "version": version, "min_chars": min_chars}
    if runner is None:
        return process_batch.submit(**parameters)
    return runner.submit(process_batch, parameters=parameters)


def _chunks(items: list[Input], size: int) -> list[list[Input]]:
    return [items[i : i + size] for i in range(0, len(items), max(1, size))]


def _current_run_id() -> str:
    rid = flow_run.get_id()
    return str(rid) if rid else str(uuid.uuid4())


@flow(name=FLOW_NAME, log_prints=False)
def run_pipeline(
    inputs: list[str] | None = None,
    db: str | None = None,
    max_bytes: int | None = None,
    batch_size: int | None = None,
    workers: int | None = None,
    show_progress: bool | None = None,
    sources: str | None = None,
    refetch: bool = False,
    reextract: bool = False,
    cluster: str | None = None,
) -> dict:
    """Read the inputs (default: the bundled sample articles, unless a sources file is given),
    extract, analyse and load them.

    Batches are read here, processed by `process_batch` and loaded in order by the single
    writer. `cluster` (a Dask scheduler's address) sends the batches to that cluster; else
    `workers` local processes take them (default: every core memory allows; one batch runs in
    this process). No more batches are in flight than the workers can take at once, so the
    flow's memory does not grow with the run. Web pages
    and WARC records already loaded are not fetched again unless `refetch`; `reextract` runs
    every stored web page and WARC record through extraction again from the raw store (it
    changes what an older extractor version made, and leaves the rest as it is). The sources'
    state (feed validators) is saved only when the run completes, so a crashed run's feeds are
    read in full again next time.
    """
    settings = Settings.load(
        db=db, inputs=inputs if inputs or not (sources or reextract) else [], max_bytes=max_bytes, batch_size=batch_size
    )
    logger = get_run_logger()
    run_id = _current_run_id()
    summary = RunSummary(run_id=run_id, db_path=str(settings.db_path))
    started = time.perf_counter()
    reject_reasons: Counter[str] = Counter()
    in_flight: deque[tuple[PrefectFuture, list[dict], int]] = deque()
    warehouse = Warehouse.open(settings.db_path)
    trace = MemoryTrace.from_env()

    def load_oldest() -> None:
        future, early_rejects, n_items = in_flight.popleft()
        with trace.stage("receive"):
            result: BatchResult = future.result()
        for stage, seconds in result.seconds.items():
            summary.stage_seconds[stage] = summary.stage_seconds.get(stage, 0.0) + seconds
        rejects = pl.concat([pl.DataFrame(early_rejects, schema=REJECT_SCHEMA), result.rejects])
        with _timed(summary, "load"), trace.stage("load"):
            stats = load_batch(warehouse, result.analysis, rejects)
        summary.new += stats.new
        summary.updated += stats.updated
        summary.rejected += stats.rejected
        summary.events += stats.events
        reject_reasons.update(f"{s}/{r}" for s, r in rejects.select("stage", "reason").iter_rows())
        analysed = result.analysis.articles
        for status in analysed["nlp_status"].to_list() if "nlp_status" in analysed.columns else []:
            if status.startswith(SKIPPED_LANGUAGE):
                language = status.removeprefix(SKIPPED_LANGUAGE)
                summary.not_analysed[language] = summary.not_analysed.get(language, 0) + 1
        progress.advance(n_items)
        del future, result, rejects, analysed  # the batch's frames, before their pages are given back
        with _timed(summary, "collect"):
            # the batch's frames also sit in reference cycles among Prefect's future, state and
            # result record, which only the cycle collector frees: its oldest generation runs
            # seldom, and several batches' frames stood at once (the flow's peak 742 MB at
            # 25,000 articles against 691 collected every batch, `bench.scale`); a collection
            # takes some 0.1-0.2 s, against 8 s for a batch of 500
            gc.collect()
            release_free_memory()
        trace.after_batch(n_items, warehouse.con)
        logger.info(
            "loaded batch: %d articles, %d rejects, %d events",
            stats.new + stats.updated,
            stats.rejected,
            stats.events,
        )

    try:
        warehouse.start_run(run_id, FLOW_NAME, " ".join(settings.inputs))
        states: list[dict] = []
        feeds: list[Input] = []  # a source's few items, listed by its task
        feed_rejects: list[dict] = []
        if sources:
            feeds, feed_rejects, states = expand_sources(Path(sources), settings, warehouse.source_state(), run_id)
        stored = []  # `--reextract`: the stored pages, read again from the raw store, first
        if reextract:
            stored = [
                Input(loc, src, url, "html", raw_hash=h) for loc, src, url, h in warehouse.stored_inputs().iter_rows()
            ]
        with _timed(summary, "fingerprint"):
            version = extractor_version(settings.seeds_dir)

        def named() -> Iterator[Input | dict]:
            """The run's inputs in the order named (the first of two names of one article
            wins): stored pages, what the user named, the feeds' items; walked twice (a count,
            then the batches), never held."""
            yield from stored
            yield from iter_inputs(settings.inputs, run_id=run_id, now=_now())
            yield from feed_rejects
            yield from feeds

        with _timed(summary, "discover"):
            named_count = sum(1 for _ in named())
        counts = BatchCounts()
        batches = cut_batches(named(), settings.batch_size, warehouse, _now(), counts, refetch)
        progress = LazyProgress(named_count, enabled=show_progress)
        with _timed(summary, "workers"):
            where = placement(
                workers or default_workers(), cluster, version, max(1, -(-named_count // settings.batch_size))
            )
        summary.where = where.where
        with ExitStack() as stack:
            runner = None  # started with the first batch that has work: an unchanged rerun starts none
            passed = 0
            for batch, early_rejects in batches:
                progress.advance(counts.passed - passed)  # what discovery passed over counts as done
                passed = counts.passed
                with _timed(summary, "read"), trace.stage("read"):
                    raw, read_rejects = read_batch(batch, settings, run_id)
                    fresh = _changed(raw, warehouse, version)
                summary.unchanged += raw.height - fresh.height
                if runner is None and where.runner is not None and fresh.height:
                    runner = stack.enter_context(where.runner)
                future = _submit(runner if fresh.height else None, fresh, run_id, version, settings.min_text_chars)
                in_flight.append((future, early_rejects + read_rejects, len(batch) + len(early_rejects)))
                while len(in_flight) >= where.slots:
                    load_oldest()
            while in_flight:
                load_oldest()
            progress.advance(counts.passed - passed)
        summary.seen = counts.seen
        summary.unchanged += counts.unchanged
        summary.skipped = sum(counts.skipped_by_reason.values())
        summary.skipped_by_reason = dict(counts.skipped_by_reason)
        for state in states:
            state["last_new"] = counts.by_source[state["name"]]
        progress.close()
        summary.seconds = time.perf_counter() - started
        summary.rejects_by_reason = dict(reject_reasons)
        warehouse.save_source_state(states)
        summary.top_events = warehouse.top_events(run_id)
        warehouse.finish_run(run_id, "completed", summary.counts())
        if settings.publish:
            with _timed(summary, "publish"):
                try:
                    summary.published = str(publish(warehouse.con, settings.publish_root))
                except PublishError as err:
                    summary.publish_error = str(err)
                    logger.error("%s", err)
    except BaseException as err:
        warehouse.finish_run(run_id, "failed", summary.counts(), error=f"{type(err).__name__}: {err}")
        raise
    finally:
        warehouse.close()
    create_markdown_artifact(
        markdown=summary.markdown(),
        key="eventwire-run-summary",
        description="Articles seen, new, updated, rejected; events; time per stage",
    )
    return summary.as_dict()
