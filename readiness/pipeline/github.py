"""A GitHub account through the pipeline: read it, clone what the facts stage reads, read the portfolio README, assess."""

from __future__ import annotations

import itertools
import logging
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from readiness.errors import InputError
from readiness.facts import build_facts, sparse_selection
from readiness.models import Problem, Report
from readiness.pipeline import timing
from readiness.pipeline.timing import Progress
from readiness.pipeline.assess import assess as run_assessment
from readiness.pipeline.config import Config
from readiness.sources.account import (
    CLONE_THREADS, CloneOptions, Gathered, choose, clone_hosts, featured_links, last_push, linked_repos, portfolio_target,
)
from readiness.sources.clone import CLONE_TIMEOUT, Clone, CloneError, sparse_clone
from readiness.pipeline.storefront import choose_featured, pinned_featured, with_profile_readme
from readiness.sources.github import GitHubClient, fetch_account
from readiness.sources.storefront import read_pins
from readiness.sources.github_auth import TokenFilter, api_url_from, resolve_token
from readiness.sources.github_models import Account, RepoInfo
from readiness.sources.local import RepoSource, local_source
from readiness.sources.samples import cache_dir

log = logging.getLogger("readiness.account")


def clone_repo(url: str, owner: str, name: str, cache: Path, hosts: frozenset[str], timeout: float = CLONE_TIMEOUT,
               pushed: str | None = None) -> Clone:
    """A sparse clone holding exactly the files the facts stage reads (see `readiness.sources.clone.sparse_clone`)."""
    return sparse_clone(url, owner, name, cache, hosts, sparse_selection, timeout, pushed)


def clone_all(chosen: list[RepoInfo], account: Account, options: CloneOptions, progress: Progress | None = None) -> tuple[list[RepoSource], list[tuple[str, str]]]:
    """Clone every chosen repository, a few at a time; a failure is recorded with its reason and the rest goes on."""
    hosts = clone_hosts(account)
    done = itertools.count(1)

    def one(repo: RepoInfo) -> RepoSource | str:
        log.info("cloning %s", repo.full_name)
        try:
            clone = clone_repo(repo.clone_url, repo.owner, repo.name, options.cache, hosts, pushed=last_push(repo))
        except CloneError as exc:
            return str(exc)
        finally:
            if progress:
                progress("cloning", repo.name, next(done), len(chosen))
        return RepoSource(repo.name, clone.path, repo.html_url, repo.fork, sparse=True)

    with ThreadPoolExecutor(max_workers=CLONE_THREADS) as pool:
        results = list(pool.map(one, chosen))  # in the account's order, whatever order they finish in
    sources = [r for r in results if isinstance(r, RepoSource)]
    failures = [(repo.full_name, r) for repo, r in zip(chosen, results) if isinstance(r, str)]
    return sources, failures


def gather(client: GitHubClient, login: str, options: CloneOptions, portfolio: str | None = None, progress: Progress | None = None) -> Gathered:
    """Read the account and its pins, choose and clone its repositories, read the profile README; the featured set is
    the pins, else what the PORTFOLIO README links to, else what the profile README links to."""
    account = fetch_account(client, login)
    problems = list(account.problems)
    storefront, notes = read_pins(client, account.profile.login)
    problems += notes
    pinned = pinned_featured(storefront, account)
    linked: tuple[str, ...] = ()
    subject = f"GitHub account {account.profile.login}"
    if portfolio is not None:
        linked, notes = featured_repos(portfolio, account, options)
        problems += notes
        subject = f"portfolio {portfolio} of {account.profile.login}"
    chosen, skipped = choose(account.repos, options, pinned + linked)
    problems += skipped
    sources, failures = clone_all(chosen, account, options, progress)
    problems += [Problem(f"not cloned: {reason}", name) for name, reason in failures]
    storefront = with_profile_readme(storefront, account, sources)
    storefront, featured = choose_featured(storefront, pinned, linked, {s.name for s in sources})
    return Gathered(account, tuple(sources), tuple(problems), account.partial, subject, featured, tuple(failures), storefront)


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
        try:
            clone = clone_repo(repo.clone_url, repo.owner, repo.name, options.cache, clone_hosts(account))
        except CloneError as exc:
            return (), [Problem(f"portfolio README not read: {exc}", repo.full_name)]
        text = _readme_text(clone.path, sparse=True)
    return featured_links(text, account, name)


def protect_token(token: str | None) -> None:
    """Keep the token out of every log line, whichever library writes it."""
    if not token:
        return
    token_filter = TokenFilter(token)
    for handler in logging.getLogger().handlers:
        handler.addFilter(token_filter)


def run_github(targets: tuple[str, ...], options: dict[str, Any], config: Config,
               progress: Progress | None = None) -> Report:
    """Assess a GitHub account (or a portfolio repository's owner) and return the report."""
    portfolio = options.get("portfolio")
    if portfolio and targets:
        raise InputError("give a username or --portfolio, not both")
    if not portfolio and len(targets) != 1:
        raise InputError("give one GitHub username at a time (local paths and usernames do not mix)")
    api_url = api_url_from(options.get("api_url"))
    token = resolve_token(options.get("token"), api_url)
    protect_token(token)
    login = portfolio_owner(portfolio) if portfolio else targets[0]
    clone_options = CloneOptions(cache_dir(), bool(options.get("include_forks")), bool(options.get("include_archived")),
                                 float(options.get("max_repo_size") or 1024))
    client = GitHubClient(api_url, token)
    try:
        logging.getLogger("readiness").info("reading %s from %s", login, api_url)
        with timing.stage("gather"):
            gathered = gather(client, login, clone_options, portfolio, progress)
    finally:
        client.close()
    partial = gathered.partial or bool(gathered.clone_failures)
    return run_assessment(list(gathered.sources), config, gathered.subject, progress, gathered.account.profile.person,
                          github=gathered.account, problems=gathered.problems, partial=partial, featured=gathered.featured,
                          storefront=gathered.storefront)
