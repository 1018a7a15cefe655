"""The GitHub client against the stand-in: exact call counts, faults, token secrecy, and `assess USERNAME` end to end."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from readiness.sources.github import GitHubClient, GitHubUnavailable, RateLimited, RetryPolicy, UserNotFound, classify, fetch_account
from readiness.sources.github_auth import api_url_from, resolve_token
from readiness.sources.github_models import Account
from tests.factories import finding
from tests.standin import GitHubStandIn, IssueOrPR, Repo, User, World, world_of_size
from tests.test_standin import make_standin, validated_digests, validator  # noqa: F401  (fixtures)

LOGIN = "ada-learner"
TOKEN = "ghp_readinessTestToken0123456789abcdefXYZ"
FAST = RetryPolicy(total=2, backoff=0, max_wait=2, secondary_wait=0, timeout=1, throttle=None)


def client_for(standin: GitHubStandIn, token: str | None = None, policy: RetryPolicy = FAST) -> GitHubClient:
    """A client for the stand-in with quick retries."""
    return GitHubClient(standin.url, token, policy)


def fetch(standin: GitHubStandIn, login: str = LOGIN, **kwargs: Any) -> Account:
    """fetch_account through a fresh client."""
    client = client_for(standin, **kwargs)
    try:
        return fetch_account(client, login)
    finally:
        client.close()


def mixed_world() -> World:
    """A user with PRs outside (merged, unmerged, open), inside an organisation, to their own repo, and issues."""
    user = User(LOGIN, 4242, name="Ada Learner", email="Ada@Example.org")
    repos = (Repo(LOGIN, "one", 1, license="MIT"), Repo(LOGIN, "two", 2, fork=True))
    merged = dict(merged_at="2026-03-02T00:00:00Z", closed_at="2026-03-02T00:00:00Z", created_at="2026-03-01T00:00:00Z")
    items = (
        IssueOrPR("numpy/numpy", 1, "fix dtype bug", LOGIN, 11, **merged),
        IssueOrPR("pandas-dev/pandas", 2, "doc fix", LOGIN, 12, author_association="FIRST_TIME_CONTRIBUTOR", **merged),
        IssueOrPR("acme/internal", 3, "org work", LOGIN, 13, author_association="MEMBER", **merged),
        IssueOrPR("numpy/numpy", 4, "closed unmerged", LOGIN, 14, closed_at="2026-03-05T00:00:00Z"),
        IssueOrPR(f"{LOGIN}/one", 5, "own repo", LOGIN, 15, author_association="OWNER", **merged),
        IssueOrPR("scipy/scipy", 6, "crash on empty input", LOGIN, 16, is_pull_request=False, state="open"),
    )
    return World(users=(user,), repos=repos, items=items)


# --------------------------------------------------------------------------- call counts


@pytest.mark.parametrize(
    ("n_repos", "n_prs", "token", "issue_calls"),
    [(1, 0, None, 1), (150, 40, None, 1), (1000, 1200, TOKEN, 1), (1000, 1200, None, 0)],
)
def test_exact_call_counts(make_standin, n_repos: int, n_prs: int, token: str | None, issue_calls: int) -> None:
    """Profile 1 + repository pages ceil(N/100) + merged-PR search pages ceil(min(M,1000)/100) + 1 issues search,
    which is skipped (and said so) when ten search pages used up the unauthenticated 10-a-minute search budget."""
    standin = make_standin(world_of_size(n_repos, n_prs))
    account = fetch(standin, token=token)
    repo_pages = max(1, math.ceil(n_repos / 100))
    search_pages = max(1, math.ceil(min(n_prs, 1000) / 100))
    assert len(standin.calls(route="/users/{username}")) == 1
    assert len(standin.calls(route="/users/{username}/repos")) == repo_pages
    assert len(standin.calls(route="/search/issues")) == search_pages + issue_calls
    assert len(standin.api_calls()) == 1 + repo_pages + search_pages + issue_calls
    assert account.calls_needed == 1 + repo_pages + search_pages + 1 + (token is not None)  # + the pins query
    assert (account.issues is None) == (issue_calls == 0)
    assert any("issues not searched" in p.message for p in account.problems) == (issue_calls == 0)
    assert all(c.query.get("per_page") == "100" for c in standin.api_calls()[1:])
    assert len(account.repos) == n_repos and account.merged_prs is not None
    assert account.merged_prs.total == n_prs and len(account.merged_prs.items) == min(n_prs, 1000)
    assert account.merged_prs.capped == (n_prs > 1000)
    assert any("at most 1,000" in p.message for p in account.problems) == (n_prs > 1000)
    assert not account.partial


def test_list_fields_and_candidate_identity(make_standin) -> None:
    """Records carry the list-payload fields; the candidate's emails include GitHub's noreply forms."""
    standin = make_standin(mixed_world())
    account = fetch(standin)
    one = next(r for r in account.repos if r.name == "one")
    assert (one.license, one.fork, one.clone_url) == ("MIT", False, f"{standin.url}/git/{LOGIN}/one.git")
    person = account.profile.person
    assert person.login == LOGIN and person.github_id == 4242 and person.name == "Ada Learner"
    assert person.emails == ("ada@example.org", f"4242+{LOGIN}@users.noreply.github.com", f"{LOGIN}@users.noreply.github.com")


def test_author_association_separates_organisation_work(make_standin) -> None:
    """Merged PRs to organisations the user belongs to are not outside contributions; issues come from one search."""
    standin = make_standin(mixed_world())
    account = fetch(standin)
    assert account.merged_prs is not None and account.issues is not None
    by_number = {c.number: c for c in account.merged_prs.items}
    assert set(by_number) == {1, 2, 3}  # merged, not in the user's own repositories
    assert by_number[1].external and by_number[2].external and not by_number[3].external
    assert by_number[1].merged_at == "2026-03-02T00:00:00Z" and by_number[1].repo == "numpy/numpy"
    assert [c.number for c in account.issues.items] == [6] and account.issues.items[0].kind == "issue"


# --------------------------------------------------------------------------- faults


def test_missing_user(make_standin) -> None:
    """A missing login is an input error (exit 2), after one call."""
    standin = make_standin(mixed_world())
    with pytest.raises(UserNotFound, match="nobody-here: no such GitHub user") as info:
        fetch(standin, "nobody-here")
    assert info.value.exit_code == 2 and len(standin.api_calls()) == 1


def test_rate_limit_403_with_reset_far_away(make_standin) -> None:
    """A primary 403 whose reset is past the capped wait: when it resets, calls needed, a token hint (exit 3)."""
    standin = make_standin(mixed_world())
    standin.fail(r"^/users/", "rate_limit_403", reset_in=3600)
    with pytest.raises(RateLimited) as info:
        fetch(standin)
    message = str(info.value)
    assert info.value.exit_code == 3
    assert "rate limit reached" in message and "resets at" in message and "(in 60 min)" in message
    assert "needs about 4 API requests" in message and "GH_TOKEN" in message


def test_rate_limit_429_without_retry_after_keeps_results_so_far(make_standin) -> None:
    """A 429 (PyGithub does not retry it) on the search: the repositories are kept, the account is partial."""
    standin = make_standin(mixed_world())
    standin.fail(r"^/search/", "rate_limit_429", reset_in=900)
    account = fetch(standin)
    assert account.partial and len(account.repos) == 2 and account.merged_prs is None
    problem = account.problems[0].message
    assert problem.startswith("merged pull requests not read: GitHub rate limit reached") and "(in 15 min)" in problem


def test_secondary_rate_limit_message(make_standin) -> None:
    """GitHub's secondary-limit message is reported as such; the wait is capped, the report partial."""
    standin = make_standin(mixed_world())
    standin.fail(r"^/search/", "secondary_403", times=5)
    account = fetch(standin, policy=RetryPolicy(total=2, backoff=0, max_wait=0.5, secondary_wait=60, timeout=1, throttle=None))
    assert account.partial and "secondary rate limit" in account.problems[0].message


def test_server_errors_are_retried_then_given_up(make_standin) -> None:
    """Two 500s are retried through; endless 500s end in one 'unavailable' line (exit 3)."""
    standin = make_standin(mixed_world())
    standin.fail(r"^/users/", "server_500", times=2)
    assert fetch(standin).profile.login == LOGIN
    standin.fail(r"^/users/", "server_500", times=20)
    with pytest.raises(GitHubUnavailable, match="could not read ada-learner from GitHub") as info:
        fetch(standin)
    assert info.value.exit_code == 3


def test_hanging_response_times_out_and_is_retried(make_standin) -> None:
    """A response that hangs past the timeout is retried once and the run completes."""
    standin = make_standin(mixed_world())
    standin.fail(r"^/users/[^/]+/repos$", "hang", hang_seconds=10)
    account = fetch(standin)
    assert len(account.repos) == 2 and not account.partial
    standin.fail(r"^/users/[^/]+$", "hang", times=5, hang_seconds=10)
    with pytest.raises(GitHubUnavailable, match="did not answer in time|kept failing"):
        fetch(standin)


def test_malformed_json_is_retried_once(make_standin) -> None:
    """One truncated body is retried; two in a row end in a clear message."""
    standin = make_standin(mixed_world())
    standin.fail(r"^/users/[^/]+$", "malformed_json")
    assert fetch(standin).profile.id == 4242
    standin.fail(r"^/users/[^/]+$", "malformed_json", times=2)
    with pytest.raises(GitHubUnavailable, match="not valid JSON"):
        fetch(standin)


# --------------------------------------------------------------------------- configuration and secrecy


def test_token_order(monkeypatch: pytest.MonkeyPatch) -> None:
    """--token, GH_TOKEN, GITHUB_TOKEN, then `gh auth token` for the web host of the API URL."""
    asked: list[list[str]] = []

    def fake_run(cmd: list[str], **_: Any) -> subprocess.CompletedProcess[str]:
        asked.append(cmd)
        return subprocess.CompletedProcess(cmd, 0, "gho_fromgh\n", "")

    monkeypatch.setattr("readiness.sources.github_auth.shutil.which", lambda name: "/usr/bin/gh")
    monkeypatch.setattr("readiness.sources.github_auth.subprocess.run", fake_run)
    env = {"GH_TOKEN": "a", "GITHUB_TOKEN": "b"}
    assert resolve_token("opt", env=env) == "opt"
    assert resolve_token(None, env=env) == "a"
    assert resolve_token(None, env={"GITHUB_TOKEN": "b"}) == "b"
    assert resolve_token(None, "https://ghe.example.com/api/v3", env={}) == "gho_fromgh"
    assert asked == [["/usr/bin/gh", "auth", "token", "--hostname", "ghe.example.com"]]
    monkeypatch.setattr("readiness.sources.github_auth.shutil.which", lambda name: None)
    assert resolve_token(None, env={}) is None


def test_api_url_from_option_or_environment() -> None:
    """--api-url wins over GITHUB_API_URL; bad URLs are refused."""
    assert api_url_from(None, {}) == "https://api.github.com"
    assert api_url_from(None, {"GITHUB_API_URL": "https://ghe.example.com/api/v3/"}) == "https://ghe.example.com/api/v3"
    assert api_url_from("http://127.0.0.1:9", {"GITHUB_API_URL": "https://x"}) == "http://127.0.0.1:9"
    with pytest.raises(Exception, match="not a usable API URL"):
        api_url_from("https://user:pw@example.com", {})


def test_classified_errors_never_carry_the_token() -> None:
    """Whatever text an exception carries, a classified failure has the token removed."""
    failure = classify(RuntimeError(f"boom Authorization: token {TOKEN}"), TOKEN)
    assert TOKEN not in failure.message and "***" in failure.message


def run_cli(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    """The installed CLI in a subprocess, allowed to clone over http from 127.0.0.1 (READINESS_ALLOW_HTTP_LOOPBACK)."""
    full_env = {**os.environ, "READINESS_ALLOW_HTTP_LOOPBACK": "1", "GH_TOKEN": "", "GITHUB_TOKEN": "",
                "PATH": os.environ.get("PATH", ""), **env}
    return subprocess.run([sys.executable, "-m", "readiness", *args], capture_output=True, text=True, env=full_env, timeout=600)


def sample_world(sources: list[Any] | None = None) -> World:
    """ada-learner owning the sample personas, served over git smart HTTP from their materialised repositories."""
    from readiness.sources.samples import load_personas, sample_sources

    candidate = load_personas()[0]
    sources = sources if sources is not None else sample_sources()[1]
    user = User(candidate.login, candidate.github_id, name=candidate.name, email=candidate.email)
    repos = tuple(Repo(candidate.login, s.name, 700 + i, git_path=s.path, pushed_at=f"2026-06-{1 + i:02d}T00:00:00Z")
                  for i, s in enumerate(sources))
    items = (IssueOrPR("scikit-learn/scikit-learn", 9, "Fix sample weights in ridge", candidate.login, 9,
                       merged_at="2026-05-02T00:00:00Z", closed_at="2026-05-02T00:00:00Z", created_at="2026-05-01T00:00:00Z"),)
    return World(users=(user,), repos=repos, items=items)


def per_repo(report: dict[str, Any] | Any) -> dict[str, dict[str, tuple[str, str]]]:
    """repo -> check id -> (status, message), from a JSON report dict or a Report."""
    if isinstance(report, dict):
        return {r["name"]: {f["check_id"]: (f["status"], f["message"]) for f in r["findings"]} for r in report["repos"]}
    return {r.name: {f.check_id: (f.status.value, f.message) for f in r.findings} for r in report.repos}


def test_assess_username_matches_local_assessment(make_standin) -> None:
    """`assess USERNAME --api-url` gives the local per-repo findings (sizes aside) plus the open-source section."""
    from readiness.pipeline.config import Config
    from readiness.pipeline.assess import assess
    from readiness.sources.samples import sample_sources

    candidate, sources = sample_sources()
    sample_report = assess(sources, Config(), "local", candidate=candidate.person)
    standin = make_standin(sample_world(sources), tokens={TOKEN})
    result = run_cli(["-vv", "assess", LOGIN, "--api-url", standin.url, "--format", "json"], GH_TOKEN=TOKEN,
                     SOURCE_DATE_EPOCH="1780000000")
    assert result.returncode == 0, result.stderr[-2000:]
    assert TOKEN not in result.stdout + result.stderr
    data = json.loads(result.stdout)
    remote, local = per_repo(data), per_repo(sample_report)
    assert set(remote) == set(local)
    for name, findings in local.items():
        for check_id, (status, message) in findings.items():
            got = remote[name][check_id]
            if check_id == "DOC011" and got[0] == "unknown":  # sizes of files not downloaded are unknown, never a false pass
                continue
            assert got == (status, message), (name, check_id)
    assert remote["sentiment-course"]["DOC011"][0] == "unknown"
    for repo in data["repos"]:
        local_repo = next(r for r in sample_report.repos if r.name == repo["name"])
        assert (repo["head"], repo["commits"], repo["files_tracked"]) == (local_repo.head, local_repo.commits, local_repo.files_tracked)
        assert not [p for p in repo["problems"] if "missing" in p["message"]]
    oss = {f["check_id"]: f for f in data["portfolio_findings"] if f["check_id"].startswith("OSS")}
    assert oss["OSS001"]["status"] == "pass" and "scikit-learn/scikit-learn#9" in oss["OSS001"]["evidence"][0]["detail"]
    assert oss["OSS003"]["status"] == "pass" and oss["OSS004"]["status"] == "fail"
    assert len(standin.api_calls()) == 5 and all(c.authenticated for c in standin.api_calls())  # 4 REST + the pins query
    assert finding(sample_report, "churn-model", "DOC001").status.value == remote["churn-model"]["DOC001"][0]


def test_cli_missing_user_and_rate_limit_exit_codes(make_standin) -> None:
    """A missing user: one line, exit 2. A rate limit before anything was read: exit 3 with the reset and a hint."""
    standin = make_standin(mixed_world())
    missing = run_cli(["assess", "nobody-here", "--api-url", standin.url])
    assert missing.returncode == 2 and missing.stderr.strip() == "readiness: nobody-here: no such GitHub user"
    standin.fail(r"^/users/", "rate_limit_403", reset_in=3600)
    limited = run_cli(["assess", LOGIN, "--api-url", standin.url, "--token", TOKEN])
    assert limited.returncode == 3 and len(limited.stderr.strip().splitlines()) == 1
    assert "resets at" in limited.stderr and TOKEN not in limited.stdout + limited.stderr
