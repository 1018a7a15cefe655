"""Gather a GitHub account for assessment: read it, choose repositories, clone them; a portfolio README picks the featured ones."""

from __future__ import annotations

import logging
import re
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from readiness.sources.clone import CloneError, clone_repo
from readiness.errors import InputError
from readiness.facts import build_facts
from readiness.sources.local import RepoSource, local_source
from readiness.sources.github import Account, GitHubClient, RepoInfo, fetch_account, web_host
from readiness.models import Problem

GITHUB_LINK = re.compile(r"(?i)(?:https?://)?(?:www\.)?github\.com/([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/([A-Za-z0-9_.-]{1,100})")
NOT_REPOS = frozenset({"orgs", "sponsors", "settings", "features", "topics", "collections", "marketplace", "apps", "about"})
LIST_LIMIT = 8
log = logging.getLogger("readiness.account")


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


def clone_all(chosen: list[RepoInfo], account: Account, options: CloneOptions) -> tuple[list[RepoSource], list[tuple[str, str]]]:
    """Clone every chosen repository, a few at a time; a failure is recorded with its reason and the rest goes on."""
    hosts = frozenset({web_host(account.api_url), urlsplit(account.api_url).hostname or ""})

    def one(repo: RepoInfo) -> RepoSource | str:
        log.info("cloning %s", repo.full_name)
        try:
            clone = clone_repo(repo.clone_url, repo.owner, repo.name, options.cache, hosts, pushed=last_push(repo))
        except CloneError as exc:
            return str(exc)
        return RepoSource(repo.name, clone.path, repo.html_url, repo.fork, sparse=True)

    with ThreadPoolExecutor(max_workers=CLONE_THREADS) as pool:
        results = list(pool.map(one, chosen))  # in the account's order, whatever order they finish in
    sources = [r for r in results if isinstance(r, RepoSource)]
    failures = [(repo.full_name, r) for repo, r in zip(chosen, results) if isinstance(r, str)]
    return sources, failures


def gather(client: GitHubClient, login: str, options: CloneOptions, portfolio: str | None = None) -> Gathered:
    """Read the account, choose and clone its repositories; with PORTFOLIO, feature what its README links to."""
    account = fetch_account(client, login)
    problems = list(account.problems)
    featured: tuple[str, ...] = ()
    subject = f"GitHub account {account.profile.login}"
    if portfolio is not None:
        featured, notes = featured_repos(portfolio, account, options)
        problems += notes
        subject = f"portfolio {portfolio} of {account.profile.login}"
    chosen, skipped = choose(account.repos, options, featured)
    problems += skipped
    sources, failures = clone_all(chosen, account, options)
    problems += [Problem(f"not cloned: {reason}", name) for name, reason in failures]
    kept = {s.name for s in sources}
    return Gathered(account, tuple(sources), tuple(problems), account.partial, subject,
                    tuple(name for name in featured if name in kept), tuple(failures))


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


def portfolio_owner(target: str) -> str:
    """Whose account a portfolio belongs to: the URL's owner, or the owner most linked from a local README."""
    owner, _, path = portfolio_target(target)
    if owner:
        return owner
    links = linked_repos(_readme_text(local_source(str(path)).path, sparse=False))
    if not links:
        raise InputError(f"{target}: its README links to no github.com/OWNER/NAME repositories")
    return Counter(o.lower() for o, _ in links).most_common(1)[0][0]


def _readme_text(root: Path, sparse: bool) -> str:
    """The README of a repository, through the facts stage (the only code that reads files)."""
    facts = build_facts(root, sparse=sparse)
    return facts.readme.text if facts.readme else ""


def featured_repos(target: str, account: Account, options: CloneOptions) -> tuple[tuple[str, ...], list[Problem]]:
    """The owner's repositories the portfolio README links to, in its order; other links are noted."""
    owner, name, path = portfolio_target(target)
    if path is not None:
        text = _readme_text(local_source(str(path)).path, sparse=False)
        name = path.resolve().name
    else:
        repo = next((r for r in account.repos if r.name.lower() == (name or "").lower()), None)
        if repo is None:
            raise InputError(f"{target}: {account.profile.login} has no public repository {name}")
        hosts = frozenset({web_host(account.api_url), urlsplit(account.api_url).hostname or ""})
        try:
            clone = clone_repo(repo.clone_url, repo.owner, repo.name, options.cache, hosts)
        except CloneError as exc:
            return (), [Problem(f"portfolio README not read: {exc}", repo.full_name)]
        text = _readme_text(clone.path, sparse=True)
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
