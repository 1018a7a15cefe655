"""HEAD and the history come from one `git log`; a repository without commits and an unreadable history stay apart."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from readiness.facts import build_facts
from readiness.facts.history import read_head_and_history, read_history, start_head_and_history
from readiness.sources.gitsafe import GitError, head_commit, run_git, safe_env, start_git
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


def test_git_started_in_the_background_never_blocks_on_its_output_and_ends_with_its_block(tmp_path: Path) -> None:
    """`git log` writes to a file, not a pipe: far more than a pipe holds is kept while nobody reads, and a command
    still running when its block is left is ended, never left behind."""
    root = make_repo(tmp_path / "big", {"a.py": "x = 1\n"})
    for index in range(60):  # about 240 KB of log output, over three times a Linux pipe's buffer
        run_git(["commit", "-q", "--allow-empty", "--no-verify", "-m", f"commit {index} " + "x" * 4000], root, env=ENV)
    with start_git(["log", "--format=%B"], root) as running:
        time.sleep(0.5)  # git has long finished: it did not wait for a reader
        assert running.proc is not None and running.proc.poll() == 0
        out = running.result().stdout
    assert out == run_git(["log", "--format=%B"], root).stdout and len(out) > 3 * 65536
    fifo = tmp_path / "never-written"
    os.mkfifo(fifo)
    with start_git(["hash-object", str(fifo)], root) as waiting:  # opening a FIFO nobody writes blocks: a slow git
        process = waiting.proc
        time.sleep(0.2)
        assert process is not None and process.poll() is None
    assert process.poll() is not None
    with start_git(["log", "--bogus-option"], root) as failing:
        with pytest.raises(GitError, match="git log failed"):
            failing.result()


def test_a_background_git_over_its_time_is_ended_with_a_clear_error(tmp_path: Path, monkeypatch) -> None:
    root = make_repo(tmp_path / "r", {"a.py": "x = 1\n"})
    fifo = tmp_path / "never-written"
    os.mkfifo(fifo)
    running = start_git(["hash-object", "--stdin-paths"], root, timeout=0.5)  # stdin is /dev/null: returns at once
    assert running.result().stdout == b""
    slow = start_git(["hash-object", str(fifo)], root, timeout=0.5)  # opening a FIFO nobody writes blocks forever
    with pytest.raises(GitError, match="timed out after"):
        slow.result()
    assert slow.proc is not None and slow.proc.poll() is not None
    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))
    with start_git(["log"], root) as missing:
        with pytest.raises(GitError, match="could not be started"):
            missing.result()


def test_build_facts_reads_the_same_history_while_reading_files(tmp_path: Path) -> None:
    root = _two_commits(tmp_path / "r")
    with start_head_and_history(root) as reading:
        background = reading.result()
    facts = build_facts(root, "r")
    assert background == read_head_and_history(root) == (facts.head, facts.history)
    assert facts.history == read_history(root)
