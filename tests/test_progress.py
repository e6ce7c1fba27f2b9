"""The progress bar appears on a terminal once a run lasts, and never on a pipe."""

from __future__ import annotations

import io

from rich.console import Console

from flows.progress import LazyProgress


def _terminal() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, width=100), out


def test_bar_drawn_on_a_terminal_after_the_delay():
    console, out = _terminal()
    bar = LazyProgress(10, console=console, delay_s=0.0)
    bar.advance(4)
    bar.close()
    assert "eventwire" in out.getvalue() and "4/10" in out.getvalue()


def test_no_bar_for_a_quick_run():
    console, out = _terminal()
    bar = LazyProgress(10, console=console, delay_s=60.0)
    bar.advance(10)
    bar.close()
    assert out.getvalue() == ""


def test_no_bar_when_not_a_terminal():
    out = io.StringIO()
    bar = LazyProgress(10, console=Console(file=out, force_terminal=False), delay_s=0.0)
    bar.advance(10)
    bar.close()
    assert out.getvalue() == ""
