"""How the command line writes: results as a table for people or CSV / JSON for scripts, and
errors as one line with exit status 2. Shared by `flows.cli` and its `eval` commands."""

from __future__ import annotations

import json
import sys
from enum import StrEnum

import typer


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def fail(message: str, code: int = 2) -> None:
    """One line on stderr and exit status 2: bad input is a clear error, not a traceback."""
    typer.echo(f"eventwire: error: {message}", err=True)
    raise typer.Exit(code)


def emit(frame, fmt: OutputFormat, max_rows: int) -> None:
    """A result as a table for people, or CSV or JSON rows for scripts."""
    if fmt is OutputFormat.csv:
        sys.stdout.write(frame.write_csv())
    elif fmt is OutputFormat.json:
        sys.stdout.write(json.dumps(frame.to_dicts(), default=str, ensure_ascii=False) + "\n")
    else:
        print_table(frame, max_rows)


def print_table(frame, max_rows: int) -> None:
    """A frame as a rich table (column names over their types), at most `max_rows` rows, with a
    line saying how many rows there were and how to see them all."""
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for name, dtype in frame.schema.items():
        table.add_column(f"{name}\n{dtype}", overflow="fold", max_width=60)
    for row in frame.head(max_rows).iter_rows():
        table.add_row(*("NULL" if v is None else str(v) for v in row))
    console = Console()
    console.print(table)
    if frame.height > max_rows:
        console.print(f"{frame.height} rows, {max_rows} shown (--max-rows, or --format csv for all)")
    else:
        console.print(f"{frame.height} rows")
