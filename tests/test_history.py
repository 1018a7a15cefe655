"""HEAD and the history come from one `git log`; a repository without commits and an unreadable history stay apart."""

from __future__ import annotations

from pathlib import Path

from readiness.facts import build_facts
from readiness.facts.history import read_head_and_history, read_history
from readiness.sources.gitsafe import head_commit, run_git, safe_env
from tests.factories import make_repo

ENV = safe_env(GIT_AUTHOR_NAME="A", GIT_AUTHOR_EMAIL="a@example.com", GIT_COMMITTER_NAME="A", GIT_COMMITTER_EMAIL="a@example.com")


def _two_commits(root: Path) -> Path:
    make_repo(root, {"a.py": "x = 1\n", "b.txt": "b\n"})
    (root / "a.py").write_text("x = 2\n")
    (root / "c.md").write_text("# c\n")
    run_git(["add", "-A"], root, env=ENV)
    run_git(["commit", "-q", "--no-verify", "-m", "Second"], root, env=ENV)
    return root


def test_head_is_the_first_commit_of_the_log(tmp_path: Path) -> None:
    root = _two_commits(tmp_path / "r")
    head, history = read_head_and_history(root)
    assert head == head_commit(root) == run_git(["rev-parse", "HEAD"], root).stdout.decode().strip()
    assert history == read_history(root) and history.error is None
    assert [(c.sha, c.subject, c.added, c.modified) for c in history.commits][0] == (head, "Second", 1, 1)
    assert len(history.commits) == 2


def test_a_repository_without_commits_has_no_history_and_no_error(tmp_path: Path) -> None:
    root = make_repo(tmp_path / "empty", {"a.py": "x = 1\n"}, commit=False)
    head, history = read_head_and_history(root)
    assert head is None and history.commits == () and history.error is None
    messages = [p.message for p in build_facts(root, "empty").problems]
    assert "repository has no commits" in messages and not any(m.startswith("history not read") for m in messages)


def test_an_unreadable_history_keeps_its_head_and_says_why(tmp_path: Path) -> None:
    root = _two_commits(tmp_path / "r")
    tree = run_git(["rev-parse", "HEAD~1^{tree}"], root).stdout.decode().strip()
    (root / ".git" / "objects" / tree[:2] / tree[2:]).unlink()  # the first commit's tree is gone: its changes can't be listed
    head, history = read_head_and_history(root)
    assert head == head_commit(root) is not None
    assert history.commits == () and history.error and history.error.startswith("git log failed")
    messages = [p.message for p in build_facts(root, "r").problems]
    assert f"history not read: {history.error}" in messages and "repository has no commits" not in messages
