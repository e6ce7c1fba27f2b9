"""`eventwire`: run the pipeline, query the warehouse.

Prefect's own logging is turned down to warnings unless `--verbose`, so that a run prints
its summary, not the orchestration chatter; the same summary is stored as a Prefect artifact.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from flows.cli_eval import eval_app
from flows.cli_output import OutputFormat, emit, print_table
from flows.cli_output import fail as _fail

app = typer.Typer(
    name="eventwire",
    help="News articles in, a DuckDB warehouse of who did what to whom, where and when out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db", help="Warehouse file. Default: $EVENTWIRE_DB, else data/warehouse.duckdb.", show_default=False
    ),
]


@app.command()
def run(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Folders, globs, files (.html .htm .txt), URLs, or list files (.list .urls) "
            "with one path or URL a line. Default: the bundled seeds/articles/."
        ),
    ] = None,
    db: DbOption = None,
    max_bytes: Annotated[
        int | None,
        typer.Option(help="Reject inputs larger than this many bytes (default 10 MB, or $EVENTWIRE_MAX_BYTES)."),
    ] = None,
    batch_size: Annotated[
        int | None, typer.Option(help="Articles per batch and per transaction (default 200).")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            help="Local processes for extraction and NLP (default $EVENTWIRE_WORKERS, else every core "
            "that memory allows; a run of one batch stays in this process)."
        ),
    ] = None,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            help="A Dask scheduler (tcp://HOST:8786, or $EVENTWIRE_DASK_ADDRESS) whose workers run "
            "extraction and NLP; the warehouse is still written here.",
            show_default=False,
        ),
    ] = None,
    sources: Annotated[
        Path | None,
        typer.Option(
            "--sources",
            help="A sources file (TOML) of feeds, sitemaps, URL lists, folders and WARC files "
            "(see sources.example.toml); with it, the bundled articles are not read unless named.",
            dir_okay=False,
        ),
    ] = None,
    refetch: Annotated[
        bool,
        typer.Option(
            "--refetch",
            help="Fetch web pages and WARC records again even when already loaded, and ask again for "
            "pages rejected before that are not due yet.",
        ),
    ] = False,
    reextract: Annotated[
        bool,
        typer.Option(
            "--reextract",
            help="Extract every stored web page and WARC record again from the raw store, without fetching.",
        ),
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Prefect's logs.")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Read articles, extract text, entities and events, and load them into the warehouse."""
    if max_bytes is not None and max_bytes <= 0:
        _fail("--max-bytes must be positive")
    if batch_size is not None and batch_size <= 0:
        _fail("--batch-size must be positive")
    if workers is not None and workers <= 0:
        _fail("--workers must be positive")
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

    from flows.pipeline import run_pipeline
    from flows.reference import extractor_version
    from flows.runners import ClusterError, check_cluster, dask_address
    from flows.settings import Settings
    from flows.warehouse import Warehouse, WarehouseError
    from flows.web_sources import load_sources

    address = dask_address(cluster)
    try:
        settings = Settings.load(db=db, inputs=inputs, max_bytes=max_bytes, batch_size=batch_size, workers=workers)
        if sources is not None:
            load_sources(sources)  # a broken sources file fails here, in one line
        Warehouse.open(settings.db_path).close()  # fail fast, before starting Prefect
        if address:
            check_cluster(address, extractor_version(settings.seeds_dir))  # unreachable, or another version
    except (ValueError, WarehouseError, ClusterError) as err:
        _fail(str(err))
    try:
        summary = run_pipeline(
            inputs=list(inputs or ([] if sources or reextract else settings.inputs)),
            db=str(settings.db_path),
            max_bytes=settings.max_bytes,
            batch_size=settings.batch_size,
            workers=settings.workers,
            sources=str(sources) if sources else None,
            refetch=refetch,
            reextract=reextract,
            cluster=address,
        )
    except WarehouseError as err:
        _fail(str(err))
    except Exception as err:
        _fail(f"the run failed: {type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}", code=1)
    from flows.summary import RunSummary

    if json_out:
        typer.echo(json.dumps(summary, default=str))
    else:
        typer.echo(RunSummary(**summary).text())


@app.command()
def serve(
    cron: Annotated[str, typer.Option(help="When to run, as a cron expression.")] = "0 2 * * *",
    timezone: Annotated[str, typer.Option(help="The time zone the cron expression is read in.")] = "UTC",
    sources: Annotated[
        Path | None, typer.Option("--sources", help="The sources file each night's run reads.", dir_okay=False)
    ] = None,
    db: DbOption = None,
    name: Annotated[str, typer.Option(help="The deployment's name.")] = "eventwire-nightly",
    workers: Annotated[
        int | None,
        typer.Option(help="Local processes for extraction and NLP in each run (default: every core memory allows)."),
    ] = None,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            help="A Dask scheduler (or $EVENTWIRE_DASK_ADDRESS) for each run's extraction and NLP; "
            "a parameter of the deployment.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Register the nightly run as a Prefect deployment on a cron schedule and serve it (runs
    until stopped). Needs a running Prefect server (PREFECT_API_URL): Prefect does not schedule
    on the temporary local server a plain `eventwire run` starts."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    import httpx
    from prefect.schedules import Cron

    try:
        schedule = Cron(cron, timezone=timezone)
        ZoneInfo(timezone)
    except ValueError as err:
        _fail(f"--cron {cron!r} does not parse: {str(err).splitlines()[0]}")
    except ZoneInfoNotFoundError:
        _fail(f"--timezone {timezone!r} is not a time zone (e.g. UTC, Europe/Berlin)")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

    from flows.pipeline import run_pipeline
    from flows.runners import dask_address
    from flows.settings import Settings
    from flows.warehouse import Warehouse, WarehouseError
    from flows.web_sources import load_sources

    try:
        settings = Settings.load(db=db)
        if sources is not None:
            load_sources(sources)
        Warehouse.open(settings.db_path).close()  # a warehouse it cannot write fails now, not at 02:00
    except (ValueError, WarehouseError) as err:
        _fail(str(err))
    api = os.environ.get("PREFECT_API_URL")
    if not api:
        _fail(
            "eventwire serve needs a running Prefect server: start one (`prefect server start`) and set "
            "PREFECT_API_URL, e.g. http://127.0.0.1:4200/api"
        )
    try:
        httpx.get(f"{api.rstrip('/')}/health", timeout=10).raise_for_status()
    except httpx.HTTPError as err:
        _fail(f"the Prefect server at {api} is unreachable: {type(err).__name__}")
    parameters: dict = {"db": str(settings.db_path.resolve()), "workers": workers, "cluster": dask_address(cluster)}
    if sources is not None:
        parameters["sources"] = str(sources.resolve())
    typer.echo(f"serving {name}: {cron} ({timezone}) -> {settings.db_path}; stop with Ctrl-C")
    run_pipeline.serve(name=name, schedule=schedule, parameters=parameters, print_starting_message=False)


@app.command()
def report(
    db: DbOption = None,
    out: Annotated[Path, typer.Option("--out", help="Where to write the HTML file.", dir_okay=False)] = Path(
        "data/report.html"
    ),
) -> None:
    """Write one self-contained HTML report (opens offline): events per day by type, top actor
    pairs, casualties by country, and a map of event locations."""
    import duckdb

    from flows.report import write_report
    from flows.settings import Settings

    settings = Settings.load(db=db)
    if not settings.db_path.exists():
        _fail(f"no warehouse at {settings.db_path}: run `eventwire run` first")
    try:
        path = write_report(settings.db_path, out)
    except duckdb.Error as err:
        _fail(f"cannot read {settings.db_path}: {str(err).splitlines()[0]}")
    except OSError as err:
        _fail(f"cannot write {out}: {err.strerror or err}")
    typer.echo(f"report written: {path} ({path.stat().st_size:,} bytes)")


@app.command(name="sources")
def list_sources(
    path: Annotated[Path, typer.Argument(help="The sources file (TOML).", dir_okay=False)],
    db: DbOption = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="table, csv or json.")] = OutputFormat.table,
) -> None:
    """List the sources of a sources file with what was last fetched from each, and how many of
    its pages the next run skips: rejected before and not due again (`skipped`, by reason)."""
    import duckdb
    import polars as pl

    from flows.settings import Settings
    from flows.warehouse import Warehouse, WarehouseError
    from flows.web_sources import load_sources

    try:
        listed = load_sources(path)
        settings = Settings.load(db=db)
        state: dict[str, dict] = {}
        waiting: dict[str, dict[str, int]] = {}
        if settings.db_path.exists():
            with Warehouse.open(settings.db_path, read_only=True) as wh:
                try:
                    state = wh.source_state()
                    waiting = wh.waiting_by_source(datetime.now(UTC).replace(tzinfo=None))
                except duckdb.Error:  # a warehouse from before sources files: nothing fetched yet
                    state = {}
    except (ValueError, WarehouseError) as err:
        _fail(str(err))
    rows = [
        {
            "name": s.name,
            "kind": s.kind,
            "location": s.location,
            "last_fetched_at": str(state.get(s.name, {}).get("last_fetched_at") or ""),
            "last_status": state.get(s.name, {}).get("last_status") or "never fetched",
            "last_links": state.get(s.name, {}).get("last_links"),
            "last_new": state.get(s.name, {}).get("last_new"),
            "skipped": sum(waiting.get(s.name, {}).values()),
            "skipped_why": ", ".join(f"{k} {v}" for k, v in waiting.get(s.name, {}).items()),
        }
        for s in listed
    ]
    frame = pl.DataFrame(rows)
    if fmt is OutputFormat.json:
        typer.echo(json.dumps(rows, default=str))
    elif fmt is OutputFormat.csv:
        typer.echo(frame.write_csv(), nl=False)
    else:
        print_table(frame, len(rows))


@app.command()
def query(
    sql: Annotated[str | None, typer.Argument(help="The SQL to run against the warehouse (read-only).")] = None,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file", help="Read the SQL from a file (e.g. sql/queries/who_accuses_whom.sql).", dir_okay=False
        ),
    ] = None,
    db: DbOption = None,
    fmt: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="table for people (fitted to the terminal; one record per block when too wide), records "
            "(one block a row), md (Markdown, to paste), csv or json for scripts.",
        ),
    ] = OutputFormat.table,
    max_rows: Annotated[int, typer.Option(help="Rows shown as table, records or md (csv and json print all).")] = 50,
) -> None:
    """Run SQL against the warehouse and print the result."""
    import duckdb

    if (sql is None) == (file is None):
        _fail("give the SQL as an argument or with --file, not both")
    if file is not None:
        try:
            sql = file.read_text(encoding="utf-8")
        except OSError as err:
            _fail(f"{file}: {err.strerror or err}")

    from flows.settings import Settings
    from flows.warehouse import Warehouse, WarehouseError

    try:
        wh = Warehouse.open(Settings.load(db=db).db_path, read_only=True)
    except WarehouseError as err:
        _fail(str(err))
    with wh:
        try:
            frame = wh.query(sql)
        except duckdb.Error as err:
            _fail(str(err).strip().splitlines()[0])
        except AttributeError:  # a statement with no result (e.g. SET)
            return
    emit(frame, fmt, max_rows)


app.add_typer(eval_app, name="eval")  # `eventwire eval ...`: flows/cli_eval.py


def main() -> None:
    app()


if __name__ == "__main__":
    main()
