"""Progress on stderr for multi-repository runs: a rich bar on a terminal, plain log lines otherwise, nothing when quiet."""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING, Any

from readiness.sanitize import sanitize

if TYPE_CHECKING:  # rich is imported only when a bar is drawn
    from rich.console import Console
    from rich.progress import Progress

log = logging.getLogger("readiness")


class TerminalProgress:
    """A bar per stage (cloning, assessing): repositories done of the total, the current one, elapsed time and ETA."""

    def __init__(self, console: Console | None = None) -> None:
        from rich.console import Console

        self.console = console or Console(stderr=True)
        self.bar: Progress | None = None
        self.tasks: dict[str, Any] = {}

    def __call__(self, stage: str, name: str, done: int, total: int) -> None:
        if total <= 1:
            return
        if self.bar is None:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

            self.bar = Progress(
                TextColumn("{task.description:<9}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[current]}"),
                TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(), console=self.console, transient=True,
            )
            self.bar.start()
        if stage not in self.tasks:
            self.tasks[stage] = self.bar.add_task(stage, total=total, current="")
        self.bar.update(self.tasks[stage], completed=done, current=sanitize(name))
        if all(t.finished for t in self.bar.tasks):
            self.bar.stop()
            self.bar, self.tasks = None, {}


def log_progress(stage: str, name: str, done: int, total: int) -> None:
    """One log line per repository ("assessing churn-model (3/18)")."""
    log.info("%s %s (%d/%d)", stage, name, done, total)


def progress(quiet: int, stream: Any = None):
    """The progress callback for a run: None when quiet, a bar when STREAM (stderr) is a terminal, else log lines."""
    if quiet:
        return None
    stream = stream or sys.stderr
    if stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb":
        from rich.console import Console

        return TerminalProgress(Console(file=stream))
    return log_progress
