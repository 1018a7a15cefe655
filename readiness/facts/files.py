"""The tracked-file inventory and capped, link-safe reading of working-tree files."""

from __future__ import annotations

import codecs
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from readiness.facts.model import FileInfo
from readiness.models import Problem
from readiness.sources.git_index import ls_files
from readiness.sources.gitsafe import GitError

TEXT_CAP = 1024 * 1024
NOTEBOOK_CAP = 32 * 1024 * 1024

# Directories whose content is third-party, generated or environment state, never the candidate's work.
SKIPPED_DIRS = frozenset(
    {
        "node_modules",
        ".venv",
        "venv",
        "virtualenv",
        "site-packages",
        "dist-packages",
        "build",
        "dist",
        ".tox",
        ".nox",
        "__pycache__",
        ".ipynb_checkpoints",
        ".eggs",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        "vendor",
        "vendored",
        "third_party",
        "third-party",
        "bower_components",
        ".history",  # the VS Code Local History extension's timestamped copies of every saved file
        ".claude", ".cursor", ".windsurf", ".continue", ".roo", ".gemini",  # coding assistants' skills, rules and helper scripts
    }
)
"""Vendored, environment and generated trees; `.history` holds an editor's timestamped snapshots of the files (VS Code
Local History); `.claude`, `.cursor` and the like hold a coding assistant's skills and helper scripts, not the project."""


@dataclass(frozen=True, slots=True)
class Inventory:
    """Tracked files kept for analysis, skipped trees with counts, and problems."""

    files: tuple[FileInfo, ...]
    skipped: tuple[tuple[str, int], ...]
    problems: tuple[Problem, ...]


def _skip_reason(parts: list[str], env_dirs: set[str]) -> str | None:
    """The vendored/generated directory a path lies under, if any."""
    for index, part in enumerate(parts[:-1]):
        if part in SKIPPED_DIRS or part.endswith(".egg-info"):
            return "/".join(parts[: index + 1]) + "/"
        prefix = "/".join(parts[: index + 1])
        if prefix in env_dirs:
            return prefix + "/"
    return None


def list_tracked(root: Path) -> Inventory:
    """Tracked files in git's view (index), with vendored trees counted and left out."""
    try:
        out = ls_files(root)
    except GitError as exc:
        return Inventory((), (), (Problem(f"could not list tracked files: {exc}"),))
    entries: list[tuple[str, str]] = []
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode = meta.split(b" ", 1)[0].decode()
        entries.append((mode, raw_path.decode("utf-8", "surrogateescape")))
    env_dirs = {p.rsplit("/", 1)[0] for _, p in entries if p.endswith("/pyvenv.cfg")}
    files: list[FileInfo] = []
    skipped: dict[str, int] = {}
    problems: list[Problem] = []
    seen: set[str] = set()
    for mode, path in entries:
        if path in seen:  # unmerged paths appear once per stage
            continue
        seen.add(path)
        reason = _skip_reason(path.split("/"), env_dirs)
        if reason:
            skipped[reason] = skipped.get(reason, 0) + 1
            continue
        if mode == "160000":
            problems.append(Problem("submodule not followed", path))
            continue
        files.append(FileInfo(path, _size(root, path, mode), mode))
    return Inventory(tuple(files), tuple(sorted(skipped.items())), tuple(problems))


def _size(root: Path, path: str, mode: str) -> int | None:
    """Size of the working-tree file without following links; None when absent."""
    try:
        info = os.lstat(os.path.join(root, path))
    except OSError:
        return None
    if stat.S_ISLNK(info.st_mode) or mode == "120000":
        return 0
    return info.st_size if stat.S_ISREG(info.st_mode) else None


class _Containment:
    """Answers whether a relative path stays inside the root without crossing a symbolic link."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.safe_dirs: dict[str, bool] = {"": True}

    def dir_ok(self, rel_dir: str) -> bool:
        """True when no component of REL_DIR is a link or a non-directory."""
        if rel_dir in self.safe_dirs:
            return self.safe_dirs[rel_dir]
        parent = rel_dir.rsplit("/", 1)[0] if "/" in rel_dir else ""
        ok = self.dir_ok(parent)
        if ok:
            try:
                ok = stat.S_ISDIR(os.lstat(self.root / rel_dir).st_mode)
            except OSError:
                ok = False
        self.safe_dirs[rel_dir] = ok
        return ok


class Reader:
    """Reads working-tree files of one repository: capped, never through a symbolic link."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._base = os.fspath(root)
        self._containment = _Containment(root)

    def read(self, path: str, cap: int = TEXT_CAP) -> tuple[bytes | None, bool, Problem | None]:
        """Return (content, truncated, problem); content is None when the file is not read."""
        rel_dir = path.rsplit("/", 1)[0] if "/" in path else ""
        if not self._containment.dir_ok(rel_dir):
            return None, False, Problem("inside a linked or missing directory; not read", path)
        full = os.path.join(self._base, path)  # a string: no Path object per file
        try:
            info = os.lstat(full)
        except OSError:
            return None, False, Problem("tracked but missing from the working tree", path)
        if stat.S_ISLNK(info.st_mode):
            target = os.readlink(full)
            return None, False, Problem(f"symbolic link to {target!r} not followed", path)
        if not stat.S_ISREG(info.st_mode):
            return None, False, Problem("not a regular file; not read", path)
        try:
            fd = os.open(full, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            try:
                # os.read(n) allocates n bytes first: ask for what lstat saw (+1 to notice growth), not the whole cap
                data = os.read(fd, min(info.st_size, cap) + 1)
                if info.st_size < cap and len(data) > info.st_size:  # it grew since lstat: read on up to the cap
                    data += os.read(fd, cap - len(data) + 1)
            finally:
                os.close(fd)
        except OSError as exc:
            return None, False, Problem(f"could not be read: {exc.strerror}", path)
        if len(data) > cap:
            return data[:cap], True, None
        return data, False, None


def is_binary(data: bytes) -> bool:
    """True when the content looks binary (a NUL byte early on, and not UTF-16)."""
    head = data[:8192]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return b"\0" in head


def decode(data: bytes) -> tuple[str, str | None]:
    """Decode text: UTF-8 (with or without BOM), UTF-16 with BOM, else Latin-1 with a note."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and len(data) >= TEXT_CAP:  # cut mid-character by the cap
            return data[: exc.start].decode("utf-8"), None
        return data.decode("latin-1"), "not valid UTF-8; read as Latin-1"
