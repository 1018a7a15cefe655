"""Run git on untrusted repositories with every way of running programs switched off."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

GIT_TIMEOUT = 120.0

# Settings passed as "command line" configuration, which outranks a repository's own .git/config.
# Each one closes a way a repository (or the host's config) could make git run a program or
# reach somewhere it should not.
SAFE_CONFIG: tuple[tuple[str, str], ...] = (
    ("core.fsmonitor", "false"),
    ("core.hooksPath", os.devnull),
    ("core.pager", "cat"),
    ("core.editor", "true"),
    ("core.askPass", ""),
    ("core.sshCommand", "false"),
    ("core.symlinks", "false"),
    ("core.untrackedCache", "false"),
    ("core.quotePath", "false"),
    ("credential.helper", ""),
    ("diff.external", ""),
    ("gpg.program", "false"),
    ("log.showSignature", "false"),
    ("protocol.allow", "never"),
    ("protocol.https.allow", "always"),
    ("submodule.recurse", "false"),
    ("transfer.fsckObjects", "true"),
    ("http.lowSpeedLimit", "1000"),
    ("http.lowSpeedTime", "60"),
    ("safe.bareRepository", "explicit"),
)


class GitError(Exception):
    """A git command failed or timed out; the message never contains credentials."""


@dataclass(frozen=True, slots=True)
class GitResult:
    """The output of one git command."""

    stdout: bytes
    stderr: str


def safe_env(extra_config: tuple[tuple[str, str], ...] = (), **extra: str) -> dict[str, str]:
    """A minimal environment for git: no inherited GIT_* variables, no host or user config."""
    env = {key: value for key, value in os.environ.items() if key in ("PATH", "HOME", "TMPDIR", "SYSTEMROOT")}
    env.update(
        LANG="C",
        LC_ALL="C",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_TERMINAL_PROMPT="0",
        GIT_LFS_SKIP_SMUDGE="1",
        GIT_PAGER="cat",
        GIT_OPTIONAL_LOCKS="0",
        GIT_NO_REPLACE_OBJECTS="1",
    )
    config = SAFE_CONFIG + tuple(extra_config)
    env["GIT_CONFIG_COUNT"] = str(len(config))
    for index, (key, value) in enumerate(config):
        env[f"GIT_CONFIG_KEY_{index}"] = key
        env[f"GIT_CONFIG_VALUE_{index}"] = value
    env.update(extra)
    return env


def run_git(
    args: list[str],
    cwd: Path | str,
    *,
    timeout: float = GIT_TIMEOUT,
    env: dict[str, str] | None = None,
    check: bool = True,
    input: bytes | None = None,
) -> GitResult:
    """Run `git ARGS` in CWD with the safe environment and a timeout."""
    try:
        proc = subprocess.run(
            _command(args),
            cwd=str(cwd),
            env=env or safe_env(),
            input=input,
            stdin=None if input is not None else subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise _timed_out(args, timeout) from exc
    except OSError as exc:
        raise _not_started(exc) from exc
    return _checked(args, proc.returncode, proc.stdout, proc.stderr, check)


def _command(args: list[str]) -> list[str]:
    """The command line of `git ARGS` (no pager, whatever the configuration says)."""
    return ["git", "--no-pager", *args]


def _timed_out(args: list[str], timeout: float) -> GitError:
    """The error of `git ARGS` stopped after TIMEOUT seconds."""
    return GitError(f"git {args[0]} timed out after {timeout:.0f}s")


def _not_started(exc: OSError) -> GitError:
    """The error of a git that could not be started (not installed, not allowed...)."""
    return GitError(f"git could not be started: {exc.strerror}")


def _checked(args: list[str], code: int, stdout: bytes, stderr: bytes, check: bool) -> GitResult:
    """What `git ARGS` printed; with CHECK, a non-zero exit CODE raised as a GitError naming its last error line."""
    text = stderr.decode("utf-8", "replace").strip()
    if check and code != 0:
        first = text.splitlines()[-1] if text else f"exit status {code}"
        raise GitError(f"git {args[0]} failed: {first}")
    return GitResult(stdout, text)


class RunningGit:
    """A git command started by `start_git`: its output goes to unnamed temporary files, so git never waits on a
    full pipe while the caller does other work. `result()` waits for it; leaving the `with` block ends it."""

    def __init__(self, args: list[str], cwd: Path | str, timeout: float) -> None:
        self.args, self.timeout = args, timeout
        self.deadline = time.monotonic() + timeout
        self.out, self.err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
        self.failure: GitError | None = None
        try:
            self.proc: subprocess.Popen[bytes] | None = subprocess.Popen(
                _command(args), cwd=str(cwd), env=safe_env(), stdin=subprocess.DEVNULL, stdout=self.out, stderr=self.err,
            )
        except OSError as exc:
            self.proc, self.failure = None, _not_started(exc)

    def result(self) -> GitResult:
        """Wait for the command (within the timeout counted from its start) and return what it printed; a GitError
        when it failed, as `run_git` raises it."""
        if self.proc is None:
            raise self.failure  # type: ignore[misc]
        try:
            code = self.proc.wait(timeout=max(0.0, self.deadline - time.monotonic()))
        except subprocess.TimeoutExpired as exc:
            self.close()
            raise _timed_out(self.args, self.timeout) from exc
        self.out.seek(0)
        self.err.seek(0)
        stdout, stderr = self.out.read(), self.err.read()
        self.close()
        return _checked(self.args, code, stdout, stderr, True)

    def close(self) -> None:
        """End the command if it still runs and drop its output."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.out.close()
        self.err.close()

    def __enter__(self) -> "RunningGit":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def start_git(args: list[str], cwd: Path | str, *, timeout: float = GIT_TIMEOUT) -> RunningGit:
    """Start `git ARGS` in CWD with the safe environment, as `run_git` runs it, without waiting for it."""
    return RunningGit(args, cwd, timeout)


def repo_toplevel(path: Path) -> Path | None:
    """The work-tree root git sees for PATH, or None when PATH is not in a git work tree."""
    try:
        out = run_git(["rev-parse", "--show-toplevel"], path, timeout=30).stdout
    except GitError:
        return None
    text = out.decode("utf-8", "surrogateescape").strip()
    return Path(text) if text else None


def head_commit(path: Path) -> str | None:
    """The commit id of HEAD, or None for a repository with no commits."""
    try:
        out = run_git(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], path, timeout=30).stdout
    except GitError:
        return None
    return out.decode().strip() or None
