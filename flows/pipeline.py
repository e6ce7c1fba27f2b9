"""The main job: a Prefect flow from inputs to the warehouse.

Tasks work on batches (Prefect's per-task bookkeeping costs milliseconds, far too much per
article); frames pass between them in memory; `load_batch` is the only task that writes
the warehouse, one transaction per batch.
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import trafilatura
from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NONE as NO_CACHE
from prefect.runtime import flow_run

from flows.progress import LazyProgress
from flows.reading import read_inputs
from flows.reference import Reference, load_reference
from flows.settings import PIPELINE_VERSION, Settings
from flows.sources import Input, discover
from flows.summary import RunSummary
from flows.warehouse import BatchStats, Warehouse
from transforms.analysis import Analysis, analyse
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


@task(name="discover", cache_policy=NO_CACHE)
def discover_inputs(specs: list[str], run_id: str) -> tuple[list[Input], list[dict]]:
    """Expand folders, globs, list files and URLs into inputs."""
    return discover(specs, run_id=run_id, now=_now())


@task(name="reference", cache_policy=NO_CACHE)
def reference_task(seeds_dir: str) -> str:
    """Build the dictionaries and rules from seeds/ (cached per process); returns their fingerprint.

    The built objects stay out of task parameters and results: Prefect walks every parameter
    to record task inputs, and a lexicon of a few hundred thousand entries costs seconds a call.
    """
    return load_reference(Path(seeds_dir)).fingerprint


@task(name="read", cache_policy=NO_CACHE)
def read_batch(items: list[Input], settings: Settings, run_id: str) -> tuple[pl.DataFrame, list[dict]]:
    """Bytes of a batch of inputs (files or URLs)."""
    return read_inputs(items, settings, run_id=run_id)


@task(name="extract", cache_policy=NO_CACHE)
def extract_task(raw: pl.DataFrame, run_id: str, version: str, min_chars: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Clean text and metadata with trafilatura."""
    return extract_batch(raw, run_id=run_id, extractor_version=version, now=_now(), min_chars=min_chars)


@task(name="analyse", cache_policy=NO_CACHE)
def analyse_task(articles: pl.DataFrame, seeds_dir: str) -> Analysis:
    """Sentences, entities and events of a batch."""
    reference: Reference = load_reference(Path(seeds_dir))
    return analyse(articles, reference.lexicon, reference.rules)


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
    )


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
    show_progress: bool | None = None,
) -> dict:
    """Read the inputs (default: the bundled sample articles), extract, analyse and load them."""
    settings = Settings.load(db=db, inputs=inputs, max_bytes=max_bytes, batch_size=batch_size)
    logger = get_run_logger()
    run_id = _current_run_id()
    summary = RunSummary(run_id=run_id, db_path=str(settings.db_path))
    started = time.perf_counter()
    reject_reasons: Counter[str] = Counter()
    warehouse = Warehouse.open(settings.db_path)
    try:
        warehouse.start_run(run_id, FLOW_NAME, " ".join(settings.inputs))
        with _timed(summary, "discover"):
            items, discover_rejects = discover_inputs(list(settings.inputs), run_id)
        with _timed(summary, "reference"):
            seeds_fingerprint = reference_task(str(settings.seeds_dir))
        version = f"p{PIPELINE_VERSION}-trafilatura{trafilatura.__version__}-seeds{seeds_fingerprint}"
        known = warehouse.known_inputs()
        summary.seen = len(items) + len(discover_rejects)
        progress = LazyProgress(summary.seen, enabled=show_progress)
        pending_rejects = discover_rejects
        batches = _chunks(items, settings.batch_size) or [[]]
        for number, batch in enumerate(batches, start=1):
            with _timed(summary, "read"):
                raw, read_rejects = read_batch(batch, settings, run_id)
            fresh = (
                raw.filter([known.get(a) != (h, version) for a, h in raw.select("article_id", "raw_hash").iter_rows()])
                if raw.height
                else raw
            )
            summary.unchanged += raw.height - fresh.height
            with _timed(summary, "extract"):
                articles, extract_rejects = extract_task(fresh, run_id, version, settings.min_text_chars)
            with _timed(summary, "analyse"):
                analysis = analyse_task(articles, str(settings.seeds_dir))
            rejects = pl.concat([pl.DataFrame(pending_rejects + read_rejects, schema=REJECT_SCHEMA), extract_rejects])
            pending_rejects = []
            with _timed(summary, "load"):
                stats = load_batch(warehouse, analysis, rejects)
            summary.new += stats.new
            summary.updated += stats.updated
            summary.rejected += stats.rejected
            summary.events += stats.events
            reject_reasons.update(f"{s}/{r}" for s, r in rejects.select("stage", "reason").iter_rows())
            progress.advance(len(batch) + (len(discover_rejects) if number == 1 else 0))
            logger.info(
                "loaded batch %d/%d: %d articles, %d rejects, %d events",
                number,
                len(batches),
                stats.new + stats.updated,
                stats.rejected,
                stats.events,
            )
        progress.close()
        summary.seconds = time.perf_counter() - started
        summary.rejects_by_reason = dict(reject_reasons)
        warehouse.finish_run(run_id, "completed", summary.counts())
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
