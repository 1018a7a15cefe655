"""The Action's opt-in pull-request comment: which pull request, whether to post (never for forks), and posting it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from readiness.errors import ReadinessError
from readiness.models import Report
from readiness.report.pr_comment import MARKER, comment_body
from readiness.sources.github_auth import api_url_from, resolve_token
from readiness.sources.github_comment import PERMISSION_HINT, upsert_comment

PULL_REQUEST_EVENTS = ("pull_request", "pull_request_target")


@dataclass(frozen=True, slots=True)
class Target:
    """The pull request to comment on: the base repository (OWNER/NAME) and its number."""

    repo: str
    number: int


def _full_name(side: object) -> str | None:
    """`pull_request.head` or `.base` -> its repository's full name (None when the fork was deleted)."""
    repo = side.get("repo") if isinstance(side, dict) else None
    name = repo.get("full_name") if isinstance(repo, dict) else None
    return name if isinstance(name, str) and name else None


def comment_target(env: Mapping[str, str]) -> Target | str:
    """The pull request this run belongs to, or why nothing is posted (not a pull request, a fork, no payload)."""
    event = env.get("GITHUB_EVENT_NAME", "")
    if event not in PULL_REQUEST_EVENTS:
        return f"the {event or 'current'} event is not a pull request: no comment posted"
    try:
        payload = json.loads(Path(env.get("GITHUB_EVENT_PATH", "")).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return f"cannot read the event payload (GITHUB_EVENT_PATH): {exc.__class__.__name__}; no comment posted"
    pull = payload.get("pull_request") if isinstance(payload, dict) else None
    number = pull.get("number") if isinstance(pull, dict) else None
    base = _full_name(pull.get("base")) if isinstance(pull, dict) else None
    if not isinstance(number, int) or isinstance(number, bool) or base is None:
        return "the event payload names no pull request: no comment posted"
    head = _full_name(pull.get("head"))
    if head is None or head.lower() != base.lower():
        return (f"pull request #{number} comes from a fork ({head or 'deleted'}): no comment posted "
                "(a fork's pull request gets no write token and no secrets)")
    return Target(base, number)


def run_url(env: Mapping[str, str]) -> str | None:
    """This workflow run's page, where the report artifacts are."""
    server, repo, run = env.get("GITHUB_SERVER_URL"), env.get("GITHUB_REPOSITORY"), env.get("GITHUB_RUN_ID")
    return f"{server.rstrip('/')}/{repo}/actions/runs/{run}" if server and repo and run else None


def comment_on_pull_request(report: Report, env: Mapping[str, str], api_url: str | None = None,
                            token: str | None = None) -> tuple[str, str]:
    """Post or update the summary comment; (annotation level, message) saying what happened. Never raises for
    GitHub's answers: a failed comment is a warning, the assessment stands."""
    target = comment_target(env)
    if isinstance(target, str):
        return "notice", target
    url = api_url_from(api_url, dict(env))
    secret = resolve_token(token, url, dict(env))
    if not secret:
        return "warning", f"no token to comment on pull request #{target.number} with; {PERMISSION_HINT} and pass `token`"
    try:
        posted = upsert_comment(url, secret, target.repo, target.number, comment_body(report, run_url(env)), MARKER)
    except ReadinessError as exc:
        return "warning", str(exc)
    return "notice", f"{posted.action} the readiness comment on pull request #{target.number}: {posted.url}"
