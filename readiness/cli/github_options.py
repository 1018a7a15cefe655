"""The `assess USERNAME` and `assess --portfolio` options."""

from __future__ import annotations

from typing import Any, Callable

import click


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
