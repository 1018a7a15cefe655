"""A GitHub account's repositories for assessment: which to clone, and which a portfolio README features."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from readiness.errors import InputError
from readiness.models import Problem
from readiness.sources.github_auth import web_host
from readiness.sources.github_models import Account, RepoInfo
from readiness.sources.local import RepoSource

GITHUB_LINK = re.compile(r"(?i)(?:https?://)?(?:www\.)?github\.com/([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/([A-Za-z0-9_.-]{1,100})")
NOT_REPOS = frozenset({"orgs", "sponsors", "settings", "features", "topics", "collections", "marketplace", "apps", "about"})
LIST_LIMIT = 8


@dataclass(frozen=True, slots=True)
class CloneOptions:
    """Which repositories to clone and where: forks, archived ones, a size cap, the cache."""

    cache: Path
    include_forks: bool = False
    include_archived: bool = False
    max_repo_mb: float = 1024.0


@dataclass(frozen=True, slots=True)
class Gathered:
    """An account turned into local sources, with what went wrong along the way."""

    account: Account
    sources: tuple[RepoSource, ...]
    problems: tuple[Problem, ...]
    partial: bool
    subject: str
    featured: tuple[str, ...] = ()
    clone_failures: tuple[tuple[str, str], ...] = field(default=())
    storefront: Any = None
    """The pins and profile README (readiness.sources.storefront.Storefront), when read."""


def _names(items: list[str]) -> str:
    """A short list of names for one problem line."""
    shown = ", ".join(items[:LIST_LIMIT])
    return shown + (f", … ({len(items) - LIST_LIMIT} more)" if len(items) > LIST_LIMIT else "")


def choose(repos: tuple[RepoInfo, ...], options: CloneOptions, featured: tuple[str, ...] = ()) -> tuple[list[RepoInfo], list[Problem]]:
    """Repositories to clone, featured first; forks, archived and oversized ones left out with the reason."""
    wanted = {name.lower() for name in featured}
    forks, archived, chosen, problems = [], [], [], []
    for repo in repos:
        if repo.name.lower() not in wanted and repo.fork and not options.include_forks:
            forks.append(repo.name)
        elif repo.name.lower() not in wanted and repo.archived and not options.include_archived:
            archived.append(repo.name)
        elif repo.size_kb > options.max_repo_mb * 1024:
            problems.append(Problem(f"not assessed: {repo.size_kb / 1024:.0f} MB is over --max-repo-size "
                                    f"{options.max_repo_mb:g} MB", repo.full_name))
        else:
            chosen.append(repo)
    if forks:
        problems.append(Problem(f"{len(forks)} fork(s) not assessed (--include-forks to include): {_names(forks)}"))
    if archived:
        problems.append(Problem(f"{len(archived)} archived repositories not assessed (--include-archived to include): "
                                f"{_names(archived)}"))
    order = {name.lower(): index for index, name in enumerate(featured)}
    chosen.sort(key=lambda r: order.get(r.name.lower(), len(order)))
    return chosen, problems


CLONE_THREADS = 4
"""Clones at once: each is a git process waiting on the network, so a few overlap well without hammering the host."""


def last_push(repo: RepoInfo) -> str | None:
    """What identifies a repository's last push in the list payload (None when GitHub did not say)."""
    return f"{repo.pushed_at}|{repo.default_branch}" if repo.pushed_at else None


def linked_repos(text: str) -> list[tuple[str, str]]:
    """github.com/OWNER/NAME links in a README, in order of first appearance, without duplicates."""
    seen: dict[tuple[str, str], tuple[str, str]] = {}
    for match in GITHUB_LINK.finditer(text):
        owner, name = match.group(1), match.group(2).rstrip(".")
        name = name[:-4] if name.lower().endswith(".git") else name
        if owner.lower() in NOT_REPOS or not name:
            continue
        seen.setdefault((owner.lower(), name.lower()), (owner, name))
    return list(seen.values())


def portfolio_target(target: str) -> tuple[str | None, str | None, Path | None]:
    """(owner, name, None) for OWNER/NAME or a repository URL; (None, None, path) for a local repository."""
    path = Path(target).expanduser()
    if path.exists():
        return None, None, path
    parts = urlsplit(target if "://" in target else f"https://github.com/{target}")
    segments = [s for s in parts.path.split("/") if s]
    if parts.scheme in ("https", "http") and len(segments) == 2:
        name = segments[1][:-4] if segments[1].endswith(".git") else segments[1]
        return segments[0], name, None
    raise InputError(f"{target}: give a portfolio repository as OWNER/NAME, its URL, or a local path")


def clone_hosts(account: Account) -> frozenset[str]:
    """The hosts an account's clone URLs may name: the web host and the API host."""
    return frozenset({web_host(account.api_url), urlsplit(account.api_url).hostname or ""})


def featured_links(text: str, account: Account, name: str | None) -> tuple[tuple[str, ...], list[Problem]]:
    """The owner's repositories a portfolio README (TEXT, of repository NAME) links to, in its order; other links are noted."""
    own = {r.name.lower(): r.name for r in account.repos}
    featured, notes = [], []
    for link_owner, link_name in linked_repos(text):
        if link_owner.lower() != account.profile.login.lower():
            notes.append(f"{link_owner}/{link_name}")
        elif link_name.lower() in own and link_name.lower() != (name or "").lower():
            featured.append(own[link_name.lower()])
    problems = [Problem(f"the portfolio README links to repositories of other accounts (not assessed): {_names(notes)}")] if notes else []
    if not featured:
        problems.append(Problem("the portfolio README links to none of the owner's public repositories; depth uses all of them"))
    return tuple(featured), problems
