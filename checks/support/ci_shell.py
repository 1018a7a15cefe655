"""Shell command lines as CI runs them: simple commands, wrappers and runners stripped, paths resolved in the repository, what a walk looks for (pure)."""

from __future__ import annotations

import posixpath
import re
import shlex
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable

from checks.support.code_graph import repo_paths
from readiness.facts.model import CodeFacts, RepoFacts

SEPARATORS = re.compile(r"\s*(?:&&|\|\||;|(?<![<>])\|(?!\|))\s*")
ENV_WORD = re.compile(r"^[A-Za-z_]\w*=")
WRAPPERS = frozenset({"sudo", "time", "env", "nohup", "exec", "command", "xvfb-run", "stdbuf", "srun", "mpirun", "catchsegv"})
RUNNERS = {"uv": "run", "poetry": "run", "pipenv": "run", "rye": "run", "conda": "run", "micromamba": "run", "mamba": "run", "pixi": "run"}
VALUE_OPTIONS = frozenset({"-n", "--name", "-p", "--prefix", "--with", "--extra", "--group", "--python", "--env-file", "--directory", "--project", "--package", "-e", "-k", "--timeout", "-N", "--ntasks", "-c"})


@dataclass(frozen=True, slots=True)
class Trace:
    """How a command reaches a test run: the hops after the command itself, and why it cannot fail the build, if so."""

    hops: tuple[str, ...] = ()
    neutral: str | None = None
    found: Any = None
    """What the walk found at its end, for targets that say (the platform a deploy goes to)."""

    def via(self, *hops: str, neutral: str | None = None) -> Trace:
        """This trace reached through HOPS first (NEUTRAL: why the way there cannot fail the build, unless already said)."""
        return Trace((*hops, *self.hops), self.neutral or neutral, self.found)


@dataclass(frozen=True, slots=True)
class Target:
    """What a walk looks for: LINE recognises a simple command that is it, MODULE a Python module of the repository that does it.

    FIRST: the command is recognised before its program is followed (`docker push` is a deploy, not a container to enter)."""

    line: Callable[[str], Trace | None]
    module: Callable[[RepoFacts, str, CodeFacts], Trace | None]
    first: bool = False


@dataclass(frozen=True, slots=True)
class Context:
    """The repository being read, the images earlier steps built (tag -> Dockerfile), and what the walk looks for (tests when None)."""

    facts: RepoFacts
    images: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    target: Target | None = None


def words(command: str) -> list[str]:
    """Shell words of COMMAND (quotes removed), or whitespace words when it does not split."""
    return list(_split(command)) if len(command) <= 2000 else list(_split.__wrapped__(command))


@lru_cache(maxsize=4096)  # the walks for tests, deploys and images split the same CI lines
def _split(command: str) -> tuple[str, ...]:
    """`words` of COMMAND, as a tuple."""
    try:
        return tuple(shlex.split(command, comments=True))
    except ValueError:
        return tuple(command.split())


def segments(line: str) -> list[str]:
    """The simple commands of one shell line (split on &&, ||, ;, |), with `bash -c "..."` opened."""
    match = re.match(r"^\s*(?:bash|sh)\s+(?:-\w+\s+)*-c\s+(['\"])(.+)\1\s*$", line)
    if match:
        line = match.group(2)
    return [part for part in SEPARATORS.split(line) if part.strip()]


def strip(words: list[str]) -> list[str]:
    """WORDS without environment assignments, wrappers (sudo, time, srun...) and runners (uv run, poetry run, conda run -n X)."""
    while words:
        head = words[0]
        if ENV_WORD.match(head):
            words = words[1:]
        elif head in WRAPPERS or head == "timeout":
            words = words[2:] if head == "timeout" else words[1:]
            while words and words[0].startswith("-"):
                words = words[2:] if words[0] in VALUE_OPTIONS else words[1:]
        elif RUNNERS.get(head) and len(words) > 1 and words[1] == RUNNERS[head]:
            words = words[2:]
            while words and words[0].startswith("-"):
                words = words[2:] if words[0] in VALUE_OPTIONS else words[1:]
        else:
            break
    return words


def resolve(ctx: Context, path: str, cwd: str) -> str | None:
    """A tracked path named by a command run in CWD (workspace variables and ./ understood), or None."""
    path = re.sub(r"^(\$\{\{\s*github\.workspace\s*\}\}|\$\{?GITHUB_WORKSPACE\}?|\$\{?CI_PROJECT_DIR\}?|\$\(pwd\)|\$PWD)/?", "", path.strip("'\""))
    paths = repo_paths(ctx.facts)
    for base in dict.fromkeys((cwd, "")):
        candidate = posixpath.normpath(posixpath.join(base, path)) if path else ""
        if candidate in paths:
            return candidate
    return None


def join(cwd: str, path: str) -> str:
    """CWD changed by `cd PATH` (absolute paths and the workspace variables lead back to the root)."""
    if path.startswith(("/", "$", "~")):
        return ""
    joined = posixpath.normpath(posixpath.join(cwd, path))
    return "" if joined in (".", "") or joined.startswith("..") else joined
