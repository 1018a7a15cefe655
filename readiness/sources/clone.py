"""Safe, cached, blobless sparse clones of untrusted repositories with GitPython.

A clone is `--filter=blob:none --no-checkout --sparse --single-branch --no-tags`: every commit and tree (history
and the file inventory need no file contents), then a sparse checkout of exactly the files a selection picks (the
pipeline passes the facts stage's `readiness.facts.sparse_selection`), so only those blobs are downloaded. Clones live in the cache keyed by repository and
HEAD: an unchanged repository is not fetched again (one `ls-remote` asks for HEAD).

Safety: https only (plain http to 127.0.0.1/localhost only when READINESS_ALLOW_HTTP_LOOPBACK=1, for tests), no
submodules, no hooks, no templates, no host or user git configuration, no credential prompts, no LFS downloads,
symbolic links checked out as plain files, a timeout on every git command, GitPython's unsafe-protocol and
unsafe-option guards always on (github-api.md §2.5).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from git import Git
from git.exc import GitCommandError, UnsafeOptionError, UnsafeProtocolError
from git.repo.base import Repo

from readiness.atomic import write_atomic
from readiness.sources.gitsafe import GitError, run_git, safe_env

ALLOW_HTTP_LOOPBACK = "READINESS_ALLOW_HTTP_LOOPBACK"
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
CLONE_TIMEOUT = 600.0
STEP_TIMEOUT = 300.0
MARKER = "readiness-clone.json"
Selection = Callable[[list[tuple[str, str]]], list[str]]
"""Of (mode, path) tree entries, the paths a sparse clone checks out."""
CLONE_OPTIONS = {"filter": "blob:none", "no_checkout": True, "sparse": True, "single_branch": True, "no_tags": True}
# Variables that point git at other directories: they cannot be blanked, so a clone refuses to run with them set.
LOCATION_VARIABLES = frozenset(
    {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR", "GIT_NAMESPACE"}
)
NAME = re.compile(r"^[A-Za-z0-9_.-]+$")
SPECIAL = re.compile(r"([\\*?\[\]!# ])")


class CloneError(Exception):
    """A repository could not be cloned; the message is one line and safe to show."""


@dataclass(frozen=True, slots=True)
class Clone:
    """A cloned work tree, its HEAD, and whether the cache already had it."""

    path: Path
    head: str | None
    reused: bool
    checked_out: int


def allowed_url(url: str, owner: str, name: str, hosts: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """Validate a clone URL from the API; return extra git configuration it needs (http on loopback only)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    extra: tuple[tuple[str, str], ...] = ()
    if parts.scheme == "http" and host in LOOPBACK and os.environ.get(ALLOW_HTTP_LOOPBACK) == "1":
        extra = (("protocol.http.allow", "always"),)
    elif parts.scheme != "https":
        raise CloneError(f"refusing to clone over {parts.scheme or 'an unknown protocol'}: only https is allowed")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise CloneError("refusing a clone URL with credentials, a query or a fragment")
    if host not in hosts:
        raise CloneError(f"refusing to clone from {host or 'no host'}: expected {', '.join(sorted(hosts))}")
    segments = parts.path.strip("/").split("/")
    last = segments[-1][:-4] if segments[-1].endswith(".git") else segments[-1]
    if len(segments) < 2 or segments[-2].lower() != owner.lower() or last.lower() != name.lower():
        raise CloneError("the clone URL does not name the repository listed")
    if not (NAME.match(owner) and NAME.match(name)) or ".." in parts.path:
        raise CloneError("unexpected characters in the repository name")
    try:
        Git.check_unsafe_protocols(url)
    except UnsafeProtocolError as exc:
        raise CloneError("refusing an unsafe git protocol") from exc
    return extra


def clone_env(extra: tuple[tuple[str, str], ...] = ()) -> dict[str, str]:
    """The environment for every git command on an untrusted remote (GitPython merges it over os.environ)."""
    env = safe_env((("core.sparseCheckoutCone", "false"), ("fetch.recurseSubmodules", "false"), *extra),
                   GIT_TEMPLATE_DIR="", GIT_ASKPASS="", SSH_ASKPASS="", GIT_SSH_COMMAND="false")
    for key in os.environ:
        if not key.startswith("GIT_") or key in env:
            continue
        if key in LOCATION_VARIABLES:
            raise CloneError(f"{key} is set in the environment; unset it to clone repositories")
        env[key] = ""  # GitPython starts from os.environ: blank the host's other GIT_* settings
    return env


def remote_head(url: str, env: dict[str, str], timeout: float = STEP_TIMEOUT) -> str | None:
    """The commit HEAD points to on the remote (one small request), or None for an empty repository."""
    try:
        out = Git().ls_remote("--", url, "HEAD", env=env, kill_after_timeout=timeout)
    except (GitCommandError, UnsafeOptionError, UnsafeProtocolError) as exc:
        raise CloneError(_git_failure("ls-remote", exc)) from None
    first = out.split()[0] if out.strip() else ""
    return first if re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", first) else None


def _git_failure(step: str, exc: Exception) -> str:
    """A one-line reason from a GitPython error, without command lines."""
    stderr = getattr(exc, "stderr", "") or ""
    lines = [line.strip() for line in str(stderr).splitlines() if line.strip() and "stderr:" not in line]
    reason = lines[-1].strip("' ") if lines else type(exc).__name__
    if "Timeout" in str(exc) or "timed out" in reason:
        reason = "timed out"
    return f"git {step} failed: {reason[:200]}"


def _pattern(path: str) -> str:
    """A literal, anchored sparse-checkout pattern for one path."""
    return "/" + SPECIAL.sub(r"\\\1", path)


def _tree_entries(root: Path, env: dict[str, str]) -> list[tuple[str, str]]:
    """(mode, path) of every entry of HEAD's tree; needs trees only, no blobs."""
    out = run_git(["ls-tree", "-r", "-z", "--full-tree", "HEAD"], root, env=env, timeout=STEP_TIMEOUT).stdout
    entries = []
    for record in out.split(b"\0"):
        meta, _, raw = record.partition(b"\t")
        if raw:
            entries.append((meta.split(b" ", 1)[0].decode(), raw.decode("utf-8", "surrogateescape")))
    return entries


def _checkout(root: Path, env: dict[str, str], select: Selection) -> int:
    """Check out exactly the files SELECT picks; git fetches their blobs in one batch."""
    wanted = [p for p in select(_tree_entries(root, env)) if "\n" not in p and "\r" not in p]
    patterns = "".join(_pattern(p) + "\n" for p in wanted).encode("utf-8", "surrogateescape")
    run_git(["sparse-checkout", "set", "--no-cone", "--stdin"], root, env=env, timeout=STEP_TIMEOUT, input=patterns)
    run_git(["checkout", "-q"], root, env=env, timeout=STEP_TIMEOUT)
    return len(wanted)


def cached_path(cache: Path, url: str, owner: str, name: str) -> Path:
    """Where a repository's clone lives in the cache."""
    parts = urlsplit(url)
    host = f"{parts.hostname}-{parts.port}" if parts.port else str(parts.hostname)
    return cache / "clones" / host / owner.lower() / name.lower()


def sparse_clone(url: str, owner: str, name: str, cache: Path, hosts: frozenset[str], select: Selection,
                 timeout: float = CLONE_TIMEOUT, pushed: str | None = None) -> Clone:
    """A sparse work tree of the files SELECT picks at the current HEAD, from the cache when HEAD has not moved.

    PUSHED identifies the repository's last push (GitHub's `pushed_at` and default branch, from the list payload):
    when the cached clone was made at the same one, nothing was pushed since and no network call is made.
    """
    env = clone_env(allowed_url(url, owner, name, hosts))
    dest = cached_path(cache, url, owner, name)
    marker = dest / ".git" / MARKER
    known = _marker(marker)
    if pushed and known.get("pushed") == pushed and known.get("head"):
        return Clone(dest, str(known["head"]), True, int(known.get("files", 0)))
    head = remote_head(url, env, min(timeout, STEP_TIMEOUT))
    if head and known.get("head") == head:
        if pushed and known.get("pushed") != pushed:
            _write_marker(marker, head, int(known.get("files", 0)), pushed)
        return Clone(dest, head, True, int(known.get("files", 0)))
    staging = dest.parent / f".{dest.name}.tmp-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.parent.mkdir(parents=True, exist_ok=True)
    try:
        _clone(url, staging, env, timeout)
        files = _checkout(staging, env, select) if head else 0
        _write_marker(staging / ".git" / MARKER, head, files, pushed if head else None)
    except GitError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise CloneError(str(exc)) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(dest, ignore_errors=True)
    os.replace(staging, dest)
    return Clone(dest, head, False, files)


def _marker(path: Path) -> dict:
    """What the cache recorded about a clone (head, files checked out, last push), or {} when absent or unreadable."""
    try:
        known = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return known if isinstance(known, dict) else {}


def _write_marker(path: Path, head: str | None, files: int, pushed: str | None) -> None:
    """Record a clone's head, checked-out file count and last push (written whole, then renamed into place)."""
    write_atomic(path, json.dumps({"head": head, "files": files, "pushed": pushed}).encode("utf-8"))


def _clone(url: str, dest: Path, env: dict[str, str], timeout: float) -> None:
    """`git clone` through GitPython with its guards on, fixed options, and a kill timeout."""
    try:
        Git.check_unsafe_options(options=Git._option_candidates([], CLONE_OPTIONS), unsafe_options=Repo.unsafe_git_clone_options)
        Git(str(dest.parent)).clone("--", url, str(dest), env=env, kill_after_timeout=timeout, **CLONE_OPTIONS)
    except (GitCommandError, UnsafeOptionError, UnsafeProtocolError) as exc:
        raise CloneError(_git_failure("clone", exc)) from None
