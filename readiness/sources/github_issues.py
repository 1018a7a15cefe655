"""Open issues of many projects in few calls: `repo:` qualifiers packed into searches under GitHub's 256-character
query limit, one page (100 most recently updated hits) per search, within a hard cap and the search rate limit.

The calls are exactly: `GET /rate_limit` once (it costs no request) and one `GET /search/issues` per batch made.
Nothing is asked per issue: what the report says about an issue comes from the search payload alone.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable

from github import GithubException

from readiness.errors import InputError
from readiness.sources.github import GitHubClient, GitHubUnavailable, RateLimited, classify

log = logging.getLogger("readiness.github")

MAX_QUERY = 256
"""GitHub does not support longer search queries ("Troubleshooting search queries", GitHub Docs)."""
QUALIFIERS = "is:issue is:open no:assignee -linked:pr"
"""Open issues nobody is assigned to and no pull request is linked to (GitHub's `linked:pr` qualifier)."""
BODY_CHARS = 4000
LIMITS = {False: 10, True: 30}
"""GitHub's search rate limit per minute, without and with a token."""
SEARCH_HINT = "use a token (--token, GH_TOKEN or GITHUB_TOKEN) for 30 searches a minute instead of 10"


@dataclass(frozen=True, slots=True)
class Batch:
    """One search: the query and the repositories its `repo:` qualifiers name."""

    query: str
    repos: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class IssueHit:
    """One issue as the search payload shows it (no other call is made for it)."""

    repo: str
    number: int
    title: str
    url: str
    labels: tuple[str, ...]
    body: str
    comments: int
    created_at: str | None
    updated_at: str | None
    assignee: str | None
    pull_request: bool
    """The hit is a pull request (the payload has a `pull_request` object); never offered as an issue."""


@dataclass(frozen=True, slots=True)
class SearchOutcome:
    """What became of one batch: read (with GitHub's total and the hits), failed, or not made, and why."""

    batch: Batch
    status: str
    total: int = 0
    hits: tuple[IssueHit, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class SearchRun:
    """Every batch's outcome, the rate limit as read before searching, and the problems to report."""

    outcomes: tuple[SearchOutcome, ...]
    rate_limit: str
    problems: tuple[str, ...] = ()
    partial: bool = False
    """A search within the cap failed or was left out by the rate limit."""


def _label(name: str) -> str:
    """A label value for the query, quoted when it has spaces or commas."""
    return f'"{name}"' if any(c in name for c in ' ,:"') else name


def fixed_part(labels: tuple[str, ...]) -> str:
    """The qualifiers every batch shares: open, unassigned, unlinked issues with any of LABELS."""
    label = f" label:{','.join(_label(n.replace(chr(34), '')) for n in labels)}" if labels else ""
    return QUALIFIERS + label


def batches(repos: list[str], labels: tuple[str, ...], limit: int = MAX_QUERY) -> list[Batch]:
    """REPOS packed in order into as few queries of at most LIMIT characters as fit."""
    base = fixed_part(labels)
    if repos and len(base) + 1 + len(f"repo:{min(repos, key=len)}") > limit:
        raise InputError(f"the issue search's labels make the query {len(base)} characters long before any repository "
                         f"(GitHub takes at most {limit}): give fewer or shorter labels in [contribute] labels")
    out: list[Batch] = []
    current: list[str] = []
    for repo in repos:
        query = " ".join([base, *(f"repo:{r}" for r in current + [repo])])
        if current and len(query) > limit:
            out.append(Batch(" ".join([base, *(f"repo:{r}" for r in current)]), tuple(current)))
            current = []
        if len(base) + 1 + len(f"repo:{repo}") <= limit:
            current.append(repo)
    if current:
        out.append(Batch(" ".join([base, *(f"repo:{r}" for r in current)]), tuple(current)))
    return out


def _text(value: Any) -> str:
    """A payload string ('' for anything else)."""
    return value if isinstance(value, str) else ""


def hit(item: Any) -> IssueHit | None:
    """An issue-search-result-item as an IssueHit (None when it is not an object with a repository and number)."""
    if not isinstance(item, dict) or not isinstance(item.get("number"), int):
        return None
    repo = "/".join(_text(item.get("repository_url")).rstrip("/").split("/")[-2:])
    if repo.count("/") != 1 or not all(repo.split("/")):
        return None
    labels = tuple(_text(x.get("name")) for x in item.get("labels") or [] if isinstance(x, dict) and _text(x.get("name")))
    people = [item.get("assignee"), *(item.get("assignees") or [])]
    assignee = next((_text(p.get("login")) for p in people if isinstance(p, dict) and _text(p.get("login"))), None)
    comments = item.get("comments")
    return IssueHit(
        repo=repo, number=item["number"], title=_text(item.get("title")), url=_text(item.get("html_url")), labels=labels,
        body=_text(item.get("body"))[:BODY_CHARS], comments=comments if isinstance(comments, int) else 0,
        created_at=_text(item.get("created_at")) or None, updated_at=_text(item.get("updated_at")) or None,
        assignee=assignee, pull_request=isinstance(item.get("pull_request"), dict),
    )


def _clock(epoch: int) -> str:
    """An epoch second as 'HH:MM UTC'."""
    return f"{datetime.fromtimestamp(epoch, timezone.utc):%H:%M} UTC"


def _limit_text(authenticated: bool, rate: tuple[int, int, int] | None) -> str:
    """The search limit for the report: 'GitHub allows 10 searches a minute without a token; 8 left'."""
    how = "with a token" if authenticated else "without a token"
    if rate is None:
        return f"unknown (GET /rate_limit not answered); GitHub allows {LIMITS[authenticated]} searches a minute {how}"
    limit, remaining, _ = rate
    return f"{limit} searches a minute {how}; {remaining} left when the searches started"


def _read_rate(client: GitHubClient) -> tuple[int, int, int] | None:
    """(limit, remaining, reset) of the search resource; None when unknown; unreachable GitHub stops here (exit 3)."""
    try:
        return client.rate_limits()["search"]
    except Exception as exc:  # classified; an Enterprise server without rate limits answers 404
        failure = classify(exc, client._token)
        if failure.kind in ("resolve", "connect", "timeout", "network"):
            raise GitHubUnavailable(failure.message) from None
        log.info("search rate limit unknown: %s", failure.message)
        return None


def _unsearchable(exc: BaseException) -> bool:
    """GitHub's 422 for a query naming a repository that does not exist (renamed, deleted) or is private."""
    return isinstance(exc, GithubException) and exc.status == 422 and "cannot be searched" in json.dumps(exc.data)


def _halves(batch: Batch) -> list[Batch]:
    """BATCH's repositories in two searches, to find the one GitHub cannot search."""
    base = batch.query[: batch.query.index(" repo:")] if " repo:" in batch.query else batch.query
    middle = len(batch.repos) // 2
    return [Batch(" ".join([base, *(f"repo:{r}" for r in part)]), part) for part in (batch.repos[:middle], batch.repos[middle:])]


def run_searches(client: GitHubClient, planned: list[Batch], cap: int, *, wait_limit: float = 60.0,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.time,
                 say: Callable[[str], None] | None = None) -> SearchRun:
    """Make the planned searches in order, at most CAP; wait for the search limit to reset when that is at most
    WAIT_LIMIT seconds away, else leave the rest out; a failed search is noted and the next one still made; a search
    refused for naming a repository GitHub cannot search is split in halves (within the cap) to name that one."""
    say = say or (lambda _: None)
    rate = _read_rate(client)
    remaining, reset = (rate[1], rate[2]) if rate else (None, None)
    outcomes: list[SearchOutcome] = []
    problems: list[str] = []
    gone: list[str] = []
    stop = ""
    made = 0
    queue = deque(planned)
    while queue:
        batch = queue.popleft()
        if made >= cap:
            outcomes.append(SearchOutcome(batch, "not-made", note=f"over the hard cap of {cap} searches (--max-searches)"))
            continue
        if not stop and remaining == 0 and reset is not None:
            wait = reset - clock() + 1
            if wait <= wait_limit:
                say(f"contribute: the search limit is used up; waiting {math.ceil(max(0.0, wait))} s for it to reset")
                sleep(max(0.0, wait))
                remaining = None
            else:
                stop = f"the search rate limit is used up until {_clock(reset)}"
        if stop:
            outcomes.append(SearchOutcome(batch, "not-made", note=stop))
            continue
        made += 1
        try:
            data, headers = client.search_page(batch.query)
        except Exception as exc:  # classified and kept: the other batches still count
            failure = classify(exc, client._token)
            if failure.kind in ("resolve", "connect") and not any(o.status == "read" for o in outcomes):
                raise GitHubUnavailable(failure.message) from None
            if _unsearchable(exc):
                note = "GitHub cannot search a repository named here (renamed, deleted or private)"
                if len(batch.repos) > 1:
                    queue.extendleft(reversed(_halves(batch)))
                    note += "; searched again in two halves"
                else:
                    gone.append(batch.repos[0])
                outcomes.append(SearchOutcome(batch, "refused", note=note))
            elif failure.kind in ("rate-limit", "secondary"):
                kind = "secondary rate limit" if failure.kind == "secondary" else "search rate limit"
                stop = f"GitHub's {kind} was reached" + (f"; it resets at {_clock(failure.reset)}" if failure.reset else "")
                outcomes.append(SearchOutcome(batch, "failed", note=stop))
            else:
                outcomes.append(SearchOutcome(batch, "failed", note=failure.message))
            continue
        remaining = int(headers["x-ratelimit-remaining"]) if headers.get("x-ratelimit-remaining", "").isdigit() else remaining
        reset = int(headers["x-ratelimit-reset"]) if headers.get("x-ratelimit-reset", "").isdigit() else reset
        found = tuple(h for h in map(hit, data.get("items") or []) if h is not None)
        total = data.get("total_count") if isinstance(data.get("total_count"), int) else len(found)
        note = f"the {len(found)} most recently updated of {total} read" if total > len(found) else ""
        if data.get("incomplete_results"):
            note = "; ".join(filter(None, [note, "GitHub marked the search incomplete (it timed out)"]))
        outcomes.append(SearchOutcome(batch, "read", total, found, note))
    failed = [o for o in outcomes if o.status == "failed"]
    left = [o for o in outcomes if o.status == "not-made" and not o.note.startswith("over the hard cap")]
    if failed:
        problems.append(f"{len(failed)} issue search(es) failed: {failed[0].note}")
    if left:
        hint = "" if client.authenticated else f"; {SEARCH_HINT}"
        problems.append(f"{len(left)} issue search(es) not made: {left[0].note}{hint}")
    if gone:
        problems.append(f"GitHub cannot search {', '.join(gone)} (renamed, deleted or private): correct or exclude it under [contribute] in .readiness.toml")
    if (failed or left) and not any(o.status == "read" for o in outcomes):
        error = RateLimited if any("rate limit" in p for p in problems) else GitHubUnavailable
        raise error("no issue search could be read: " + "; ".join(problems))
    return SearchRun(tuple(outcomes), _limit_text(client.authenticated, rate), tuple(problems), bool(failed or left))
