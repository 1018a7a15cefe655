"""GitHub out of reach: a name that does not resolve or a closed port fails fast, in one line, with exit 3."""

from __future__ import annotations

import socket
import time

import pytest

from readiness.sources.github import GitHubClient, GitHubUnavailable, RetryPolicy, classify, fetch_account, unreachable_hint
from tests.test_github import run_cli

UNRESOLVABLE = "https://api.readiness-test.invalid"  # RFC 6761: .invalid never resolves


def closed_port() -> int:
    """A port on 127.0.0.1 nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unresolvable_host_is_one_line_and_exit_3() -> None:
    """No retry chatter, no 'did not answer in time': the line names the host that did not resolve."""
    started = time.monotonic()
    result = run_cli(["assess", "someuser", "--api-url", UNRESOLVABLE])
    elapsed = time.monotonic() - started
    assert result.returncode == 3, result.stderr
    assert result.stderr == ("readiness: cannot resolve api.readiness-test.invalid: check the network and --api-url "
                             "(or GITHUB_API_URL)\n")
    assert elapsed < 10, elapsed  # loose: the bound is printed by bench/unreachable.py, not asserted here


def test_closed_port_is_one_line_and_exit_3() -> None:
    """A refused connection says so, with host and port; urllib3's retry log appears only with -v."""
    port = closed_port()
    result = run_cli(["assess", "someuser", "--api-url", f"http://127.0.0.1:{port}"])
    assert result.returncode == 3, result.stderr
    assert result.stderr == (f"readiness: cannot connect to 127.0.0.1:{port} (connection refused): check the network "
                             "and --api-url (or GITHUB_API_URL)\n")
    verbose = run_cli(["assess", "someuser", "--api-url", f"http://127.0.0.1:{port}", "-v"])
    assert verbose.returncode == 3
    assert verbose.stderr.count("Retrying (GithubRetry(") == 1  # retried once, and the log says so with -v
    assert verbose.stderr.splitlines()[-1] == result.stderr.strip()


def test_connection_failures_are_retried_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two attempts at most, whatever the retry budget for timeouts and 5xx answers."""
    import urllib3.connection

    attempts: list[str] = []
    real_connect = urllib3.connection.HTTPConnection.connect

    def counting(self: object) -> None:
        attempts.append("connect")
        real_connect(self)  # type: ignore[arg-type]

    monkeypatch.setattr(urllib3.connection.HTTPConnection, "connect", counting)
    client = GitHubClient(f"http://127.0.0.1:{closed_port()}", None, RetryPolicy(total=6, backoff=0, timeout=1, throttle=None))
    try:
        with pytest.raises(GitHubUnavailable, match=r"^cannot connect to 127\.0\.0\.1:\d+ \(connection refused\)"):
            fetch_account(client, "someuser")
    finally:
        client.close()
    assert len(attempts) == 2


def test_the_hint_names_enterprise_only_for_github_com() -> None:
    """Against api.github.com the hint points at --api-url for Enterprise; elsewhere at the URL given."""
    assert unreachable_hint("api.github.com") == "check the network, or --api-url for GitHub Enterprise"
    assert "GITHUB_API_URL" in unreachable_hint("ghe.example.com")


def test_timeouts_are_not_mistaken_for_unreachable_hosts() -> None:
    """A read timeout is still 'did not answer in time' (it keeps its bounded retries)."""
    import requests

    assert classify(requests.exceptions.ReadTimeout("read timed out")).kind == "timeout"
    assert classify(requests.exceptions.ConnectionError("reset by peer")).kind == "network"
