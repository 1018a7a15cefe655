"""Unchanged reruns: the whole report kept beside the repositories' cached reports, reused when no input changed.

A report is a function of readiness's code, the configuration, the subject and candidate, and each repository's
tree state; when all of them are the same as in a kept report, it is reused with a new time stamp and nothing
is assessed or scored again (not even loaded: an unchanged rerun costs its inputs' check and one file's read).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from readiness.models import Person, Report
from readiness.pipeline.cache import code_digest, load_entry, store_entry, tree_state

if TYPE_CHECKING:
    from readiness.pipeline.config import Config
    from readiness.sources.local import RepoSource

FOLDER = "reports"


def generated_at() -> str:
    """Now in RFC 3339 UTC, or SOURCE_DATE_EPOCH for reproducible reports."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch and epoch.isdigit() else datetime.now(timezone.utc)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def report_key(sources: list["RepoSource"], config: "Config", subject: str, person: Person | None,
               states: dict[Path, str] | None = None) -> str | None:
    """What a whole report depends on, as one digest; None without a cache or when a tree state can't be read.
    STATES, when given, receives each repository's tree state (the repositories' own cache keys use them)."""
    if config.report_cache is None:
        return None
    settings = dataclasses.replace(config, jobs=1, report_cache=None)  # neither changes a result
    parts = [code_digest(), subject, repr(person), repr(settings)]
    for source in sources:
        state = tree_state(source.path, config.report_cache / "trees")
        if state is None:
            return None
        if states is not None:
            states[source.path] = state
        parts.append(f"{source.name}|{source.origin}|{source.fork}|{source.sparse}|{state}")
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def _path(cache_dir: Path, key: str) -> Path:
    return cache_dir / FOLDER / f"{key}.json"


def kept_report(cache_dir: Path, key: str) -> Report | None:
    """The report kept under KEY, stamped now; None when absent or unreadable (a bad entry is never trusted)."""
    report = load_entry(_path(cache_dir, key), Report)
    return None if report is None else dataclasses.replace(report, generated_at=generated_at())


def keep_report(cache_dir: Path, key: str, report: Report) -> None:
    """Keep REPORT under KEY unless it is partial (a repository that failed is tried again next time)."""
    if not report.partial:
        store_entry(_path(cache_dir, key), report)
