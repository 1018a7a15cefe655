"""Stage timings for the benchmark: gather, facts, checks, scoring, render, and when the workers ran (written only when asked)."""

from __future__ import annotations

from typing import Callable

import json
import os
import time
from contextlib import contextmanager
from typing import Iterator

_TOTALS: dict[str, float] = {}
_SLOWEST: dict[str, float] = {}
_MARKS: dict[str, float] = {}

Progress = Callable[[str, str, int, int], None]
"""Told (stage, repository name, done, total) as a run goes: stage is "cloning" or "assessing"."""


def add(stage: str, seconds: float) -> None:
    """Add SECONDS to a stage's total; a "slowest PATH" entry is kept only when it is the slowest so far."""
    if stage.startswith("slowest "):
        if seconds > max(_SLOWEST.values(), default=-1.0):
            _SLOWEST.clear()
            _SLOWEST[stage.removeprefix("slowest ")] = seconds
        return
    _TOTALS[stage] = _TOTALS.get(stage, 0.0) + seconds


def mark(event: str) -> None:
    """Note when EVENT happened (wall-clock seconds since the epoch, comparable across processes; the last one kept)."""
    _MARKS[event] = time.time()


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Time a block as part of stage NAME."""
    start = time.perf_counter()
    try:
        yield
    finally:
        add(name, time.perf_counter() - start)


def dump() -> None:
    """Write the totals to $READINESS_TIMINGS (a JSON file) when that variable is set."""
    path = os.environ.get("READINESS_TIMINGS")
    if path:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump({**_TOTALS, "slowest file": _SLOWEST, "marks": _MARKS}, handle)
