"""Incremental runs: each repository's report cached by its tree state, the tool's code and the configuration."""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from readiness import __version__
from readiness.atomic import write_atomic
from readiness.models import RepoReport
from readiness.serialize import LoadError, from_data, to_data
from readiness.sources.git_index import ls_files
from readiness.sources.gitsafe import GitError, run_git

T = TypeVar("T")

PACKAGE_ROOTS = (Path(__file__).resolve().parents[1], Path(__file__).resolve().parents[2] / "checks")


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of readiness's own code and data, so results computed by other code are never reused."""
    digest = hashlib.sha256(__version__.encode())
    for root in PACKAGE_ROOTS:
        for path in sorted(root.rglob("*")):
            if path.suffix in (".py", ".toml", ".json") and path.is_file() and "sample_repos" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _head(path: Path) -> bytes:
    """HEAD's commit id read from the .git folder as text (no process), or from git when that is not simple."""
    git_dir = path / ".git"
    try:
        head = (git_dir / "HEAD").read_text(encoding="ascii").strip()
        if not head.startswith("ref: "):
            return head.encode()
        ref = head[5:]
        loose = git_dir / ref
        if loose.is_file():
            return loose.read_bytes().strip()
        for line in (git_dir / "packed-refs").read_text(encoding="ascii").splitlines():
            if line.endswith(" " + ref):
                return line.split(" ", 1)[0].encode()
    except (OSError, UnicodeDecodeError):
        pass
    return run_git(["rev-parse", "--verify", "--quiet", "HEAD"], path, check=False).stdout.strip()


def _index_listing(path: Path, memo_dir: Path | None) -> bytes:
    """`git ls-files -s` of the repository, kept in MEMO_DIR while its index file is the same file.

    git rewrites the index through a lock file and a rename, so its size, time and inode change with its
    content; an unchanged repository then costs no reading of its index (nor git process, where `ls_files` needs one)
    on a second run.
    """
    stamp = None
    try:
        info = os.stat(path / ".git" / "index")
        stamp = b"%d:%d:%d:%d" % (info.st_size, info.st_mtime_ns, info.st_ino, info.st_dev)
    except OSError:  # no index yet, or a worktree whose .git is a file: ask git every time
        memo_dir = None
    memo = memo_dir / f"{hashlib.sha256(os.fsencode(path.resolve())).hexdigest()}.tree" if memo_dir else None
    if memo is not None:
        try:
            saved, _, listing = memo.read_bytes().partition(b"\n")
            if saved == stamp:
                return listing
        except OSError:
            pass
    listing = ls_files(path)
    if memo is not None and stamp is not None:
        _store(memo, stamp + b"\n" + listing)
    return listing


def _store(target: Path, data: bytes) -> None:
    """`write_atomic` for cache entries: a failure to write is ignored (the cache is an optimisation)."""
    try:
        write_atomic(target, data)
    except OSError:
        return


def tree_state(path: Path, memo_dir: Path | None = None) -> str | None:
    """A digest of HEAD, the index (blob ids) and the working tree's file sizes and times; None if unreadable.

    With MEMO_DIR, the index listing is remembered there between runs (see `_index_listing`).
    """
    try:
        head = _head(path)
        index = _index_listing(path, memo_dir)
    except GitError:
        return None
    digest = hashlib.sha256(head + b"\0" + index)
    root = os.fsencode(path) + b"/"  # byte paths: no str or Path object per file (thousands of files a repository)
    lstat, parts = os.lstat, []
    for record in index.split(b"\0"):
        rel = record.partition(b"\t")[2]
        if not rel:
            continue
        try:
            info = lstat(root + rel)
            parts.append(b"%d:%d:%d;" % (info.st_size, info.st_mtime_ns, info.st_mode))
        except OSError:
            parts.append(b"-;")
    digest.update(b"".join(parts))
    return digest.hexdigest()


def cache_key(state: str, settings: str) -> str:
    """The key of one repository's report: tree state, tool code and the settings that shape results."""
    return hashlib.sha256(f"{state}|{code_digest()}|{settings}".encode()).hexdigest()


class ReportCache:
    """Reports stored as JSON files, written atomically so an interrupted run never leaves a corrupt entry."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> RepoReport | None:
        """The cached report, or None when absent or unreadable (a bad entry is ignored, never trusted)."""
        return load_entry(self._path(key), RepoReport)

    def put(self, key: str, report: RepoReport) -> None:
        """Store a report; failures to write are ignored (the cache is an optimisation)."""
        store_entry(self._path(key), report)


def load_entry(path: Path, kind: type[T]) -> T | None:
    """The cache entry at PATH read back as KIND, or None when absent or unreadable (never trusted when bad)."""
    try:
        return from_data(kind, json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, LoadError, TypeError):
        return None


def store_entry(path: Path, value: object) -> None:
    """Keep VALUE (a report) as a JSON cache entry at PATH; a failure to write is ignored."""
    _store(path, json.dumps(to_data(value)).encode("utf-8"))
