"""Where repositories come from: local git work trees here; GitHub accounts plug in beside them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from readiness.errors import InputError
from readiness.sources.gitsafe import repo_toplevel


LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")
"""A GitHub login."""


@dataclass(frozen=True, slots=True)
class RepoSource:
    """A repository to assess: a name, a local work tree, where it came from, and whether it is a fork."""

    name: str
    path: Path
    origin: str
    fork: bool = False
    sparse: bool = False
    """A sparse clone: only the files the facts read are checked out (readiness.sources.clone)."""


def local_source(raw: str) -> RepoSource:
    """Validate one local path: it must exist and be the root of a git work tree."""
    path = Path(raw).expanduser()
    if not path.exists():
        raise InputError(f"{raw}: no such file or directory")
    if not path.is_dir():
        raise InputError(f"{raw}: not a directory")
    resolved = path.resolve()
    git_dir = resolved / ".git"
    # A folder holding its own .git directory is a work-tree root: no git process needed to say so.
    top = resolved if git_dir.is_dir() and (git_dir / "HEAD").is_file() else repo_toplevel(resolved)
    if top is None:
        raise InputError(f"{raw}: not a git repository (run `git init` and commit, or pass the repository's root)")
    if top.resolve() != resolved:
        raise InputError(f"{raw}: inside the git repository {top}; pass the repository's root")
    return RepoSource(resolved.name, resolved, str(resolved))


def local_sources(paths: list[str]) -> list[RepoSource]:
    """Validate every local path; the first bad one stops the run with a clear message."""
    sources = [local_source(p) for p in paths]
    seen: dict[str, int] = {}
    unique = []
    for source in sources:
        count = seen.get(source.name, 0)
        seen[source.name] = count + 1
        unique.append(source if count == 0 else RepoSource(f"{source.name}-{count + 1}", source.path, source.origin, source.fork))
    return unique
