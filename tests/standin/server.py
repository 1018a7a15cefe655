"""A local HTTP stand-in for GitHub's REST API (users, repos, issue search, rate limit) and git smart HTTP."""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import re
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from . import gitcgi, graphql, payloads
from .comments import ACTIONS_BOT, NOT_ACCESSIBLE, CommentBook, body_error, comment_payload
from .faults import (
    PRIMARY_DOCS,
    PRIMARY_MESSAGE_ANON,
    PRIMARY_MESSAGE_AUTH,
    SECONDARY_DOCS,
    SECONDARY_MESSAGE,
    Fault,
    FaultBook,
    FaultKind,
)
from .ratelimit import RateLimiter
from .search import parse_query, run_search
from .world import User, World

DEFAULT_PER_PAGE = 30
MAX_PER_PAGE = 100
SEARCH_CAP = 1000
SEARCH_DOCS = "https://docs.github.com/v3/search/"
UNSEARCHABLE = ("The listed users and repositories cannot be searched either because the resources do not exist or you do "
                "not have permission to view them.")
MAX_QUERY = 256
"""GitHub answers a longer search query with 422 ("Troubleshooting search queries")."""
_GIT_PATH = re.compile(r"^/git/(?P<owner>[^/]+)/(?P<name>[^/]+?)(?:\.git)?(?P<rest>/.*)$")


@dataclass(frozen=True)
class RequestRecord:
    """One request the stand-in answered (headers exclude Authorization)."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    status: int
    authenticated: bool
    route: str | None


@dataclass(frozen=True)
class ServedBody:
    """A JSON body the stand-in sent; `spec_path` is the documented path to validate it against."""

    method: str
    path: str
    spec_path: str
    status: int
    body: Any
    request: Any = None
    """The JSON request that asked for it, when it matters for validation (a GraphQL query)."""


@dataclass(frozen=True)
class ReceivedBody:
    """A JSON request body a client sent (validated against the documented request schema)."""

    method: str
    path: str
    body: Any


@dataclass
class ApiResponse:
    """What a route handler produces before headers, faults and rate limits are applied."""

    status: int
    body: Any
    route: str | None
    spec_path: str
    resource: str = "core"
    counts: bool = True
    headers: dict[str, str] = field(default_factory=dict)
    request: Any = None


class _Server(ThreadingHTTPServer):
    """ThreadingHTTPServer that never waits for handler threads and stays quiet on disconnects."""

    daemon_threads = True
    block_on_close = False
    standin: GitHubStandIn

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore clients that hang up (tests do that on purpose); keep anything else for the test."""
        exc = sys.exc_info()[1]
        if not isinstance(exc, (ConnectionError, TimeoutError)):
            self.standin._note_error("".join(traceback.format_exception(exc)) if exc else "unknown error")


class GitHubStandIn:
    """A real HTTP server on 127.0.0.1 that answers like api.github.com for a `World`."""

    def __init__(self, world: World, *, tokens: Iterable[str] | None = None,
                 limits: dict[str, tuple[int, int, int]] | None = None, hang_seconds: float = 5.0,
                 read_only_tokens: Iterable[str] = (), token_users: dict[str, User] | None = None) -> None:
        """Configure the world; `tokens` (if given) are the only valid ones; `limits` override rate limits;
        `read_only_tokens` may not write (403, like a workflow token without `pull-requests: write`);
        `token_users` says whose comments a token writes (default: github-actions[bot])."""
        self.world = world
        self.read_only_tokens = frozenset(read_only_tokens)
        self.token_users = dict(token_users or {})
        self.comments = CommentBook()
        self._received: list[ReceivedBody] = []
        self.valid_tokens = frozenset(tokens) if tokens is not None else None
        self.hang_seconds = hang_seconds
        self.rate = RateLimiter(limits)
        self.faults = FaultBook()
        self._log: list[RequestRecord] = []
        self._bodies: list[ServedBody] = []
        self._git_bytes: dict[str, int] = {}
        self._errors: list[str] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self._git_root: Path | None = None
        self._base_url = ""

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> GitHubStandIn:
        """Create bare mirrors of served repos and start serving from a daemon thread."""
        if self._httpd is not None:
            return self
        self._git_root = Path(tempfile.mkdtemp(prefix="gh-standin-git-"))
        try:
            for repo in self.world.repos:
                if repo.git_path is not None:
                    gitcgi.make_bare_mirror(Path(repo.git_path), self._git_root, repo.full_name)
            self._httpd = _Server(("127.0.0.1", 0), _Handler)
        except BaseException:
            gitcgi.remove_tree(self._git_root)
            raise
        self._httpd.standin = self
        self._base_url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._stopping.clear()
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="github-standin", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, wake hanging handlers and delete the git mirrors."""
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._git_root is not None:
            gitcgi.remove_tree(self._git_root)
        self._httpd = self._thread = self._git_root = None

    def __enter__(self) -> GitHubStandIn:
        """Start the server."""
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        """Stop the server."""
        self.stop()

    @property
    def port(self) -> int:
        """The TCP port (only while running)."""
        if self._httpd is None:
            raise RuntimeError("GitHubStandIn is not running")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """The URL the server had when last started (usable after stop, unlike `url`)."""
        return self._base_url

    @property
    def url(self) -> str:
        """Base URL for `Github(base_url=...)`, e.g. http://127.0.0.1:PORT."""
        return f"http://127.0.0.1:{self.port}"

    def clone_url(self, full_name: str) -> str:
        """The smart-HTTP clone URL of a served repository."""
        return f"{self.url}/git/{full_name}.git"

    # ------------------------------------------------------------------ test helpers

    def fail(self, path_regex: str, kind: FaultKind, times: int = 1, *, reset_in: int = 60,
             hang_seconds: float | None = None, retry_after: int | None = None,
             method: str | None = None) -> Fault:
        """Make the next `times` requests whose path matches `path_regex` fail with `kind`."""
        fault = Fault(pattern=re.compile(path_regex), kind=kind, times=times, reset_in=reset_in,
                      hang_seconds=self.hang_seconds if hang_seconds is None else hang_seconds,
                      retry_after=retry_after, method=method)
        return self.faults.add(fault)

    def set_remaining(self, resource: str, remaining: int, *, token: str | None = None,
                      reset_in: int | None = None) -> None:
        """Force the primary rate-limit budget left for `token` (None: unauthenticated)."""
        self.rate.set_remaining(token, resource, remaining, reset_in)

    def calls(self, path_prefix: str | None = None, *, route: str | None = None) -> list[RequestRecord]:
        """Recorded requests, optionally only those under `path_prefix` or for one API `route`."""
        with self._lock:
            records = list(self._log)
        if path_prefix is not None:
            records = [r for r in records if r.path.startswith(path_prefix)]
        if route is not None:
            records = [r for r in records if r.route == route]
        return records

    def api_calls(self) -> list[RequestRecord]:
        """Recorded requests except git smart-HTTP traffic under /git/."""
        return [r for r in self.calls() if not r.path.startswith("/git/")]

    def served_bodies(self) -> list[ServedBody]:
        """Every well-formed JSON body served so far, with method, path and status."""
        with self._lock:
            return list(self._bodies)

    def received_bodies(self) -> list[ReceivedBody]:
        """Every JSON request body clients sent to the API."""
        with self._lock:
            return list(self._received)

    def _receive(self, body: ReceivedBody) -> None:
        """Remember a request body."""
        with self._lock:
            self._received.append(body)

    def clear_log(self, *, bodies: bool = False) -> None:
        """Forget recorded requests and git byte counts (served bodies too only if `bodies`)."""
        with self._lock:
            self._log.clear()
            self._git_bytes.clear()
            if bodies:
                self._bodies.clear()

    def git_bytes_sent(self, full_name: str | None = None) -> int:
        """Bytes of git smart-HTTP response bodies sent (for one repo, or all)."""
        with self._lock:
            if full_name is not None:
                return self._git_bytes.get(full_name, 0)
            return sum(self._git_bytes.values())

    def server_errors(self) -> list[str]:
        """Tracebacks of unexpected exceptions inside the stand-in (should stay empty)."""
        with self._lock:
            return list(self._errors)

    # ------------------------------------------------------------------ internals used by the handler

    def _note_error(self, text: str) -> None:
        """Remember an internal error."""
        with self._lock:
            self._errors.append(text)

    def _record(self, record: RequestRecord, served: ServedBody | None = None) -> None:
        """Append to the request log (and body log)."""
        with self._lock:
            self._log.append(record)
            if served is not None:
                self._bodies.append(served)

    def _count_git_bytes(self, full_name: str, n: int) -> None:
        """Add to a repository's git byte counter."""
        with self._lock:
            self._git_bytes[full_name] = self._git_bytes.get(full_name, 0) + n

    @property
    def git_root(self) -> Path:
        """GIT_PROJECT_ROOT of the bare mirrors."""
        if self._git_root is None:
            raise RuntimeError("GitHubStandIn is not running")
        return self._git_root


# ====================================================================== routes


def _int_param(query: dict[str, str], name: str, default: int) -> int:
    """An integer query parameter, falling back to `default` when absent or invalid."""
    try:
        return int(query.get(name, default))
    except ValueError:
        return default


def _per_page(query: dict[str, str]) -> int:
    """`per_page` clamped to GitHub's 1..100 (default 30)."""
    value = _int_param(query, "per_page", DEFAULT_PER_PAGE)
    return DEFAULT_PER_PAGE if value < 1 else min(value, MAX_PER_PAGE)


def _link_header(base: str, pairs: list[tuple[str, str]], page: int, last: int) -> str | None:
    """GitHub's Link header (prev, next, last, first) for `page` of `last` pages."""
    if last <= 1 and page <= 1:
        return None
    kept = [(k, v) for k, v in pairs if k != "page"]

    def url(n: int) -> str:
        return f"{base}?{urlencode([*kept, ('page', str(n))])}"

    links = []
    if page > 1:
        links.append(f'<{url(page - 1)}>; rel="prev"')
    if page < last:
        links.append(f'<{url(page + 1)}>; rel="next"')
        links.append(f'<{url(last)}>; rel="last"')
    if page > 1:
        links.append(f'<{url(1)}>; rel="first"')
    return ", ".join(links) or None


def _not_found() -> dict[str, Any]:
    """GitHub's 404 body."""
    return payloads.error_body("Not Found", 404, "https://docs.github.com/rest")


_COMMENTS = r"^/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)/issues/(?P<number>\d+)/comments$"
_COMMENT = r"^/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)/issues/comments/(?P<comment_id>\d+)$"
_ROUTES: list[tuple[re.Pattern[str], str, str, str]] = [
    (re.compile(r"^/users/(?P<login>[^/]+)$"), "/users/{username}", "user", "GET"),
    (re.compile(r"^/user/(?P<uid>\d+)$"), "/user/{account_id}", "user_by_id", "GET"),
    (re.compile(r"^/users/(?P<login>[^/]+)/repos$"), "/users/{username}/repos", "user_repos", "GET"),
    (re.compile(r"^/user/(?P<uid>\d+)/repos$"), "/users/{username}/repos", "user_repos_by_id", "GET"),
    (re.compile(r"^/search/issues$"), "/search/issues", "search_issues", "GET"),
    (re.compile(r"^/rate_limit$"), "/rate_limit", "rate_limit", "GET"),
    (re.compile(_COMMENTS), "/repos/{owner}/{repo}/issues/{issue_number}/comments", "list_comments", "GET"),
    (re.compile(_COMMENTS), "/repos/{owner}/{repo}/issues/{issue_number}/comments", "create_comment", "POST"),
    (re.compile(_COMMENT), "/repos/{owner}/{repo}/issues/comments/{comment_id}", "update_comment", "PATCH"),
    (re.compile(r"^/graphql$"), "/graphql", "graphql", "POST"),
]


def _route_of(path: str) -> str | None:
    """The documented template a served path belongs to, if the stand-in implements it."""
    return next((route for regex, route, _, _ in _ROUTES if regex.match(path)), None)


def _resource_of(path: str) -> str:
    """The rate-limit resource a path spends."""
    return "search" if path.startswith("/search/") else "graphql" if path == "/graphql" else "core"


def documented_path(world: World, path: str) -> str:
    """The documented equivalent of `path` (GitHub's `/user/{id}/repos` Link targets are undocumented)."""
    match = re.match(r"^/user/(\d+)/repos$", path)
    if match is None:
        return path
    user = world.user_by_id(int(match[1]))
    return f"/users/{user.login if user else match[1]}/repos"


class _Router:
    """Maps a request to an `ApiResponse` using the stand-in's World."""

    def __init__(self, standin: GitHubStandIn, api: str) -> None:
        """Bind to a stand-in; `api` is its base URL (used in payload URLs)."""
        self.standin = standin
        self.world = standin.world
        self.api = api
    def dispatch(self, method: str, path: str, query: dict[str, str], pairs: list[tuple[str, str]],
                 identity: str | None, body: Any = None) -> ApiResponse:
        """Run the matching route for this method, or answer 404 like GitHub."""
        for regex, route, name, route_method in _ROUTES:
            match = regex.match(path)
            if match and method == route_method:
                handler: Callable[..., ApiResponse] = getattr(self, name)
                return handler(route=route, path=path, query=query, pairs=pairs, identity=identity, body=body,
                               **match.groupdict())
        return ApiResponse(404, _not_found(), _route_of(path), documented_path(self.world, path),
                           _resource_of(path))

    def graphql(self, *, route: str, path: str, identity: str | None, body: Any, **_: Any) -> ApiResponse:
        """POST /graphql: GitHub's GraphQL API needs a token; the query is executed against the published schema."""
        if identity is None:
            return ApiResponse(401, graphql.NEEDS_TOKEN, route, path, "graphql", counts=False, request=body)
        status, answer = graphql.answer(self.world, body)
        return ApiResponse(status, answer, route, path, "graphql", request=body)

    def user(self, *, route: str, path: str, login: str, **_: Any) -> ApiResponse:
        """GET /users/{login}."""
        user = self.world.user(login)
        if user is None:
            return ApiResponse(404, _not_found(), route, path)
        body = payloads.public_user(self.api, user, len(self.world.repos_of(user.login)))
        return ApiResponse(200, body, route, path)

    def user_by_id(self, *, route: str, path: str, uid: str, **_: Any) -> ApiResponse:
        """GET /user/{account_id}."""
        user = self.world.user_by_id(int(uid))
        if user is None:
            return ApiResponse(404, _not_found(), route, path)
        return self.user(route=route, path=path, login=user.login)

    def user_repos_by_id(self, *, uid: str, **kw: Any) -> ApiResponse:
        """GET /user/{id}/repos: the URL GitHub puts in Link headers of /users/{login}/repos."""
        user = self.world.user_by_id(int(uid))
        if user is None:
            return ApiResponse(404, _not_found(), kw["route"], documented_path(self.world, kw["path"]))
        return self.user_repos(login=user.login, **kw)

    def user_repos(self, *, route: str, path: str, query: dict[str, str], pairs: list[tuple[str, str]],
                   login: str, **_: Any) -> ApiResponse:
        """GET /users/{login}/repos with type/sort/direction/per_page/page and Link pagination."""
        user = self.world.user(login)
        spec_path = f"/users/{login}/repos"
        if user is None:
            return ApiResponse(404, _not_found(), route, spec_path)
        repos = self._sorted_repos(user.login, query)
        per_page, page = _per_page(query), max(1, _int_param(query, "page", 1))
        last = max(1, math.ceil(len(repos) / per_page))
        body = [payloads.minimal_repository(self.api, self.world, r)
                for r in repos[(page - 1) * per_page: page * per_page]]
        headers = {}
        link = _link_header(f"{self.api}/user/{user.id}/repos", pairs, page, last)
        if link:
            headers["link"] = link
        return ApiResponse(200, body, route, spec_path, headers=headers)

    def _sorted_repos(self, login: str, query: dict[str, str]) -> list[Any]:
        """Owned repos filtered by `type` and ordered by `sort`/`direction`."""
        if query.get("type", "owner") == "member":
            return []
        sort = query.get("sort", "full_name")
        keys: dict[str, Callable[[Any], Any]] = {
            "created": lambda r: r.created_at,
            "updated": lambda r: r.updated_at or r.pushed_at or r.created_at,
            "pushed": lambda r: r.pushed_at or r.created_at,
            "full_name": lambda r: r.full_name.lower(),
        }
        key = keys.get(sort, keys["full_name"])
        default_dir = "asc" if key is keys["full_name"] else "desc"
        descending = query.get("direction", default_dir) == "desc"
        return sorted(self.world.repos_of(login), key=lambda r: (key(r), r.id), reverse=descending)

    def search_issues(self, *, route: str, path: str, query: dict[str, str], pairs: list[tuple[str, str]],
                      **_: Any) -> ApiResponse:
        """GET /search/issues with qualifiers, paging, the 1,000-result cap and Link headers."""
        q = query.get("q", "").strip()
        if not q:
            body = payloads.error_body("Validation Failed", 422, SEARCH_DOCS,
                                       errors=[{"resource": "Search", "field": "q", "code": "missing"}])
            return ApiResponse(422, body, route, path, "search")
        if len(q) > MAX_QUERY:
            body = payloads.error_body("Validation Failed", 422, SEARCH_DOCS, errors=[
                {"message": f"The search is longer than {MAX_QUERY} characters.", "resource": "Search", "field": "q", "code": "invalid"}])
            return ApiResponse(422, body, route, path, "search")
        gone = {g.lower() for g in self.world.gone}
        if any(t.key == "repo" and t.value.lower() in gone for t in parse_query(q)):
            body = payloads.error_body("Validation Failed", 422, SEARCH_DOCS, errors=[
                {"message": UNSEARCHABLE, "resource": "Search", "field": "q", "code": "invalid"}])
            return ApiResponse(422, body, route, path, "search")
        per_page, page = _per_page(query), max(1, _int_param(query, "page", 1))
        if page * per_page > SEARCH_CAP:
            body = payloads.error_body("Only the first 1000 search results are available", 422, SEARCH_DOCS)
            return ApiResponse(422, body, route, path, "search")
        hits = run_search(self.world.items, q, query.get("sort"), query.get("order"))
        reachable = min(len(hits), SEARCH_CAP)
        last = max(1, min(math.ceil(reachable / per_page), SEARCH_CAP // per_page))
        items = [payloads.issue_search_item(self.api, self.world, i)
                 for i in hits[(page - 1) * per_page: min(page * per_page, SEARCH_CAP)]]
        body = {"total_count": len(hits), "incomplete_results": False, "search_type": "lexical", "items": items}
        headers = {}
        link = _link_header(f"{self.api}/search/issues", pairs, page, last)
        if link:
            headers["link"] = link
        return ApiResponse(200, body, route, path, "search", headers=headers)

    def _issue_exists(self, owner: str, name: str, number: str) -> bool:
        """Whether the World holds this issue or pull request."""
        wanted = f"{owner}/{name}".lower()
        return any(i.repo.lower() == wanted and i.number == int(number) for i in self.world.items)

    def _write_denied(self, identity: str | None, route: str, path: str) -> ApiResponse | None:
        """401 without a token, 403 for a read-only token, else None."""
        if identity is None:
            return ApiResponse(401, payloads.error_body("Requires authentication", 401), route, path, counts=False)
        if identity in self.standin.read_only_tokens:
            return ApiResponse(403, payloads.error_body(NOT_ACCESSIBLE, 403), route, path)
        return None

    def list_comments(self, *, route: str, path: str, query: dict[str, str], pairs: list[tuple[str, str]],
                      owner: str, name: str, number: str, **_: Any) -> ApiResponse:
        """GET /repos/{owner}/{repo}/issues/{number}/comments, oldest first, with Link pagination."""
        if not self._issue_exists(owner, name, number):
            return ApiResponse(404, _not_found(), route, path)
        comments = self.standin.comments.on(f"{owner}/{name}", int(number))
        per_page, page = _per_page(query), max(1, _int_param(query, "page", 1))
        last = max(1, math.ceil(len(comments) / per_page))
        body = [comment_payload(self.api, c) for c in comments[(page - 1) * per_page: page * per_page]]
        link = _link_header(f"{self.api}{path}", pairs, page, last)
        return ApiResponse(200, body, route, path, headers={"link": link} if link else {})

    def create_comment(self, *, route: str, path: str, identity: str | None, body: Any, owner: str, name: str,
                       number: str, **_: Any) -> ApiResponse:
        """POST /repos/{owner}/{repo}/issues/{number}/comments: the token's account comments."""
        denied = self._write_denied(identity, route, path)
        if denied is not None:
            return denied
        if not self._issue_exists(owner, name, number):
            return ApiResponse(404, _not_found(), route, path)
        error = body_error(body)
        if error is not None:
            return ApiResponse(422, error, route, path)
        user = self.standin.token_users.get(identity or "", ACTIONS_BOT)
        comment = self.standin.comments.add(f"{owner}/{name}", int(number), body["body"], user)
        return ApiResponse(201, comment_payload(self.api, comment), route, path,
                           headers={"location": f"{self.api}/repos/{owner}/{name}/issues/comments/{comment.id}"})

    def update_comment(self, *, route: str, path: str, identity: str | None, body: Any, owner: str, name: str,
                       comment_id: str, **_: Any) -> ApiResponse:
        """PATCH /repos/{owner}/{repo}/issues/comments/{id}: only the comment's author may change it here."""
        denied = self._write_denied(identity, route, path)
        if denied is not None:
            return denied
        comment = self.standin.comments.get(f"{owner}/{name}", int(comment_id))
        if comment is None:
            return ApiResponse(404, _not_found(), route, path)
        if comment.user != self.standin.token_users.get(identity or "", ACTIONS_BOT):
            return ApiResponse(403, payloads.error_body(NOT_ACCESSIBLE, 403), route, path)
        error = body_error(body)
        if error is not None:
            return ApiResponse(422, error, route, path)
        self.standin.comments.update(comment, body["body"])
        return ApiResponse(200, comment_payload(self.api, comment), route, path)

    def rate_limit(self, *, route: str, path: str, identity: str | None, **_: Any) -> ApiResponse:
        """GET /rate_limit (free: does not spend the primary limit)."""
        body = payloads.rate_limit_overview(self.standin.rate.overview(identity))
        return ApiResponse(200, body, route, path, "core", counts=False)


# ====================================================================== handler

_STATIC_HEADERS = {
    "x-github-media-type": "github.v3; format=json",
    "access-control-expose-headers": (
        "ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, "
        "X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, "
        "X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset"),
    "access-control-allow-origin": "*",
    "strict-transport-security": "max-age=31536000; includeSubdomains; preload",
    "x-frame-options": "deny",
    "x-content-type-options": "nosniff",
    "x-xss-protection": "0",
    "referrer-policy": "origin-when-cross-origin, strict-origin-when-cross-origin",
    "content-security-policy": "default-src 'none'",
    "vary": "Accept, Accept-Encoding, Accept, X-Requested-With",
}


class _Handler(BaseHTTPRequestHandler):
    """Per-request handler: API routes, faults, rate limits, git smart HTTP."""

    server: _Server
    protocol_version = "HTTP/1.0"

    def version_string(self) -> str:
        """The `Server` header."""
        return "github.com"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Silence the default stderr access log."""
        return

    def do_GET(self) -> None:  # noqa: N802
        """Handle GET."""
        self._handle()

    def do_POST(self) -> None:  # noqa: N802
        """Handle POST (git upload-pack; API POSTs get 404)."""
        self._handle()

    def do_PATCH(self) -> None:  # noqa: N802
        """Handle PATCH (comment updates)."""
        self._handle()

    def do_HEAD(self) -> None:  # noqa: N802
        """Handle HEAD like GET without a body."""
        self._handle()

    # -------------------------------------------------------------- common

    @property
    def standin(self) -> GitHubStandIn:
        """The owning stand-in."""
        return self.server.standin

    def _handle(self) -> None:
        """Dispatch to git or API handling; swallow client disconnects."""
        try:
            parts = urlsplit(self.path)
            if parts.path.startswith("/git/"):
                self._handle_git(parts.path, parts.query)
            else:
                self._handle_api(parts.path, parts.query)
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        except Exception:
            self.standin._note_error(traceback.format_exc())
            self.close_connection = True
            with contextlib.suppress(ConnectionError, TimeoutError, ValueError):
                self._send_raw(500, b'{"message":"stand-in internal error"}',
                               {"content-type": "application/json; charset=utf-8"})

    def _identity(self) -> tuple[str | None, bool]:
        """(token, well-formed) from the Authorization header."""
        auth = self.headers.get("Authorization")
        if not auth:
            return None, True
        scheme, _, credential = auth.partition(" ")
        if scheme.lower() in ("token", "bearer") and credential.strip():
            return credential.strip(), True
        if scheme.lower() == "basic" and credential.strip():
            return credential.strip(), True
        return auth, False

    def _request_headers(self) -> dict[str, str]:
        """Request headers without Authorization."""
        return {k: v for k, v in self.headers.items() if k.lower() != "authorization"}

    def _record(self, path: str, query: str, status: int, route: str | None,
                served: ServedBody | None = None) -> None:
        """Log this request."""
        record = RequestRecord(
            method=self.command, path=path, query=dict(parse_qsl(query, keep_blank_values=True)),
            headers=self._request_headers(), status=status,
            authenticated=bool(self.headers.get("Authorization")), route=route)
        self.standin._record(record, served)

    # -------------------------------------------------------------- API

    def _handle_api(self, path: str, query_string: str) -> None:
        """Answer one REST API request."""
        standin = self.standin
        pairs = parse_qsl(query_string, keep_blank_values=True)
        query = dict(pairs)
        token, well_formed = self._identity()
        fault = standin.faults.take(self.command, path)
        if fault is not None and fault.kind == "hang":
            if standin._stopping.wait(fault.hang_seconds):
                return
            fault = None
        if fault is not None and fault.kind != "malformed_json":
            self._send_fault(fault, path, query_string, token)
            return
        if not well_formed or (token and standin.valid_tokens is not None and token not in standin.valid_tokens):
            body = payloads.error_body("Bad credentials", 401, "https://docs.github.com/rest")
            response = ApiResponse(401, body, _route_of(path), documented_path(standin.world, path),
                                   counts=False)
            self._send_api(response, path, query_string, None, standin.rate.peek(None, "core"))
            return
        router = _Router(standin, standin.base_url)
        body = self._json_body(path)
        response = router.dispatch(self.command if self.command != "HEAD" else "GET", path, query, pairs, token, body)
        self._finish_api(response, path, query_string, token, malformed=fault is not None)

    def _json_body(self, path: str) -> Any:
        """The JSON request body of a POST or PATCH (recorded for validation), or None."""
        if self.command not in ("POST", "PATCH"):
            return None
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            return None
        self.standin._receive(ReceivedBody(self.command, path, body))
        return body

    def _finish_api(self, response: ApiResponse, path: str, query_string: str, token: str | None,
                    malformed: bool) -> None:
        """Apply conditional requests and the primary rate limit, then send."""
        rate = self.standin.rate
        payload = _encode(response.body)
        etag = f'W/"{hashlib.sha256(payload).hexdigest()}"'
        if response.status == 200 and self.headers.get("If-None-Match") == etag:
            snapshot = rate.peek(token, response.resource)
            self._record(path, query_string, 304, response.route)
            self._send_raw(304, b"", self._api_headers(response.resource, snapshot, token, {"etag": etag}))
            return
        if response.counts:
            allowed, snapshot = rate.consume(token, response.resource)
            if not allowed:
                self._send_primary_limit(path, query_string, token, response.resource, snapshot, 403)
                return
        else:
            snapshot = rate.peek(token, response.resource)
        response.headers.setdefault("etag", etag)
        self._send_api(response, path, query_string, token, snapshot, malformed=malformed)

    def _send_api(self, response: ApiResponse, path: str, query_string: str, token: str | None,
                  snapshot: dict[str, int], malformed: bool = False) -> None:
        """Send a JSON response with GitHub's headers and log it."""
        payload = _encode(response.body)
        if malformed:
            payload = payload[: max(1, len(payload) // 2)]
        headers = self._api_headers(response.resource, snapshot, token, response.headers)
        served = None
        if not malformed and self.command != "HEAD":
            served = ServedBody(self.command, path, response.spec_path, response.status, response.body, response.request)
        # Record before replying: the client may inspect the log as soon as it has the response.
        self._record(path, query_string, response.status, response.route, served)
        self._send_raw(response.status, payload, headers)

    def _api_headers(self, resource: str, snapshot: dict[str, int], token: str | None,
                     extra: dict[str, str]) -> dict[str, str]:
        """Realistic response headers, including x-ratelimit-*."""
        requested = self.headers.get("X-GitHub-Api-Version")
        headers = {
            "content-type": "application/json; charset=utf-8",
            "cache-control": ("private" if token else "public") + ", max-age=60, s-maxage=60",
            **_STATIC_HEADERS,
            "x-github-api-version-selected": requested or payloads.API_VERSION,
            "x-ratelimit-limit": str(snapshot["limit"]),
            "x-ratelimit-remaining": str(snapshot["remaining"]),
            "x-ratelimit-reset": str(snapshot["reset"]),
            "x-ratelimit-used": str(snapshot["used"]),
            "x-ratelimit-resource": resource,
            "x-github-request-id": _request_id(),
        }
        if token:
            headers["x-oauth-scopes"] = ""
            headers["x-accepted-oauth-scopes"] = ""
        headers.update(extra)
        return headers

    def _send_raw(self, status: int, payload: bytes, headers: dict[str, str]) -> None:
        """Write status line, headers and body."""
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD" and payload:
            self.wfile.write(payload)

    # -------------------------------------------------------------- faults and limits

    def _send_primary_limit(self, path: str, query_string: str, token: str | None, resource: str,
                            snapshot: dict[str, int], status: int, reset_in: int | None = None,
                            extra: dict[str, str] | None = None) -> None:
        """A primary rate-limit error (403 or 429) with remaining 0."""
        if token:
            message = PRIMARY_MESSAGE_AUTH.format(user_id=_token_user_id(token))
        else:
            message = PRIMARY_MESSAGE_ANON.format(ip=self.client_address[0])
        snap = dict(snapshot, remaining=0, used=max(snapshot["used"], snapshot["limit"]))
        if reset_in is not None:
            snap["reset"] = int(time.time()) + reset_in
        body = {"message": message, "documentation_url": PRIMARY_DOCS}
        response = ApiResponse(status, body, _route_of(path), documented_path(self.standin.world, path),
                               resource, counts=False, headers=dict(extra or {}))
        self._send_api(response, path, query_string, token, snap)

    def _send_fault(self, fault: Fault, path: str, query_string: str, token: str | None) -> None:
        """Answer with a scripted failure."""
        resource = _resource_of(path)
        snapshot = self.standin.rate.peek(token, resource)
        spec_path, route = documented_path(self.standin.world, path), _route_of(path)
        if fault.kind in ("rate_limit_403", "rate_limit_429"):
            status = 403 if fault.kind == "rate_limit_403" else 429
            extra = {"retry-after": str(fault.retry_after)} if fault.retry_after is not None else None
            self._send_primary_limit(path, query_string, token, resource, snapshot, status, fault.reset_in, extra)
            return
        if fault.kind == "secondary_403":
            body = {"message": SECONDARY_MESSAGE, "documentation_url": SECONDARY_DOCS}
            extra = {"retry-after": str(fault.retry_after)} if fault.retry_after is not None else {}
            response = ApiResponse(403, body, route, spec_path, resource, counts=False, headers=extra)
        else:
            response = ApiResponse(500, {"message": "Server Error"}, route, spec_path, resource, counts=False)
        self._send_api(response, path, query_string, token, snapshot)

    # -------------------------------------------------------------- git smart HTTP

    def _handle_git(self, path: str, query_string: str) -> None:
        """Serve /git/{owner}/{name}.git/... through `git http-backend`."""
        standin = self.standin
        match = _GIT_PATH.match(path)
        fault = standin.faults.take(self.command, path)
        if fault is not None and fault.kind == "hang":
            if standin._stopping.wait(fault.hang_seconds):
                return
            fault = None
        full_name = f"{match['owner']}/{match['name']}" if match else None
        if fault is not None or full_name is None or not (standin.git_root / f"{full_name}.git").is_dir():
            status = 500 if fault is not None else 404
            self._record(path, query_string, status, None)
            self._send_raw(status, b"Repository not found.\n" if status == 404 else b"Server Error\n",
                           {"content-type": "text/plain; charset=utf-8"})
            return
        assert match is not None
        lowered = {k.lower(): v for k, v in self.headers.items()}
        body = gitcgi.read_request_body(lowered, self.rfile)
        env = gitcgi.cgi_environment(
            standin.git_root, method=self.command, path_info=f"/{full_name}.git{match['rest']}",
            query=query_string, content_type=self.headers.get("Content-Type", ""),
            content_length=len(body), remote_addr=self.client_address[0],
            git_protocol=self.headers.get("Git-Protocol"))
        recorded: list[int] = []

        def start(status: int, headers: list[tuple[str, str]]) -> None:
            recorded.append(status)
            self._record(path, query_string, status, None)
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()

        def write(chunk: bytes) -> None:
            standin._count_git_bytes(full_name, len(chunk))  # counted before the client can see it
            self.wfile.write(chunk)

        gitcgi.run_http_backend(env, body, start, write)
        if not recorded:
            self._record(path, query_string, 500, None)

def _encode(body: Any) -> bytes:
    """Compact JSON, as GitHub sends it."""
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


_request_counter = iter(range(1, 1 << 62))


def _request_id() -> str:
    """A GitHub-looking x-github-request-id."""
    n = next(_request_counter)
    return f"{n >> 16 & 0xFFFF:04X}:{n & 0xFFFF:04X}:{n:06X}:{n * 7919 & 0xFFFFFF:06X}:{int(time.time()):08X}"


def _token_user_id(token: str) -> int:
    """A stable fake user id for a token (shown in authenticated rate-limit messages)."""
    return int(hashlib.sha256(token.encode()).hexdigest()[:7], 16)
