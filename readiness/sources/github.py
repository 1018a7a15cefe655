"""Read a GitHub account with PyGithub: the profile, owned repositories and contributions elsewhere, in few calls.

Cost for N owned repositories and M merged pull requests elsewhere: 1 (profile) + ceil(N/100) (repository pages)
+ ceil(min(M, 1000)/100) (search pages, at least 1) + 1 (issues search) requests, plus 1 GraphQL query for the pinned
repositories when there is a token (readiness.sources.storefront), and nothing per repository.
Only fields present in the list and search payloads are read: touching any other attribute would make PyGithub
fetch the object again (github-api.md §1.7).
"""

from __future__ import annotations

import json
import logging
import math
import os
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, TypeVar

import requests
import urllib3
from github import Auth, Github, GithubException, GithubRetry, UnknownObjectException
from github.GithubException import BadCredentialsException, RateLimitExceededException

from readiness.errors import GatherError, InputError
from readiness.models import Problem
from readiness.sources.github_auth import API_URL, redact
from readiness.sources.github_models import Account, Contribution, Profile, RepoInfo, SearchResult
from readiness.sources.local import LOGIN

log = logging.getLogger("readiness.github")

PER_PAGE = 100
SEARCH_CAP = 1000
TOKEN_HINT = "use a token (--token, GH_TOKEN or GITHUB_TOKEN) for 5,000 requests an hour instead of 60"
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try: retries for 5xx and timeouts, a cap on any rate-limit wait, a per-request timeout."""

    total: int = 4
    connect: int = 1
    """Retries after a failure to resolve or connect: one, without waiting (a missing network does not come back in seconds)."""
    backoff: float = 1.0
    max_wait: float = 120.0
    secondary_wait: float = 60.0
    timeout: int = 20
    throttle: float | None = 0.25


class UserNotFound(InputError):
    """The login does not exist (exit 2)."""


class RateLimited(GatherError):
    """A rate limit stopped the gathering before anything useful was read (exit 3)."""


class GitHubUnavailable(GatherError):
    """GitHub failed, timed out or answered nonsense before anything useful was read (exit 3)."""


@dataclass(frozen=True, slots=True)
class Failure:
    """A classified API failure: its kind, a message safe to show, and when a limit resets."""

    kind: str
    message: str
    reset: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _header(headers: Any, name: str) -> str | None:
    """A response header, whatever the case of its name."""
    if not headers:
        return None
    for key, value in dict(headers).items():
        if str(key).lower() == name:
            return str(value)
    return None


def _message_of(exc: GithubException) -> str:
    """GitHub's error message from an exception's body."""
    data = exc.data
    if isinstance(data, dict):
        return str(data.get("message") or "")
    return str(data or "")


def classify(exc: BaseException, token: str | None = None) -> Failure:
    """Turn whatever PyGithub, requests or json raised into a Failure with a message free of the token."""
    if isinstance(exc, UnknownObjectException):
        return Failure("not-found", "not found")
    if isinstance(exc, BadCredentialsException):
        return Failure("auth", "GitHub rejected the token (401 Bad credentials)")
    if isinstance(exc, GithubException):
        message = _message_of(exc)
        remaining = _header(exc.headers, "x-ratelimit-remaining")
        reset = _header(exc.headers, "x-ratelimit-reset")
        retry_after = _header(exc.headers, "retry-after")
        limited = isinstance(exc, RateLimitExceededException) or "rate limit" in message.lower()
        if exc.status in (403, 429) and (limited or remaining == "0"):
            when = int(reset) if reset and reset.isdigit() else None
            if when is None and retry_after and retry_after.isdigit():
                when = int(time.time()) + int(retry_after)
            kind = "secondary" if "secondary" in message.lower() else "rate-limit"
            return Failure(kind, redact(message or f"HTTP {exc.status}", token), when)
        return Failure("http", redact(f"HTTP {exc.status}: {message}"[:300], token))
    if isinstance(exc, json.JSONDecodeError):
        return Failure("malformed", "GitHub sent a response that is not valid JSON")
    unreachable = _unreachable(exc, token)
    if unreachable is not None:
        return unreachable
    reason = getattr(exc.args[0], "reason", None) if getattr(exc, "args", None) else None
    if isinstance(exc, requests.exceptions.Timeout) or isinstance(reason, urllib3.exceptions.TimeoutError):
        return Failure("timeout", "GitHub did not answer in time (after retries)")
    if isinstance(exc, requests.exceptions.RetryError):
        return Failure("http", "GitHub kept failing (server errors) after retries")
    if isinstance(exc, requests.exceptions.RequestException):
        return Failure("network", redact(f"could not reach GitHub: {type(exc).__name__}", token))
    return Failure("other", redact(f"{type(exc).__name__}: {exc}"[:300], token))


def _causes(exc: BaseException) -> list[BaseException]:
    """EXC and what it wraps: urllib3's reason inside requests' MaxRetryError, causes and contexts."""
    seen: list[BaseException] = []
    todo: list[Any] = [exc]
    while todo:
        item = todo.pop(0)
        if not isinstance(item, BaseException) or any(item is s for s in seen):
            continue
        seen.append(item)
        todo += [getattr(item, "reason", None), item.__cause__, item.__context__, *item.args[:1]]
    return seen


def unreachable_hint(host: str) -> str:
    """What to check when HOST cannot be reached: the network, and the API URL (GitHub Enterprise has its own)."""
    if host == "api.github.com":
        return "check the network, or --api-url for GitHub Enterprise"
    return "check the network and --api-url (or GITHUB_API_URL)"


def _unreachable(exc: BaseException, token: str | None) -> Failure | None:
    """A failure to resolve the API host or connect to it, named with the host; None for anything else."""
    chain = _causes(exc)
    failed = next((e for e in chain if isinstance(e, urllib3.exceptions.NewConnectionError)), None)
    if failed is None:
        return None
    conn = getattr(failed, "conn", None)
    host, port = str(getattr(conn, "host", "") or "the GitHub API host"), getattr(conn, "port", None)
    if isinstance(failed, urllib3.exceptions.NameResolutionError):
        return Failure("resolve", redact(f"cannot resolve {host}: {unreachable_hint(host)}", token))
    error = next((e for e in chain if isinstance(e, OSError) and e.strerror), None)
    why = f" ({error.strerror.lower()})" if error is not None else ""
    where = f"{host}:{port}" if port else host
    return Failure("connect", redact(f"cannot connect to {where}{why}: {unreachable_hint(host)}", token))


def _route_pygithub_logs() -> None:
    """PyGithub adds its own INFO console handler on import; send its records through ours (level, token filter)."""
    logger = logging.getLogger("github")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.setLevel(logging.NOTSET)


class GitHubClient:
    """A thin PyGithub wrapper returning plain records; every failure is classified, never leaked raw."""

    def __init__(self, api_url: str = API_URL, token: str | None = None, policy: RetryPolicy = RetryPolicy()) -> None:
        _route_pygithub_logs()
        self.api_url = api_url.rstrip("/")
        self.policy = policy
        self._token = token
        retry = GithubRetry(total=policy.total, connect=policy.connect, backoff_factor=policy.backoff, secondary_rate_wait=policy.secondary_wait,
                            max_rate_limit_wait=policy.max_wait)
        self._gh = Github(auth=Auth.Token(token) if token else None, base_url=self.api_url, per_page=PER_PAGE,
                          timeout=int(policy.timeout), retry=retry, seconds_between_requests=policy.throttle)

    @property
    def authenticated(self) -> bool:
        """Whether a token is used."""
        return bool(self._token)

    def close(self) -> None:
        """Close the HTTP connections."""
        self._gh.close()

    def _call(self, what: Callable[[], T]) -> T:
        """Run one API step; retry once after a malformed body, wait out a short 429 limit once."""
        for attempt in range(3):
            try:
                return what()
            except json.JSONDecodeError:
                if attempt >= 1:
                    raise
                log.info("GitHub sent malformed JSON; trying again")
            except GithubException as exc:
                failure = classify(exc, self._token)
                wait = (failure.reset - time.time() + 1) if failure.reset else None
                if exc.status != 429 or failure.kind != "rate-limit" or wait is None or wait > self.policy.max_wait or attempt:
                    raise
                log.info("rate limited (429); waiting %.0f s until the limit resets", max(0.0, wait))
                time.sleep(max(0.0, wait))
        raise AssertionError("unreachable")

    def graphql(self, query: str, variables: dict[str, Any]) -> Any:
        """The `data` of one GraphQL query (POST /graphql; needs a token)."""
        return self._call(lambda: self._gh.requester.graphql_query(query, variables)[1]).get("data")

    def search_budget(self) -> int | None:
        """Search requests left, from the last search response's headers (no request)."""
        remaining, limit = self._gh.requester.rate_limiting
        return remaining if limit >= 0 else None

    def rate_limits(self) -> dict[str, tuple[int, int, int]]:
        """{resource: (limit, remaining, reset epoch)} for core, search and graphql, from GET /rate_limit (which costs no request)."""
        resources = self._call(self._gh.get_rate_limit).resources
        return {name: (int(r.limit), int(r.remaining), int(r.reset.timestamp()))
                for name, r in (("core", resources.core), ("search", resources.search), ("graphql", resources.graphql))}

    def profile(self, login: str) -> tuple[Profile, Any]:
        """The profile (1 request) and the PyGithub user object for listing its repositories."""
        user = self._call(lambda: self._gh.get_user(login))
        return (
            Profile(user.login, user.id, user.name, user.email, user.blog, _iso(user.created_at), user.public_repos or 0,
                    user.followers or 0, user.html_url),
            user,
        )

    def repos(self, user: Any) -> list[RepoInfo]:
        """Owned repositories, most recently pushed first (ceil(N/100) requests)."""
        listing = user.get_repos(type="owner", sort="pushed", direction="desc")
        return self._call(lambda: [_repo_info(r) for r in listing])

    def search(self, query: str, kind: str, first_page_only: bool = False) -> SearchResult:
        """Hits of a `type:pr` or `type:issue` (KIND) search: ceil(min(M, 1000)/100) requests, or 1 with FIRST_PAGE_ONLY."""
        hits = self._gh.search_issues(query)

        def read() -> list[Contribution]:
            out = []
            for index, item in enumerate(hits):
                out.append(_contribution(item, kind))
                if (first_page_only and index + 1 >= PER_PAGE) or index + 1 >= SEARCH_CAP:
                    break
            return out

        items = self._call(read)
        total = hits.totalCount if (items or not first_page_only) else 0
        return SearchResult(query, int(total or 0), tuple(items), bool(hits.incomplete_results))


    def search_page(self, query: str, sort: str = "updated") -> tuple[dict[str, Any], dict[str, str]]:
        """The first page (up to 100 hits) of an issue search as GitHub's JSON, with the response headers: 1 request."""
        parameters = {"q": query, "sort": sort, "order": "desc", "per_page": PER_PAGE}
        headers, data = self._call(lambda: self._gh.requester.requestJsonAndCheck("GET", "/search/issues", parameters=parameters))
        return (data if isinstance(data, dict) else {}), {str(k).lower(): str(v) for k, v in dict(headers or {}).items()}


def _iso(moment: datetime | None) -> str | None:
    """A datetime as RFC 3339 UTC text."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _repo_info(repo: Any) -> RepoInfo:
    """A list-payload repository as a record (only fields of minimal-repository plus licence)."""
    spdx = repo.license.spdx_id if repo.license else None
    return RepoInfo(
        name=repo.name, full_name=repo.full_name, owner=repo.owner.login, clone_url=repo.clone_url,
        html_url=repo.html_url, default_branch=repo.default_branch, fork=bool(repo.fork), archived=bool(repo.archived),
        size_kb=int(repo.size or 0), language=repo.language, topics=tuple(repo.topics or ()), description=repo.description,
        homepage=repo.homepage or None, stars=int(repo.stargazers_count or 0), forks=int(repo.forks_count or 0),
        license=spdx, has_pages=bool(repo.has_pages), pushed_at=_iso(repo.pushed_at), created_at=_iso(repo.created_at),
    )


def _contribution(item: Any, kind: str) -> Contribution:
    """A search hit as a record; the repository comes from `repository_url`, never `item.repository`, and
    `pull_request` is read only on pull-request hits (an issue hit lacks it, and PyGithub would fetch the issue)."""
    repo = "/".join(item.repository_url.rstrip("/").split("/")[-2:])
    pull = item.pull_request if kind == "pr" else None
    return Contribution(
        repo=repo, number=item.number, title=item.title, url=item.html_url, kind=kind,
        association=str(item.author_association or "NONE"), created_at=_iso(item.created_at),
        closed_at=_iso(item.closed_at), merged_at=_iso(pull.merged_at) if pull is not None else None,
    )


def merged_query(login: str) -> str:
    """Merged pull requests LOGIN authored in repositories LOGIN does not own."""
    return f"type:pr author:{login} is:merged -user:{login}"


def issues_query(login: str) -> str:
    """Issues LOGIN opened in repositories LOGIN does not own."""
    return f"type:issue author:{login} -user:{login}"


def calls_needed(public_repos: int | None, merged_total: int | None, pins: bool = False) -> int:
    """Requests one assessment needs: profile, repository pages, merged-PR search pages, one issues search, and the
    pinned-repositories GraphQL query when PINS (there is a token)."""
    repo_pages = max(1, math.ceil((public_repos or 0) / PER_PAGE))
    search_pages = max(1, math.ceil(min(merged_total or 0, SEARCH_CAP) / PER_PAGE))
    return 1 + repo_pages + search_pages + 1 + int(pins)


def limit_message(failure: Failure, needed: int, authenticated: bool) -> str:
    """A rate-limit explanation: when it resets, how many calls were needed, and the token hint."""
    kind = "secondary rate limit" if failure.kind == "secondary" else "rate limit"
    when = ""
    if failure.reset:
        reset = datetime.fromtimestamp(failure.reset, timezone.utc)
        minutes = max(0, math.ceil((failure.reset - time.time()) / 60))
        when = f"; it resets at {reset:%H:%M} UTC (in {minutes} min)"
    hint = "" if authenticated else f"; {TOKEN_HINT}"
    return f"GitHub {kind} reached{when}. This assessment needs about {needed} API requests{hint}"


def _gather_error(failure: Failure, login: str, needed: int, authenticated: bool) -> GatherError:
    """The exception for a failure before the profile was read."""
    if failure.kind in ("rate-limit", "secondary"):
        return RateLimited(limit_message(failure, needed, authenticated))
    if failure.kind == "not-found":
        return UserNotFound(f"{login}: no such GitHub user")
    if failure.kind in ("resolve", "connect"):
        return GitHubUnavailable(failure.message)
    return GitHubUnavailable(f"could not read {login} from GitHub: {failure.message}")


def fetch_account(client: GitHubClient, login: str, *, issues: bool = True, now: Callable[[], float] = time.time) -> Account:
    """Profile, owned repositories and contributions elsewhere; failures after the profile make a partial account."""
    if not LOGIN.match(login):
        raise InputError(f"{login}: not a GitHub login")
    token = client._token
    try:
        profile, user = client.profile(login)
    except Exception as exc:  # PyGithub, requests and json errors are classified, never shown raw
        raise _gather_error(classify(exc, token), login, calls_needed(None, None, client.authenticated), client.authenticated) from None
    problems: list[Problem] = []
    repos: list[RepoInfo] = []
    merged = found_issues = None
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("repositories", lambda: repos.extend(client.repos(user))),
        ("merged pull requests", lambda: client.search(merged_query(profile.login), "pr")),
    ]
    if issues:
        steps.append(("issues", lambda: client.search(issues_query(profile.login), "issue", first_page_only=True)))
    results: dict[str, Any] = {}
    for label, step in steps:
        if label == "issues" and client.search_budget() == 0:
            problems.append(Problem("issues not searched: the search rate limit is used up (10 a minute without a token)"))
            break
        try:
            results[label] = step()
        except Exception as exc:  # keep what was read; the report says what is missing
            failure = classify(exc, token)
            needed = calls_needed(profile.public_repos, None, client.authenticated)
            if failure.kind in ("rate-limit", "secondary"):
                message = f"{label} not read: " + limit_message(failure, needed, client.authenticated)
            else:
                message = f"{label} not read: {failure.message}"
            problems.append(Problem(message))
            break
    merged = results.get("merged pull requests")
    found_issues = results.get("issues")
    if merged is not None and merged.capped:
        problems.append(Problem(f"GitHub search returns at most {SEARCH_CAP:,} results: {len(merged.items):,} of "
                                f"{merged.total:,} merged pull requests were read; counts use the total"))
    if merged is not None and merged.incomplete:
        problems.append(Problem("GitHub marked the pull-request search incomplete (it timed out); counts are a lower bound"))
    return Account(
        profile=profile, repos=tuple(repos), merged_prs=merged, issues=found_issues, as_of=int(_as_of(now)),
        problems=tuple(problems), partial=bool(problems and any("not read" in p.message for p in problems)),
        api_url=client.api_url, calls_needed=calls_needed(profile.public_repos, merged.total if merged else None, client.authenticated),
    )


def _as_of(now: Callable[[], float]) -> float:
    """The moment of gathering: SOURCE_DATE_EPOCH for reproducible reports, else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return float(epoch) if epoch and epoch.isdigit() else now()
