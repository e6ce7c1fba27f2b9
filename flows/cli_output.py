"""How the command line writes: results as a table for people (fitted to the terminal's width),
one record per block for results too wide for it, Markdown for pasting, CSV / JSON for
scripts, and errors as one line with exit status 2. Shared by `flows.cli` and its `eval`
commands."""

from __future__ import annotations

import json
import shutil
import sys
import textwrap
from enum import StrEnum

import typer


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    records = "records"
    md = "md"


# A table column narrower than this shows too little of anything: past it the result is
# printed one record per block instead (as psql's expanded display does).
MIN_COLUMN = 8
# What a cell shows at most in a table before it is cut with an ellipsis.
MAX_COLUMN = 60


def fail(message: str, code: int = 2) -> None:
    """One line on stderr and exit status 2: bad input is a clear error, not a traceback."""
    typer.echo(f"eventwire: error: {message}", err=True)
    raise typer.Exit(code)


def emit(frame, fmt: OutputFormat, max_rows: int) -> None:
    """A result as a table for people (or records, where its columns do not fit), Markdown, or
    CSV or JSON rows for scripts."""
    if fmt is OutputFormat.csv:
        sys.stdout.write(frame.write_csv())
    elif fmt is OutputFormat.json:
        sys.stdout.write(json.dumps(frame.to_dicts(), default=str, ensure_ascii=False) + "\n")
    elif fmt is OutputFormat.md:
        sys.stdout.write(markdown_table(frame, max_rows) + "\n")
    elif fmt is OutputFormat.records:
        print_records(frame, max_rows)
    else:
        print_table(frame, max_rows)


def _cell(value: object) -> str:
    return "NULL" if value is None else str(value)


def terminal_width() -> int:
    """The terminal's columns (COLUMNS where set, 80 when not a terminal)."""
    return shutil.get_terminal_size((80, 24)).columns


def _natural(frame) -> list[int]:
    """Each column's width for its name, its type and its longest cell (of the first rows)."""
    return [
        min(MAX_COLUMN, max([len(name), len(str(dtype)), *(len(_cell(v)) for v in frame[name].head(50).to_list())]))
        for name, dtype in frame.schema.items()
    ]


def _widths(natural: list[int], width: int) -> list[int] | None:
    """Each column's width in a table `width` wide: what it needs, the widest cut first, short
    columns never under what they need (up to 16), none under MIN_COLUMN; None when they
    cannot all fit."""
    room = width - 3 * len(natural) - 1
    for cap in (16, MIN_COLUMN):
        least = [min(n, cap) for n in natural]
        if sum(least) <= room:
            break
    else:
        return None
    widths = list(natural)
    while sum(widths) > room:
        widest = max(range(len(widths)), key=lambda i: widths[i] - least[i])
        widths[widest] -= 1
    return widths


def print_table(frame, max_rows: int) -> None:
    """A frame as a table (column names over their types) no wider than the terminal: long
    cells are cut with an ellipsis, and a result whose columns do not fit is printed one
    record per block instead. At most `max_rows` rows, with a line saying how many there were."""
    from rich.console import Console
    from rich.table import Table

    width = terminal_width()
    widths = _widths(_natural(frame), width)
    if frame.width and widths is None:
        print_records(frame, max_rows, note=f"{frame.width} columns do not fit in {width}: one record per block")
        return
    table = Table(show_lines=False)
    for (name, dtype), fixed in zip(frame.schema.items(), widths or [], strict=False):
        table.add_column(f"{name}\n{dtype}", overflow="ellipsis", no_wrap=True, width=fixed)
    for row in frame.head(max_rows).iter_rows():
        table.add_row(*(_cell(v) for v in row))
    console = Console(width=width)
    console.print(table)
    _count_line(frame, max_rows, console.print)


def print_records(frame, max_rows: int, note: str | None = None) -> None:
    """One block a row, one line a column (`name | value`), values wrapped to the terminal."""
    width = terminal_width()
    label = max((len(name) for name in frame.columns), default=0)
    room = max(width - label - 3, 20)
    lines = [f"({note})"] if note else []
    for n, row in enumerate(frame.head(max_rows).iter_rows(named=True), start=1):
        lines.append(f"-[ record {n} ]".ljust(min(width, label + 3 + room), "-"))
        for name, value in row.items():
            wrapped = textwrap.wrap(_cell(value), room, break_long_words=True, replace_whitespace=True) or [""]
            lines.append(f"{name.ljust(label)} | {wrapped[0]}")
            lines.extend(f"{'':{label}} | {more}" for more in wrapped[1:])
    typer.echo("\n".join(lines))
    _count_line(frame, max_rows, typer.echo)


def markdown_table(frame, max_rows: int) -> str:
    """A GitHub-flavoured Markdown table, pipes escaped and line breaks as spaces."""

    def md(value: object) -> str:
        return " ".join(_cell(value).split()).replace("|", "\\|")

    head = "| " + " | ".join(md(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    rows = ["| " + " | ".join(md(v) for v in row) + " |" for row in frame.head(max_rows).iter_rows()]
    return "\n".join([head, rule, *rows])


def _count_line(frame, max_rows: int, echo) -> None:
    if frame.height > max_rows:
        echo(f"{frame.height} rows, {max_rows} shown (--max-rows, or --format csv for all)")
    else:
        echo(f"{frame.height} rows")
