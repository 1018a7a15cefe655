"""Safe, cached, blobless sparse clones over git smart HTTP from the stand-in."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from readiness.facts import build_facts
from readiness.pipeline.github import clone_repo
from readiness.sources.clone import ALLOW_HTTP_LOOPBACK, MARKER, CloneError, allowed_url, clone_env
from readiness.sources.gitsafe import run_git
from tests.factories import make_repo
from tests.standin import GitHubStandIn, Repo, User, World
from tests.test_standin import make_standin, validated_digests, validator  # noqa: F401  (fixtures)

LOGIN = "ada-learner"
HOSTS = frozenset({"127.0.0.1"})


@pytest.fixture(autouse=True)
def loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests clone over plain http from 127.0.0.1, which only this switch allows."""
    monkeypatch.setenv(ALLOW_HTTP_LOOPBACK, "1")


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """A repository with code, a README, a data file, a link, a vendored tree and a workflow."""
    root = make_repo(tmp_path / "src", {
        "README.md": "# Demo\n\nRun `python train.py`.\n",
        "train.py": "import json\nprint(json.dumps({}))\n",
        "data/big.csv": "a,b\n" + "1,2\n" * 50_000,
        "model.bin": os.urandom(40_000),
        "node_modules/x/index.js": "module.exports = 1\n",
        ".github/workflows/ci.yml": "on: push\njobs: {}\n",
    })
    os.symlink("README.md", root / "readme-link")
    run_git(["add", "readme-link"], root)
    env = {"GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.com", "GIT_COMMITTER_NAME": "A", "GIT_COMMITTER_EMAIL": "a@example.com"}
    from readiness.sources.gitsafe import safe_env

    run_git(["commit", "-q", "--no-verify", "-m", "link"], root, env=safe_env(**env))
    return root


def serve(make_standin, path: Path) -> GitHubStandIn:
    """A stand-in serving PATH as ada-learner/demo."""
    return make_standin(World(users=(User(LOGIN, 1),), repos=(Repo(LOGIN, "demo", 9, git_path=path),)))


def missing_objects(root: Path) -> list[str]:
    """Objects reachable from HEAD that were not downloaded (no lazy fetch: the remote is not asked)."""
    out = run_git(["rev-list", "--objects", "--missing=print", "HEAD"], root).stdout.decode()
    return [line for line in out.splitlines() if line.startswith("?")]


def test_url_allow_list(monkeypatch: pytest.MonkeyPatch) -> None:
    """https to the expected host only; http just for loopback with the switch; no credentials or odd protocols."""
    hosts = frozenset({"github.com"})
    assert allowed_url("https://github.com/ada/demo.git", "ada", "demo", hosts) == ()
    assert allowed_url("http://127.0.0.1:8/git/ada/demo.git", "ada", "demo", HOSTS) == (("protocol.http.allow", "always"),)
    bad = [
        ("http://github.com/ada/demo.git", hosts, "only https"),
        ("https://evil.example/ada/demo.git", hosts, "refusing to clone from evil.example"),
        ("https://x:y@github.com/ada/demo.git", hosts, "credentials"),
        ("https://github.com/ada/other.git", hosts, "does not name"),
        ("ext::sh -c touch% /tmp/pwned", hosts, "only https"),
        ("file:///etc/ada/demo", hosts, "only https"),
        ("ssh://git@github.com/ada/demo.git", hosts, "only https"),
    ]
    for url, allowed, message in bad:
        with pytest.raises(CloneError, match=message):
            allowed_url(url, "ada", "demo", allowed)
    monkeypatch.delenv(ALLOW_HTTP_LOOPBACK)
    with pytest.raises(CloneError, match="only https"):
        allowed_url("http://127.0.0.1:8/git/ada/demo.git", "ada", "demo", HOSTS)


def test_environment_ignores_host_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    """Host GIT_* settings are blanked, hooks and templates off, https only; a GIT_DIR in the environment is refused."""
    monkeypatch.setenv("GIT_CONFIG_PARAMETERS", "'protocol.file.allow'='always'")
    env = clone_env()
    assert env["GIT_CONFIG_PARAMETERS"] == "" and env["GIT_TEMPLATE_DIR"] == "" and env["GIT_TERMINAL_PROMPT"] == "0"
    assert env["GIT_CONFIG_NOSYSTEM"] == "1" and env["GIT_CONFIG_GLOBAL"] == os.devnull and env["GIT_LFS_SKIP_SMUDGE"] == "1"
    config = {env[f"GIT_CONFIG_KEY_{i}"]: env[f"GIT_CONFIG_VALUE_{i}"] for i in range(int(env["GIT_CONFIG_COUNT"]))}
    assert config["protocol.allow"] == "never" and config["protocol.https.allow"] == "always"
    assert config["core.hooksPath"] == os.devnull and config["core.symlinks"] == "false"
    assert config["submodule.recurse"] == "false" and "protocol.http.allow" not in config
    monkeypatch.setenv("GIT_DIR", "/tmp/elsewhere")
    with pytest.raises(CloneError, match="GIT_DIR is set"):
        clone_env()


def test_blobless_sparse_clone_downloads_only_what_facts_read(make_standin, source: Path, tmp_path: Path) -> None:
    """Only the blobs of files the facts read arrive; data, binaries and vendored trees stay on the server."""
    standin = serve(make_standin, source)
    clone = clone_repo(standin.clone_url(f"{LOGIN}/demo"), LOGIN, "demo", tmp_path / "cache", HOSTS)
    root = clone.path
    assert not clone.reused and clone.head == run_git(["rev-parse", "HEAD"], source).stdout.decode().strip()
    assert (root / "README.md").is_file() and (root / "train.py").is_file() and (root / ".github/workflows/ci.yml").is_file()
    assert not (root / "data/big.csv").exists() and not (root / "model.bin").exists() and not (root / "node_modules").exists()
    assert len(missing_objects(root)) == 3  # big.csv, model.bin, index.js
    link = root / "readme-link"
    assert link.is_file() and not link.is_symlink() and link.read_text() == "README.md"  # a link becomes a plain file
    assert run_git(["config", "remote.origin.partialclonefilter"], root).stdout.decode().strip() == "blob:none"
    assert not (root / ".git/hooks").exists() or not any((root / ".git/hooks").iterdir())
    assert standin.git_bytes_sent() < 20_000  # the 200 KB CSV and 40 KB binary were not sent


def test_facts_on_a_sparse_clone_fetch_nothing_and_report_no_missing_files(make_standin, source: Path, tmp_path: Path) -> None:
    """The facts stage runs without lazy downloads; files not checked out are not problems; sizes are unknown."""
    standin = serve(make_standin, source)
    clone = clone_repo(standin.clone_url(f"{LOGIN}/demo"), LOGIN, "demo", tmp_path / "cache", HOSTS)
    before = standin.git_bytes_sent()
    facts = build_facts(clone.path, "demo", sparse=True)
    local = build_facts(source, "demo")
    assert standin.git_bytes_sent() == before
    assert facts.sparse and not any("missing" in p.message for p in facts.problems)
    assert {p.message for p in facts.problems} == {p.message for p in local.problems}
    assert facts.paths == local.paths and len(facts.history.commits) == len(local.history.commits) == 2
    assert facts.file("data/big.csv").size is None and local.file("data/big.csv").size > 100_000
    assert facts.texts.keys() == local.texts.keys() and facts.readme.text == local.readme.text


def test_unchanged_repository_is_not_fetched_again(make_standin, source: Path, tmp_path: Path) -> None:
    """The cache is keyed by repository and HEAD: a second run asks for HEAD only; a stale HEAD clones again."""
    standin = serve(make_standin, source)
    url, cache = standin.clone_url(f"{LOGIN}/demo"), tmp_path / "cache"
    first = clone_repo(url, LOGIN, "demo", cache, HOSTS)
    fetches = len([c for c in standin.calls("/git/") if c.method == "POST"])
    second = clone_repo(url, LOGIN, "demo", cache, HOSTS)
    assert second.reused and second.path == first.path
    assert len([c for c in standin.calls("/git/") if c.method == "POST"]) == fetches + 1  # ls-refs only, no fetch
    marker = first.path / ".git" / MARKER
    marker.write_text(json.dumps({"head": "0" * 40}))
    third = clone_repo(url, LOGIN, "demo", cache, HOSTS)
    assert not third.reused and (third.path / "train.py").is_file()


def test_same_last_push_makes_no_request_and_a_new_push_checks_head(make_standin, source: Path, tmp_path: Path) -> None:
    """With GitHub's pushed_at unchanged the cached clone is used with no request; a new push asks for HEAD again."""
    standin = serve(make_standin, source)
    url, cache = standin.clone_url(f"{LOGIN}/demo"), tmp_path / "cache"
    first = clone_repo(url, LOGIN, "demo", cache, HOSTS, pushed="2026-06-01T00:00:00Z|main")
    standin.clear_log()
    again = clone_repo(url, LOGIN, "demo", cache, HOSTS, pushed="2026-06-01T00:00:00Z|main")
    assert again.reused and again.head == first.head and standin.calls("/git/") == []
    pushed = clone_repo(url, LOGIN, "demo", cache, HOSTS, pushed="2026-06-02T00:00:00Z|main")
    assert pushed.reused and len(standin.calls("/git/")) >= 1  # HEAD asked for, nothing fetched (same commit)
    assert json.loads((first.path / ".git" / MARKER).read_text())["pushed"] == "2026-06-02T00:00:00Z|main"
    standin.clear_log()
    branch = clone_repo(url, LOGIN, "demo", cache, HOSTS, pushed="2026-06-02T00:00:00Z|trunk")  # default branch changed
    assert branch.reused and len(standin.calls("/git/")) >= 1
    (first.path / ".git" / MARKER).write_text(json.dumps({"head": "0" * 40, "pushed": "old"}))
    stale = clone_repo(url, LOGIN, "demo", cache, HOSTS, pushed="new")
    assert not stale.reused and stale.head == first.head


def test_clone_failures_are_one_line_reasons(make_standin, source: Path, tmp_path: Path) -> None:
    """A missing repository and a hanging server give short reasons, bounded by the timeout."""
    standin = serve(make_standin, source)
    with pytest.raises(CloneError, match=r"^git ls-remote failed: .*not found"):
        clone_repo(standin.clone_url(f"{LOGIN}/nope"), LOGIN, "nope", tmp_path / "cache", HOSTS)
    standin.fail(r"^/git/", "hang", times=3, hang_seconds=30)
    with pytest.raises(CloneError, match="timed out"):
        clone_repo(standin.clone_url(f"{LOGIN}/demo"), LOGIN, "demo", tmp_path / "cache", HOSTS, timeout=2)
    assert not list((tmp_path / "cache").rglob(".demo.tmp-*"))


def test_clone_all_keeps_the_account_order_and_lists_failures(make_standin, source: Path, tmp_path: Path) -> None:
    """Clones run a few at a time; sources come back in the account's order; a repository git cannot serve is a reason."""
    from readiness.pipeline.github import clone_all
    from readiness.sources.account import CLONE_THREADS, CloneOptions
    from tests.test_github import client_for

    names = [f"r{i}" for i in range(CLONE_THREADS * 2 + 1)]
    repos = tuple(Repo(LOGIN, n, 100 + i, git_path=None if n == "r3" else source, pushed_at="2026-06-01T00:00:00Z") for i, n in enumerate(names))
    standin = make_standin(World(users=(User(LOGIN, 1),), repos=repos))
    client = client_for(standin)
    from readiness.sources.github import fetch_account

    account = fetch_account(client, LOGIN, issues=False)
    chosen = sorted(account.repos, key=lambda r: names.index(r.name))
    sources, failures = clone_all(chosen, account, CloneOptions(tmp_path / "cache", False, False, 1024))
    assert [s.name for s in sources] == [n for n in names if n != "r3"]
    assert [name for name, _ in failures] == [f"{LOGIN}/r3"] and "git ls-remote failed" in failures[0][1]
    assert all((s.path / "train.py").is_file() for s in sources)
