"""`eventwire eval`: score the pipeline on external evaluation sets, at paths the user gives
(the sets are never copied into the project). Each command imports its harness when it runs,
so the rest of the command line starts without them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from flows.cli_output import OutputFormat, emit, print_table
from flows.cli_output import fail as _fail

eval_app = typer.Typer(help="Score the pipeline on external evaluation sets (paths you give).", no_args_is_help=True)


# Options several eval commands share.
PartOption = Annotated[
    str, typer.Option("--part", help="tune, check or both: the parts of the dev set (a hash of each id).")
]
TableOrJson = Annotated[OutputFormat, typer.Option("--format", "-f", help="table or json.")]


@eval_app.command("ner")
def eval_ner(
    path: Annotated[
        Path, typer.Argument(help="A CoNLL-2003-format file, e.g. eng.testa.", exists=True, dir_okay=False)
    ],
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="table, csv or json.")] = OutputFormat.table,
) -> None:
    """Span-level precision, recall and F1 of named entities, per CoNLL type and overall."""
    import time

    import polars as pl

    from flows.evaluation.ner import evaluate_ner
    from flows.reference import load_ner

    started = time.perf_counter()
    scores = evaluate_ner(path, load_ner())
    seconds = time.perf_counter() - started
    rows = [{"type": k, **v} for k, v in scores.items() if isinstance(v, dict)]
    if fmt is OutputFormat.json:
        typer.echo(json.dumps({"scores": rows, "tokens": scores["tokens"], "seconds": round(seconds, 2)}))
        return
    emit(pl.DataFrame(rows), fmt, 20)
    if fmt is OutputFormat.table:
        typer.echo(
            f"{scores['documents']} documents, {scores['tokens']} tokens, "
            f"{scores['tokens'] / seconds:.0f} tokens/s (NER and scoring)"
        )


@eval_app.command("geo")
def eval_geo(
    path: Annotated[
        Path, typer.Argument(help="LGL.xml or GeoVirus.xml (or a file in either schema).", exists=True, dir_okay=False)
    ],
    fmt: TableOrJson = OutputFormat.table,
    details: Annotated[
        Path | None,
        typer.Option("--details", help="Also write one CSV row per gold toponym (what we found, the error) here."),
    ] = None,
) -> None:
    """Toponym detection P/R/F1, country accuracy, share within 161 km and median error."""
    import time

    import polars as pl

    from flows.evaluation.geo import evaluate_geo
    from flows.gazetteer import load_gazetteer
    from flows.reference import load_reference
    from flows.settings import SEEDS_DIR

    started = time.perf_counter()
    reference = load_reference(SEEDS_DIR)
    countries = pl.read_csv(SEEDS_DIR / "countries.csv", infer_schema_length=None)
    rows: list[dict] = []
    scores = evaluate_geo(path, reference, load_gazetteer(SEEDS_DIR, countries), countries, details=rows)
    if details is not None:
        pl.DataFrame(rows, infer_schema_length=None).write_csv(details)
    scores["seconds"] = round(time.perf_counter() - started, 1)
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(scores))
        return

    def flat(figures: dict) -> dict:
        out = {k: v for k, v in figures.items() if not isinstance(v, dict)}
        out.update({f"detection_{k}": v for k, v in figures["detection"].items()})
        return out

    columns = {"all": flat(scores), **{p: flat(f) for p, f in scores.get("parts", {}).items()}}
    rows = [{"metric": k, **{c: str(f.get(k)) for c, f in columns.items()}} for k in columns["all"]]
    print_table(pl.DataFrame(rows), 40)


@eval_app.command("events")
def eval_events(
    path: Annotated[
        Path,
        typer.Argument(
            help="PLOVER_GSR_CAMEO.json, the CASE 2021 task 2 TSV, GVA incidents (.jsonl or .jsonl.gz) "
            "or WikiEvents (.jsonl).",
            exists=True,
            dir_okay=False,
        ),
    ],
    fmt: TableOrJson = OutputFormat.table,
    limit: Annotated[int | None, typer.Option("--limit", help="GVA: score only the first N incidents.")] = None,
    part: PartOption = "both",
    min_confidence: Annotated[
        float | None,
        typer.Option("--min-confidence", help="GVA, WikiEvents: the views' floor (default EVENTWIRE_MIN_CONFIDENCE)."),
    ] = None,
    nightly: Annotated[
        bool,
        typer.Option("--nightly", help="GVA: cluster one publication day at a time through the writer's SQL (slower)."),
    ] = False,
) -> None:
    """Event type accuracy, macro-F1 and false positives (PLOVER), ACLED type accuracy (CASE),
    casualties as a dashboard sums them, per article and per incident, and clusters (GVA),
    precision on whole articles (WikiEvents); each on the tuning and the checking part."""
    import time

    import polars as pl

    from flows.evaluation.events import evaluate_events
    from flows.evaluation.split import parts_wanted
    from flows.reference import load_reference
    from flows.settings import SEEDS_DIR

    started = time.perf_counter()
    try:
        parts = parts_wanted(part)
        scores = evaluate_events(path, load_reference(SEEDS_DIR), limit, parts, min_confidence, nightly)
    except ValueError as exc:
        typer.echo(f"eventwire: error: {exc}", err=True)
        raise typer.Exit(2) from exc
    scores["seconds"] = round(time.perf_counter() - started, 1)
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(scores, default=str))
        return
    by_part = scores["parts"]
    metrics = list(dict.fromkeys(k for p in by_part.values() for k in p))
    rows = [{"metric": m, **{p: _cell(by_part[p].get(m)) for p in by_part}} for m in metrics]
    rows.append({"metric": "seconds", **{p: str(scores["seconds"]) if i == 0 else "" for i, p in enumerate(by_part)}})
    print_table(pl.DataFrame(rows), 60)


def _cell(value: object) -> str:
    """A metric's value as one table cell (a dict of bands or types as `key: value` pairs)."""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    return "" if value is None else str(value)


@eval_app.command("feeds")
def eval_feeds(
    folder: Annotated[
        Path,
        typer.Argument(help="A folder of RSS/Atom captures (.xml), e.g. rss-feeds/.", exists=True, file_okay=False),
    ],
    fmt: TableOrJson = OutputFormat.table,
) -> None:
    """Feed reading on real captures served locally: items, links read, distinct, dated, 304s."""
    import polars as pl

    from flows.evaluation.feeds import evaluate_feeds

    try:
        scores = evaluate_feeds(folder)
    except ValueError as exc:
        _fail(str(exc))
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(scores))
        return
    print_table(pl.DataFrame(scores.pop("per_feed")), 100)
    print_table(pl.DataFrame([{"metric": k, "value": str(v)} for k, v in scores.items()]), 40)


@eval_app.command("extraction")
def eval_extraction(
    path: Annotated[
        Path,
        typer.Argument(
            help="The article-extraction benchmark folder (ground-truth.json, html/) or trafilatura's "
            "evaluation set (evaldata_en.json, html/).",
            exists=True,
        ),
    ],
    fmt: TableOrJson = OutputFormat.table,
    part: PartOption = "both",
    too_little: Annotated[
        int | None,
        typer.Option("--too-little", help="Characters under which precision mode's text asks for recall's."),
    ] = None,
) -> None:
    """Main-text extraction F1 with trafilatura's precision mode alone and with the fallbacks to
    recall mode and the baseline; pages without text, pages rescued, text by mode."""
    import polars as pl

    from flows.evaluation.extraction import evaluate_extraction

    try:
        scores = evaluate_extraction(path, part, too_little)
    except ValueError as exc:
        _fail(str(exc))
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(scores))
        return
    rows = [
        {"part": name, "setting": setting, **{k: _cell(v) for k, v in figures.items()}}
        for name, settings in scores.items()
        if name != "dataset"
        for setting, figures in settings.items()
    ]
    typer.echo(f"dataset: {scores['dataset']}")
    print_table(pl.DataFrame(rows), 20)
