"""A progress bar on a terminal, only once a run has lasted a couple of seconds."""

from __future__ import annotations

import time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


class LazyProgress:
    """Counts articles; draws a bar on stderr when it is a terminal and the run is not instant."""

    def __init__(
        self, total: int, *, enabled: bool | None = None, delay_s: float = 2.0, console: Console | None = None
    ) -> None:
        self.total = total
        self.console = console or Console(stderr=True)
        self.enabled = self.console.is_terminal if enabled is None else enabled
        self.delay_s = delay_s
        self.started = time.monotonic()
        self.done = 0
        self._bar: Progress | None = None
        self._task = None

    def advance(self, n: int) -> None:
        self.done += n
        if not self.enabled:
            return
        if self._bar is None and time.monotonic() - self.started >= self.delay_s:
            self._bar = Progress(
                TextColumn("eventwire"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                transient=True,
                console=self.console,
            )
            self._bar.start()
            self._task = self._bar.add_task("articles", total=self.total)
        if self._bar is not None:
            self._bar.update(self._task, completed=self.done)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
