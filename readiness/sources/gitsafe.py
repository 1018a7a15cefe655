"""Run git on untrusted repositories with every way of running programs switched off."""

from __future__ import annotations

import os
import subprocess
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
    command = ["git", "--no-pager", *args]
    try:
        proc = subprocess.run(
            command,
            cwd=str(cwd),
            env=env or safe_env(),
            input=input,
            stdin=None if input is not None else subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise GitError(f"git {args[0]} timed out after {timeout:.0f}s") from exc
    except OSError as exc:
        raise GitError(f"git could not be started: {exc.strerror}") from exc
    stderr = proc.stderr.decode("utf-8", "replace").strip()
    if check and proc.returncode != 0:
        first = stderr.splitlines()[-1] if stderr else f"exit status {proc.returncode}"
        raise GitError(f"git {args[0]} failed: {first}")
    return GitResult(proc.stdout, stderr)


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
