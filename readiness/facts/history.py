"""Summarise git history with `git log` formats that need no file contents (safe on blobless clones)."""

from __future__ import annotations

from pathlib import Path

from readiness.facts.model import Commit, History
from readiness.sources.gitsafe import GitError, RunningGit, head_commit, run_git, start_git

MAX_COMMITS = 5000
FIELD = "\x1f"
RECORD = "\x1e"
FORMAT = RECORD + FIELD.join(["%H", "%an", "%ae", "%at", "%ct", "%P", "%s"])


def read_history(root: Path, max_commits: int = MAX_COMMITS) -> History:
    """Commits on HEAD, newest first, with counts of files added/modified/deleted (trees only, no blobs): one `git log`
    waited for (the facts stage starts it in the background with `start_head_and_history`)."""
    try:
        out = run_git(_log_args(max_commits), root).stdout.decode("utf-8", "replace")
    except GitError as exc:
        return History(error=str(exc))
    return _history(out, max_commits)


def read_head_and_history(root: Path, max_commits: int = MAX_COMMITS) -> tuple[str | None, History]:
    """HEAD's commit id (None when the repository has no commits) and read_history's answer, from one `git log` when
    it succeeds (its first record is HEAD itself); when it fails, `git rev-parse` tells a repository without commits
    (no history) from a history that could not be read (its error), as when both were asked one after the other."""
    with start_head_and_history(root, max_commits) as reading:
        return reading.result()


class HistoryReading:
    """read_head_and_history started in the background: `git log` runs while the caller reads the files."""

    def __init__(self, root: Path, max_commits: int) -> None:
        self.root, self.max_commits = root, max_commits
        self.git: RunningGit = start_git(_log_args(max_commits), root)

    def result(self) -> tuple[str | None, History]:
        """Wait for `git log` and return HEAD's id and the history, as read_head_and_history does."""
        try:
            out = self.git.result().stdout.decode("utf-8", "replace")
        except GitError as exc:
            head = head_commit(self.root)
            return head, History(error=str(exc)) if head else History()
        end = out.find(FIELD, 0, 200)
        head = out[1:end] if out.startswith(RECORD) and end > 1 else head_commit(self.root)  # %H first: HEAD's id
        return head, _history(out, self.max_commits)

    def __enter__(self) -> "HistoryReading":
        return self

    def __exit__(self, *exc: object) -> None:
        self.git.close()


def start_head_and_history(root: Path, max_commits: int = MAX_COMMITS) -> HistoryReading:
    """Start reading HEAD and the history of ROOT; `result()` on the answer waits for it (use it in a `with`)."""
    return HistoryReading(root, max_commits)


def _log_args(max_commits: int) -> list[str]:
    """The `git log` arguments of HEAD's first MAX_COMMITS + 1 commits, with the paths each changed."""
    return ["log", "--no-renames", "--no-color", "--no-show-signature", "--name-status", "--no-textconv", "--no-ext-diff",
            f"--max-count={max_commits + 1}", f"--format={FORMAT}", "HEAD", "--"]


def _history(out: str, max_commits: int) -> History:
    """The History of a `git log` output."""
    commits = [c for chunk in out.split(RECORD)[1:] if (c := _commit(chunk))]
    truncated = len(commits) > max_commits
    return History(tuple(commits[:max_commits]), truncated)


def _commit(chunk: str) -> Commit | None:
    """Parse one record of the log output."""
    header, _, changes = chunk.partition("\n")
    parts = header.split(FIELD)
    if len(parts) != 7:
        return None
    sha, name, email, authored, committed, parents, subject = parts
    counts = {"A": 0, "M": 0, "D": 0}
    for line in changes.splitlines():
        status = line[:1]
        if status in counts:
            counts[status] += 1
        elif status in ("T", "C", "R"):
            counts["M"] += 1
    return Commit(
        sha, name, email.lower(), int(authored or 0), int(committed or 0), subject,
        len(parents.split()), counts["A"], counts["M"], counts["D"],
    )
