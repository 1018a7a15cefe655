"""The `assess USERNAME` and `assess --portfolio` options and runner: account → clones → the usual pipeline."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable

import click

from readiness.pipeline import timing
from readiness.pipeline.config import Config
from readiness.sources.local import LOGIN
from readiness.errors import InputError
from readiness.models import Report

OPTIONS = (
    click.option("--portfolio", metavar="PATH|OWNER/NAME|URL", help="A portfolio repository (profile README or showcase): the repositories its README links to are assessed first and count for depth."),
    click.option("--api-url", help="GitHub API base URL (default: $GITHUB_API_URL, else https://api.github.com; Enterprise: https://HOST/api/v3)."),
    click.option("--token", help="GitHub token (default: $GH_TOKEN, $GITHUB_TOKEN, then `gh auth token`); never printed."),
    click.option("--include-forks", is_flag=True, help="Also assess forks (left out by default)."),
    click.option("--include-archived", is_flag=True, help="Also assess archived repositories (left out by default)."),
    click.option("--max-repo-size", type=click.FloatRange(1), default=1024, show_default=True, help="Skip repositories larger than this many MB (GitHub's size figure)."),
)
NAMES = ("portfolio", "api_url", "token", "include_forks", "include_archived", "max_repo_size")


def github_options(fn: Callable) -> Callable:
    """Add the GitHub options to a command."""
    for option in reversed(OPTIONS):
        fn = option(fn)
    return fn


def pop_github(params: dict[str, Any]) -> dict[str, Any]:
    """Remove the GitHub options from a command's keyword arguments and return them."""
    return {name: params.pop(name, None) for name in NAMES}


def is_username(target: str) -> bool:
    """A target that is not an existing path but looks like a GitHub login."""
    return not Path(target).expanduser().exists() and bool(LOGIN.match(target))



def wants_github(targets: tuple[str, ...], options: dict[str, Any]) -> bool:
    """Whether the command should read GitHub: a --portfolio, or a username among the targets."""
    return bool(options.get("portfolio")) or any(is_username(t) for t in targets)


def _protect(token: str | None) -> None:
    """Keep the token out of every log line, whichever library writes it."""
    if not token:
        return
    from readiness.sources.github import TokenFilter

    token_filter = TokenFilter(token)
    for handler in logging.getLogger().handlers:
        handler.addFilter(token_filter)


def run_github(targets: tuple[str, ...], options: dict[str, Any], config: Config,
               progress: Callable[[str], None] | None = None) -> Report:
    """Assess a GitHub account (or a portfolio repository's owner) and return the report."""
    from readiness.sources.account import CloneOptions, gather, portfolio_owner
    from readiness.pipeline.engine import assess as run_assessment
    from readiness.sources.samples import cache_dir

    portfolio = options.get("portfolio")
    if portfolio and targets:
        raise InputError("give a username or --portfolio, not both")
    if not portfolio and len(targets) != 1:
        raise InputError("give one GitHub username at a time (local paths and usernames do not mix)")
    from readiness.sources.github import GitHubClient, api_url_from, resolve_token

    api_url = api_url_from(options.get("api_url"))
    token = resolve_token(options.get("token"), api_url)
    _protect(token)
    login = portfolio_owner(portfolio) if portfolio else targets[0]
    clone_options = CloneOptions(cache_dir(), bool(options.get("include_forks")), bool(options.get("include_archived")),
                                 float(options.get("max_repo_size") or 1024))
    client = GitHubClient(api_url, token)
    try:
        logging.getLogger("readiness").info("reading %s from %s", login, api_url)
        with timing.stage("gather"):
            gathered = gather(client, login, clone_options, portfolio)
    finally:
        client.close()
    partial = gathered.partial or bool(gathered.clone_failures)
    return run_assessment(list(gathered.sources), config, gathered.subject, progress, gathered.account.profile.person,
                          github=gathered.account, problems=gathered.problems, partial=partial, featured=gathered.featured)
