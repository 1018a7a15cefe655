"""Tests for the GitHub REST API stand-in (tests/standin) and its OpenAPI validation."""

from __future__ import annotations

import gzip
import hashlib
import http.client
import json
import math
import os
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from github import Auth, Github, GithubException, GithubRetry, UnknownObjectException
from github.GithubException import RateLimitExceededException

from tests.standin import graphql
from tests.standin import GitHubStandIn, IssueOrPR, OpenAPIValidator, Repo, User, World, ensure_openapi, world_of_size

LOGIN = "ada-learner"
MERGED_EXTERNAL = f"type:pr author:{LOGIN} is:merged -user:{LOGIN}"
GIT_ENV = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_TERMINAL_PROMPT": "0"}

MakeStandIn = Callable[..., GitHubStandIn]
MakeClient = Callable[..., Github]


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def validator() -> OpenAPIValidator:
    """The OpenAPI validator, loaded once per session."""
    return OpenAPIValidator(ensure_openapi())


@pytest.fixture(scope="session")
def validated_digests() -> set[str]:
    """Digests of bodies already validated (identical bodies are checked once)."""
    return set()


@pytest.fixture
def make_standin(validator: OpenAPIValidator, validated_digests: set[str]) -> Iterator[MakeStandIn]:
    """Start stand-ins for a test; on teardown stop them and validate every JSON body they served."""
    started: list[GitHubStandIn] = []

    def make(world: World, **kwargs: Any) -> GitHubStandIn:
        standin = GitHubStandIn(world, **kwargs).start()
        started.append(standin)
        return standin

    yield make
    for standin in started:
        standin.stop()
    for standin in started:
        assert not standin.server_errors(), "\n".join(standin.server_errors())
    for standin in started:
        for served in standin.served_bodies():
            if served.spec_path == "/graphql":  # not REST: checked against GitHub's GraphQL schema instead
                if served.status == 200:
                    graphql.validate_response(served.request, served.body)
                continue
            digest = hashlib.sha256(
                json.dumps([served.method, served.spec_path, served.status, served.body]).encode()
            ).hexdigest()
            if digest not in validated_digests:
                validator.validate(served.method, served.spec_path, served.status, served.body)
                validated_digests.add(digest)
        for received in standin.received_bodies():
            if received.path == "/graphql":
                graphql.validate_request(received.body)
                continue
            validator.validate_request(received.method, received.path, received.body)


@pytest.fixture
def client() -> Iterator[MakeClient]:
    """Build PyGithub clients for a stand-in (no throttling, no retries by default); close them afterwards."""
    made: list[Github] = []

    def make(standin: GitHubStandIn, token: str | None = None, **kwargs: Any) -> Github:
        kwargs.setdefault("retry", None)
        auth = Auth.Token(token) if token else None
        g = Github(auth=auth, base_url=standin.url, per_page=100, seconds_between_requests=None, **kwargs)
        made.append(g)
        return g

    yield make
    for g in made:
        g.close()


def get(url: str, token: str | None = None, timeout: float = 5.0,
        headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """Plain GET with urllib; returns (status, lower-cased headers, body) even for HTTP errors."""
    request = urllib.request.Request(url, headers=dict(headers or {}))
    if token:
        request.add_header("Authorization", f"token {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()


def mixed_world() -> World:
    """A user with a few repos, and PRs/issues of every kind the search must tell apart."""
    users = (User(LOGIN, 4242, name="Ada Learner", email="ada@example.org", blog="https://ada.dev",
                  bio="Learning ML", created_at="2018-05-06T07:08:09Z"),)
    repos = tuple(Repo(LOGIN, f"r{i}", 100 + i, pushed_at=f"2024-01-{10 + i:02d}T00:00:00Z",
                       created_at=f"2022-0{i + 1}-01T00:00:00Z", license="MIT" if i else None)
                  for i in range(5))
    items = (
        IssueOrPR("torvalds/linux", 1, "merged external", LOGIN, 1, merged_at="2024-02-02T00:00:00Z",
                  closed_at="2024-02-02T00:00:00Z", created_at="2024-02-01T00:00:00Z"),
        IssueOrPR("numpy/numpy", 2, "merged external 2", LOGIN, 2, merged_at="2024-03-02T00:00:00Z",
                  closed_at="2024-03-02T00:00:00Z", created_at="2024-03-01T00:00:00Z",
                  author_association="MEMBER", labels=("bug",), body="Fixes #1"),
        IssueOrPR("numpy/numpy", 3, "closed unmerged", LOGIN, 3, closed_at="2024-03-05T00:00:00Z"),
        IssueOrPR("numpy/numpy", 4, "still open", LOGIN, 4, state="open", draft=True),
        IssueOrPR(f"{LOGIN}/r0", 5, "own repo merged", LOGIN, 5, merged_at="2024-01-02T00:00:00Z",
                  closed_at="2024-01-02T00:00:00Z", author_association="OWNER"),
        IssueOrPR("numpy/numpy", 6, "an issue", LOGIN, 6, is_pull_request=False, state="open"),
        IssueOrPR("numpy/numpy", 7, "someone else", "grace", 7, merged_at="2024-01-03T00:00:00Z",
                  closed_at="2024-01-03T00:00:00Z"),
    )
    return World(users=users, repos=repos, items=items)


# --------------------------------------------------------------------------- OpenAPI helpers


def test_ensure_openapi_uses_existing_file(monkeypatch: pytest.MonkeyPatch) -> None:
    """An installed description is returned without running npm."""
    spec = ensure_openapi()
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: pytest.fail("npm must not run"))
    assert ensure_openapi() == spec
    assert spec.name == "api.github.com.json" and spec.stat().st_size > 10_000_000


def test_ensure_openapi_runs_npm_when_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A missing description triggers the pinned `npm install --prefix DIR`."""
    seen: list[list[str]] = []

    def fake_run(cmd: list[str], **_: Any) -> subprocess.CompletedProcess[str]:
        seen.append(cmd)
        target = tmp_path / "node_modules/@octokit/openapi/generated/api.github.com.json"
        target.parent.mkdir(parents=True)
        target.write_text("{}")
        return subprocess.CompletedProcess(cmd, 0, "", "")

    monkeypatch.setattr(subprocess, "run", fake_run)
    path = ensure_openapi(tmp_path)
    assert path.is_file()
    assert seen[0][1:] == ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", str(tmp_path),
                           "@octokit/openapi@23.0.2"]


def test_validator_matches_templates(validator: OpenAPIValidator) -> None:
    """Concrete paths map to the most literal template."""
    assert validator.match_path("/users/octocat/repos") == "/users/{username}/repos"
    assert validator.match_path("/users/octocat?x=1") == "/users/{username}"
    assert validator.match_path("/search/issues") == "/search/issues"
    assert validator.match_path("/repos/a/b/issues/3") == "/repos/{owner}/{repo}/issues/{issue_number}"
    assert validator.match_path("/no/such/thing/here") is None


def test_validator_nullable_and_readable_errors(validator: OpenAPIValidator) -> None:
    """`nullable` admits null; a wrong body fails with the JSON path of each problem."""
    example = validator.document["components"]["examples"]["public-user-default-response"]["value"]
    good = dict(example, name=None, bio=None, hireable=None)
    validator.validate("GET", "/users/octocat", 200, good)
    bad = dict(good, public_repos="many")
    del bad["login"]
    with pytest.raises(AssertionError) as info:
        validator.validate("GET", "/users/octocat", 200, bad)
    message = str(info.value)
    assert "users/get-by-username" in message
    assert "$.public_repos: 'many' is not of type 'integer'" in message
    assert "'login' is a required property" in message


def test_validator_formats_refs_and_unknown_status(validator: OpenAPIValidator) -> None:
    """date-time formats are checked, refs resolve, undocumented success statuses are rejected."""
    schema = validator.component_schema("nullable-simple-user")
    assert schema["$defs"]["nullable-simple-user"]["type"] == ["object", "null"]
    assert jsonschema.Draft202012Validator(schema).is_valid(None)
    validator.validate("GET", "/rate_limit", 200, {"resources": {"core": _rate(), "search": _rate()},
                                                   "rate": _rate()})
    example = validator.document["components"]["examples"]["public-user-default-response"]["value"]
    with pytest.raises(AssertionError, match="is not a 'date-time'"):
        validator.validate("GET", "/users/octocat", 200, dict(example, created_at="yesterday"))
    with pytest.raises(AssertionError, match="not documented"):
        validator.validate("GET", "/users/x/repos", 201, [])
    validator.validate("GET", "/users/x/repos", 404, {"message": "Not Found"})  # basic-error fallback
    with pytest.raises(AssertionError, match="no path"):
        validator.validate("GET", "/definitely/not/github", 200, {})


def _rate() -> dict[str, int]:
    """A valid rate-limit object."""
    return {"limit": 60, "remaining": 59, "reset": 1_700_000_000, "used": 1}


# --------------------------------------------------------------------------- REST endpoints


def test_user_and_missing_user(make_standin: MakeStandIn, client: MakeClient) -> None:
    """GET /users/{login} serves public-user; unknown logins get GitHub's 404 body."""
    standin = make_standin(mixed_world())
    g = client(standin)
    user = g.get_user(LOGIN)
    assert (user.login, user.id, user.name, user.email, user.blog, user.bio) == (
        LOGIN, 4242, "Ada Learner", "ada@example.org", "https://ada.dev", "Learning ML")
    assert user.public_repos == 5 and user.created_at.year == 2018
    with pytest.raises(UnknownObjectException):
        g.get_user("nobody-here")
    status, headers, body = get(f"{standin.url}/users/nobody-here")
    assert status == 404
    assert json.loads(body) == {"message": "Not Found", "documentation_url": "https://docs.github.com/rest",
                                "status": "404"}
    assert headers["x-ratelimit-resource"] == "core"
    assert [c.status for c in standin.api_calls()] == [200, 404, 404]


def test_realistic_headers(make_standin: MakeStandIn) -> None:
    """Every API response carries GitHub's content type, version and rate-limit headers."""
    standin = make_standin(mixed_world())
    for path, resource, limit in [(f"/users/{LOGIN}", "core", "60"), ("/search/issues?q=is:pr", "search", "10")]:
        status, headers, _ = get(standin.url + path)
        assert status == 200
        assert headers["content-type"] == "application/json; charset=utf-8"
        assert headers["x-github-api-version-selected"] == "2022-11-28"
        assert headers["x-ratelimit-resource"] == resource
        assert headers["x-ratelimit-limit"] == limit
        assert headers["x-ratelimit-remaining"] == str(int(limit) - 1)
        assert headers["x-ratelimit-used"] == "1"
        assert len(headers["x-ratelimit-reset"]) == 10 and int(headers["x-ratelimit-reset"]) > time.time()
        assert headers["etag"].startswith('W/"')
    _, headers, _ = get(f"{standin.url}/users/{LOGIN}", token="tok")
    assert headers["x-ratelimit-limit"] == "5000" and headers["cache-control"].startswith("private")


@pytest.mark.parametrize(
    ("n_repos", "n_prs", "repo_calls", "search_calls"),
    [(1, 0, 1, 1), (150, 40, 2, 1), (1000, 1200, 10, 10)],
)
def test_pygithub_call_counts(make_standin: MakeStandIn, client: MakeClient, n_repos: int, n_prs: int,
                              repo_calls: int, search_calls: int) -> None:
    """Profile + repo list + merged-PR search cost exactly 1 + ceil(N/100) + ceil(min(M,1000)/100)."""
    standin = make_standin(world_of_size(n_repos, n_prs))
    g = client(standin)
    user = g.get_user(LOGIN)
    rows = [(r.name, r.fork, r.archived, r.size, r.default_branch, r.language, tuple(r.topics), r.pushed_at,
             r.created_at, r.description, r.homepage, r.stargazers_count, r.has_pages, r.owner.login,
             r.license.spdx_id if r.license else None, r.clone_url)
            for r in user.get_repos(type="owner", sort="pushed")]
    hits = g.search_issues(MERGED_EXTERNAL)
    prs = [(i.number, i.title, i.repository_url, i.pull_request.merged_at if i.pull_request else None,
            i.author_association, i.created_at, i.closed_at, i.html_url) for i in hits]
    assert len(rows) == user.public_repos == n_repos
    assert len({r[0] for r in rows}) == n_repos
    assert [r[7] for r in rows] == sorted((r[7] for r in rows), reverse=True)
    assert hits.totalCount == n_prs
    assert len(prs) == min(n_prs, 1000) and all(p[3] is not None for p in prs)
    repo_requests = standin.calls(route="/users/{username}/repos")
    search_requests = standin.calls(route="/search/issues")
    assert len(repo_requests) == repo_calls == max(1, math.ceil(n_repos / 100))
    assert len(search_requests) == search_calls == max(1, math.ceil(min(n_prs, 1000) / 100))
    assert len(standin.api_calls()) == 1 + repo_calls + search_calls
    assert repo_requests[0].query == {"type": "owner", "sort": "pushed", "per_page": "100"}
    assert all(r.query["per_page"] == "100" for r in repo_requests + search_requests)
    if repo_calls > 1:  # GitHub's Link header points at /user/{id}/repos, as the real API does
        assert repo_requests[1].path == f"/user/{user.id}/repos"


def test_repo_list_pagination_links(make_standin: MakeStandIn) -> None:
    """Link headers carry prev/next/last/first absolute URLs; per_page defaults to 30, caps at 100."""
    standin = make_standin(world_of_size(75, 0))
    uid = standin.world.users[0].id
    base = f"{standin.url}/user/{uid}/repos"
    status, headers, body = get(f"{standin.url}/users/{LOGIN}/repos?sort=created&per_page=20&page=2")
    assert status == 200 and len(json.loads(body)) == 20
    assert headers["link"] == (
        f'<{base}?sort=created&per_page=20&page=1>; rel="prev", '
        f'<{base}?sort=created&per_page=20&page=3>; rel="next", '
        f'<{base}?sort=created&per_page=20&page=4>; rel="last", '
        f'<{base}?sort=created&per_page=20&page=1>; rel="first"')
    _, headers, body = get(f"{base}?sort=created&per_page=20&page=4")
    assert len(json.loads(body)) == 15
    assert headers["link"] == (f'<{base}?sort=created&per_page=20&page=3>; rel="prev", '
                               f'<{base}?sort=created&per_page=20&page=1>; rel="first"')
    _, headers, body = get(f"{standin.url}/users/{LOGIN}/repos")
    assert len(json.loads(body)) == 30 and 'page=3>; rel="last"' in headers["link"]
    _, headers, body = get(f"{standin.url}/users/{LOGIN}/repos?per_page=500")
    assert len(json.loads(body)) == 75 and "link" not in headers
    names = [r["name"] for r in json.loads(body)]
    assert names == sorted(names)  # default sort full_name, ascending
    assert get(f"{standin.url}/users/{LOGIN}/repos?type=member")[2] == b"[]"
    assert get(f"{standin.url}/users/nobody/repos")[0] == 404


def test_repo_payload_has_list_fields(make_standin: MakeStandIn) -> None:
    """List items carry license, topics and the stand-in clone URL, like real list payloads."""
    standin = make_standin(mixed_world())
    _, _, body = get(f"{standin.url}/users/{LOGIN}/repos")
    first, second = json.loads(body)[:2]
    assert first["license"] is None
    assert second["license"] == {"key": "mit", "name": "MIT License", "spdx_id": "MIT",
                                 "url": "https://api.github.com/licenses/mit", "node_id": second["license"]["node_id"]}
    assert first["clone_url"] == f"{standin.url}/git/{LOGIN}/r0.git"
    assert first["url"] == f"{standin.url}/repos/{LOGIN}/r0"
    assert {"topics", "size", "archived", "fork", "pushed_at", "homepage", "has_pages"} <= first.keys()


@pytest.mark.parametrize(
    ("query", "numbers"),
    [
        (MERGED_EXTERNAL, [2, 1]),
        (f"is:pr author:{LOGIN} -user:{LOGIN}", [4, 3, 2, 1]),
        (f"type:pr author:{LOGIN}", [5, 4, 3, 2, 1]),
        (f"type:issue author:{LOGIN}", [6]),
        (f"is:issue author:{LOGIN}", [6]),
        (f"author:{LOGIN} user:{LOGIN}", [5]),
        ("is:pr is:merged user:numpy", [7, 2]),
        ('is:pr "merged external"', [2, 1]),
    ],
)
def test_search_qualifiers(make_standin: MakeStandIn, query: str, numbers: list[int]) -> None:
    """Supported qualifiers select the right items; PR hits carry pull_request.merged_at."""
    standin = make_standin(mixed_world())
    status, headers, body = get(f"{standin.url}/search/issues?" + urllib.parse.urlencode({"q": query}))
    data = json.loads(body)
    assert status == 200 and headers["x-ratelimit-resource"] == "search"
    assert sorted(i["number"] for i in data["items"]) == sorted(numbers)
    created = [i["created_at"] for i in data["items"]]
    assert created == sorted(created, reverse=True)  # "best match" approximated as newest first
    assert data["total_count"] == len(numbers) and data["incomplete_results"] is False
    assert data["search_type"] == "lexical"
    for item in data["items"]:
        assert ("pull_request" in item) == (item["number"] != 6)
    merged = {i["number"]: i["pull_request"]["merged_at"] for i in data["items"] if "pull_request" in i}
    assert all((merged[n] is None) == (n in (3, 4)) for n in merged)


def test_search_cap_and_422(make_standin: MakeStandIn) -> None:
    """total_count is complete, but results past 1,000 are refused with GitHub's 422."""
    standin = make_standin(world_of_size(0, 1200))
    url = f"{standin.url}/search/issues?" + urllib.parse.urlencode({"q": MERGED_EXTERNAL, "per_page": 100})
    status, headers, body = get(url + "&page=10", token="t")
    data = json.loads(body)
    assert status == 200 and data["total_count"] == 1200 and len(data["items"]) == 100
    assert 'rel="next"' not in headers["link"] and 'rel="prev"' in headers["link"]
    status, _, body = get(url + "&page=11", token="t")
    assert status == 422
    assert json.loads(body)["message"] == "Only the first 1000 search results are available"
    status, headers, _ = get(url.replace("per_page=100", "per_page=30") + "&page=1", token="t")
    assert 'page=33>; rel="last"' in headers["link"]
    assert get(url.replace("per_page=100", "per_page=30") + "&page=34", token="t")[0] == 422
    assert get(f"{standin.url}/search/issues", token="t")[0] == 422  # q missing


def test_pygithub_search_total_count_before_iterating(make_standin: MakeStandIn, client: MakeClient) -> None:
    """PyGithub's `.totalCount` before iterating reads the capped Link `last` page, not total_count."""
    standin = make_standin(world_of_size(0, 1200))
    g = client(standin)
    assert g.search_issues(MERGED_EXTERNAL).totalCount == 1000  # per_page=1 request, last page = 1000
    assert standin.calls(route="/search/issues")[0].query["per_page"] == "1"
    small = g.search_issues(f"type:pr author:{LOGIN} is:merged")
    assert small.totalCount == 1000
    first_page = g.search_issues(MERGED_EXTERNAL)
    next(iter(first_page))
    assert first_page.totalCount == 1200  # after a real page, total_count from the body wins


# --------------------------------------------------------------------------- rate limits


def test_primary_rate_limit_runs_out(make_standin: MakeStandIn, client: MakeClient) -> None:
    """Remaining counts down per resource and identity; exhaustion gives GitHub's 403."""
    standin = make_standin(mixed_world())
    for expected in range(9, -1, -1):
        _, headers, _ = get(f"{standin.url}/search/issues?q=is:pr")
        assert headers["x-ratelimit-remaining"] == str(expected)
    status, headers, body = get(f"{standin.url}/search/issues?q=is:pr")
    assert status == 403 and headers["x-ratelimit-remaining"] == "0"
    assert json.loads(body)["message"].startswith("API rate limit exceeded for 127.0.0.1.")
    _, headers, _ = get(f"{standin.url}/search/issues?q=is:pr", token="tok")
    assert headers["x-ratelimit-limit"] == "30" and headers["x-ratelimit-remaining"] == "29"
    standin.set_remaining("core", 1)
    assert get(f"{standin.url}/users/{LOGIN}")[1]["x-ratelimit-remaining"] == "0"
    with pytest.raises(RateLimitExceededException) as info:
        client(standin).get_user(LOGIN)
    assert info.value.status == 403
    status, _, body = get(f"{standin.url}/rate_limit")  # free, still answers
    overview = json.loads(body)["resources"]
    assert status == 200 and overview["core"]["remaining"] == 0 and overview["search"]["remaining"] == 0
    assert overview["core"]["limit"] == 60 and overview["search"]["limit"] == 10


def test_rate_limit_endpoint_with_pygithub(make_standin: MakeStandIn, client: MakeClient) -> None:
    """PyGithub parses /rate_limit; it does not spend the core budget."""
    standin = make_standin(mixed_world())
    anon = client(standin).get_rate_limit()
    authed = client(standin, token="tok").get_rate_limit()
    assert (anon.resources.core.limit, anon.resources.search.limit) == (60, 10)
    assert (authed.resources.core.limit, authed.resources.search.limit) == (5000, 30)
    assert anon.resources.core.remaining == 60 and anon.resources.core.reset.year >= 2024
    assert [c.authenticated for c in standin.api_calls()] == [False, True]
    assert all("Authorization" not in c.headers for c in standin.api_calls())


def test_conditional_request_is_free(make_standin: MakeStandIn) -> None:
    """A matching If-None-Match gets 304 and does not spend the primary limit."""
    standin = make_standin(mixed_world())
    _, headers, _ = get(f"{standin.url}/users/{LOGIN}")
    status, again, body = get(f"{standin.url}/users/{LOGIN}", headers={"If-None-Match": headers["etag"]})
    assert status == 304 and body == b"" and again["x-ratelimit-remaining"] == "59"


def test_invalid_token_when_tokens_are_configured(make_standin: MakeStandIn) -> None:
    """With `tokens=` only those tokens authenticate; others get 401 Bad credentials."""
    standin = make_standin(mixed_world(), tokens={"good"})
    assert get(f"{standin.url}/users/{LOGIN}", token="good")[0] == 200
    status, _, body = get(f"{standin.url}/users/{LOGIN}", token="bad")
    assert status == 401 and json.loads(body)["message"] == "Bad credentials"


# --------------------------------------------------------------------------- faults


def test_fault_rate_limit_403(make_standin: MakeStandIn, client: MakeClient) -> None:
    """rate_limit_403: GitHub's primary-limit 403, remaining 0, reset in the future; then normal."""
    standin = make_standin(mixed_world())
    standin.fail(r"^/users/", "rate_limit_403", reset_in=30)
    status, headers, body = get(f"{standin.url}/users/{LOGIN}")
    assert status == 403 and headers["x-ratelimit-remaining"] == "0"
    assert 25 <= int(headers["x-ratelimit-reset"]) - time.time() <= 31
    assert json.loads(body)["message"].startswith("API rate limit exceeded for 127.0.0.1.")
    assert get(f"{standin.url}/users/{LOGIN}")[0] == 200
    standin.fail(r"^/users/", "rate_limit_403")
    with pytest.raises(RateLimitExceededException):
        client(standin).get_user(LOGIN)


def test_fault_rate_limit_429_is_not_retried_by_pygithub(make_standin: MakeStandIn) -> None:
    """rate_limit_429: no Retry-After; PyGithub's default retry gives up at once."""
    standin = make_standin(mixed_world())
    standin.fail(r"^/users/", "rate_limit_429")
    status, headers, _ = get(f"{standin.url}/users/{LOGIN}")
    assert status == 429 and headers["x-ratelimit-remaining"] == "0" and "retry-after" not in headers
    standin.fail(r"^/users/", "rate_limit_429")
    default_retry = Github(base_url=standin.url, per_page=100, seconds_between_requests=None)
    with default_retry, pytest.raises(GithubException) as info:
        default_retry.get_user(LOGIN)
    assert info.value.status == 429 and not isinstance(info.value, RateLimitExceededException)
    assert len(standin.calls(f"/users/{LOGIN}")) == 2


def test_fault_secondary_403(make_standin: MakeStandIn, client: MakeClient) -> None:
    """secondary_403: GitHub's secondary-limit message; PyGithub maps it to RateLimitExceededException."""
    standin = make_standin(mixed_world())
    standin.fail(r"^/search/", "secondary_403")
    status, headers, body = get(f"{standin.url}/search/issues?q=is:pr")
    assert status == 403 and headers["x-ratelimit-remaining"] == "10"
    assert json.loads(body)["message"] == ("You have exceeded a secondary rate limit. "
                                           "Please wait a few minutes before you try again.")
    standin.fail(r"^/search/", "secondary_403")
    with pytest.raises(RateLimitExceededException):
        list(client(standin).search_issues("is:pr"))


def test_fault_server_500_then_retry_succeeds(make_standin: MakeStandIn, client: MakeClient) -> None:
    """server_500 fires `times` times; PyGithub's retry (no backoff) gets through afterwards."""
    standin = make_standin(mixed_world())
    standin.fail(r"^/users/", "server_500", times=2)
    g = client(standin, retry=GithubRetry(total=3))
    assert g.get_user(LOGIN).login == LOGIN
    assert [c.status for c in standin.calls(f"/users/{LOGIN}")] == [500, 500, 200]
    assert standin.faults.pending() == 0


def test_fault_hang_times_out_without_blocking(make_standin: MakeStandIn) -> None:
    """hang: the client times out, other requests are served meanwhile, shutdown is quick."""
    standin = make_standin(mixed_world())
    standin.fail(r"^/users/", "hang", hang_seconds=30)
    started = time.monotonic()
    with pytest.raises((TimeoutError, urllib.error.URLError)):
        get(f"{standin.url}/users/{LOGIN}", timeout=0.3)
    assert get(f"{standin.url}/rate_limit", timeout=2)[0] == 200
    standin.stop()
    assert time.monotonic() - started < 3


def test_fault_malformed_json(make_standin: MakeStandIn, client: MakeClient) -> None:
    """malformed_json: 200 with a truncated body; PyGithub raises a bare JSONDecodeError."""
    standin = make_standin(mixed_world())
    standin.fail(r"^/users/", "malformed_json", times=2)
    status, headers, body = get(f"{standin.url}/users/{LOGIN}")
    assert status == 200 and int(headers["content-length"]) == len(body)
    with pytest.raises(json.JSONDecodeError):
        json.loads(body)
    with pytest.raises(json.JSONDecodeError):
        client(standin).get_user(LOGIN)
    assert len(standin.served_bodies()) == 0


def test_unknown_fault_kind_rejected(make_standin: MakeStandIn) -> None:
    """Typos in fault kinds fail loudly."""
    standin = make_standin(mixed_world())
    with pytest.raises(ValueError):
        standin.fail(".*", "teapot")  # type: ignore[arg-type]


def test_every_response_kind_matches_openapi(make_standin: MakeStandIn, validator: OpenAPIValidator) -> None:
    """Success, 401, 403, 404, 422, 429 and 500 bodies all validate; a damaged body does not."""
    standin = make_standin(world_of_size(3, 3), tokens={"good"})
    base = standin.url
    get(f"{base}/users/{LOGIN}")
    get(f"{base}/users/{LOGIN}/repos")
    get(f"{base}/search/issues?q=is:pr")
    get(f"{base}/search/issues?q=is:pr&per_page=100&page=11")
    get(f"{base}/search/issues")
    get(f"{base}/rate_limit")
    get(f"{base}/users/ghost")
    get(f"{base}/users/{LOGIN}", token="bad")
    for kind in ("rate_limit_403", "rate_limit_429", "secondary_403", "server_500"):
        standin.fail(r"^/users/", kind)
        get(f"{base}/users/{LOGIN}/repos")
    served = standin.served_bodies()
    assert sorted({s.status for s in served}) == [200, 401, 403, 404, 422, 429, 500]
    for body in served:
        validator.validate(body.method, body.spec_path, body.status, body.body)
    repos = next(s.body for s in served if s.path.endswith("/repos") and s.status == 200)
    broken = [dict(repos[0], owner=None, private="no")]
    with pytest.raises(AssertionError, match=r"\$\[0\]\.(owner|private)"):
        validator.validate("GET", f"/users/{LOGIN}/repos", 200, broken)


# --------------------------------------------------------------------------- git smart HTTP


def _git(*args: str, cwd: Path | None = None) -> str:
    """Run git with an isolated configuration; return stdout."""
    done = subprocess.run(["git", *args], cwd=cwd, env=GIT_ENV, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def source_repo(tmp_path: Path) -> Path:
    """A small git repository with one commit (a text file and a 100 KB binary)."""
    repo = tmp_path / "source"
    repo.mkdir()
    _git("init", "-q", "-b", "main", cwd=repo)
    (repo / "README.md").write_text("# demo\n")
    (repo / "model.bin").write_bytes(os.urandom(100_000))
    _git("add", ".", cwd=repo)
    _git("-c", "user.name=Ada", "-c", "user.email=ada@example.org", "commit", "-qm", "init", cwd=repo)
    return repo


def test_git_partial_clone(make_standin: MakeStandIn, source_repo: Path, tmp_path: Path) -> None:
    """`git clone --filter=blob:none --no-checkout` over the stand-in works and fetches no blobs."""
    world = World(users=(User(LOGIN, 1),), repos=(Repo(LOGIN, "demo", 9, git_path=source_repo),))
    standin = make_standin(world)
    _, _, body = get(f"{standin.url}/users/{LOGIN}/repos")
    clone_url = json.loads(body)[0]["clone_url"]
    assert clone_url == f"http://127.0.0.1:{standin.port}/git/{LOGIN}/demo.git"
    dest = tmp_path / "clone"
    _git("clone", "--quiet", "--filter=blob:none", "--no-checkout", clone_url, str(dest))
    missing = [line for line in _git("rev-list", "--objects", "--missing=print", "HEAD", cwd=dest).splitlines()
               if line.startswith("?")]
    assert len(missing) == 2  # README.md and model.bin stay on the server
    assert _git("log", "--format=%an", cwd=dest).strip() == "Ada"
    assert _git("config", "remote.origin.partialclonefilter", cwd=dest).strip() == "blob:none"
    before = standin.git_bytes_sent(f"{LOGIN}/demo")
    assert 0 < before < 50_000
    _git("checkout", "-q", "main", cwd=dest)  # lazily fetches the blobs
    assert (dest / "model.bin").stat().st_size == 100_000
    assert standin.git_bytes_sent(f"{LOGIN}/demo") > before + 90_000
    git_calls = standin.calls("/git/")
    assert git_calls and all(c.status == 200 for c in git_calls)
    assert git_calls[0].headers.get("Git-Protocol") == "version=2"
    assert len(standin.api_calls()) == 1


def test_git_gzip_chunked_request_and_unknown_repo(make_standin: MakeStandIn, source_repo: Path) -> None:
    """A gzip-encoded, chunked upload-pack request is decoded; unknown repos get 404."""
    world = World(users=(User(LOGIN, 1),), repos=(Repo(LOGIN, "demo", 9, git_path=source_repo),))
    standin = make_standin(world)
    request = b"0014command=ls-refs\n0000"
    conn = http.client.HTTPConnection("127.0.0.1", standin.port, timeout=5)
    conn.request("POST", f"/git/{LOGIN}/demo.git/git-upload-pack", body=iter([gzip.compress(request)]),
                 headers={"Content-Type": "application/x-git-upload-pack-request", "Git-Protocol": "version=2",
                          "Content-Encoding": "gzip"}, encode_chunked=True)
    response = conn.getresponse()
    payload = response.read()
    conn.close()
    assert response.status == 200
    assert response.getheader("Content-Type") == "application/x-git-upload-pack-result"
    head = _git("rev-parse", "HEAD", cwd=source_repo).strip()
    assert f"{head} refs/heads/main".encode() in payload
    assert get(f"{standin.url}/git/{LOGIN}/nope.git/info/refs?service=git-upload-pack")[0] == 404


# --------------------------------------------------------------------------- lifecycle and worlds


def test_context_manager_shuts_down(validator: OpenAPIValidator) -> None:
    """Leaving the `with` block closes the port."""
    with GitHubStandIn(mixed_world()) as standin:
        url = standin.url
        assert get(f"{url}/users/{LOGIN}")[0] == 200
        for served in standin.served_bodies():
            validator.validate(served.method, served.spec_path, served.status, served.body)
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"{url}/users/{LOGIN}", timeout=1)


def test_world_of_size_is_deterministic() -> None:
    """Synthetic worlds are reproducible and shaped as requested."""
    a, b = world_of_size(150, 40), world_of_size(150, 40)
    assert a == b
    assert len(a.repos_of(LOGIN)) == 150 and len(a.items) == 40
    assert all(i.merged and i.owner != LOGIN for i in a.items)
    assert any(r.fork for r in a.repos) and any(r.archived for r in a.repos)
    assert world_of_size(1, 0, login="someone").users[0].login == "someone"
    with pytest.raises(ValueError):
        World(users=(User("x", 1), User("X", 2)))
