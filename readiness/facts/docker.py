"""Parse Dockerfile text into instructions (continuations joined, comments dropped); never build anything."""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Instruction:
    """One Dockerfile instruction: upper-case keyword, argument text, first line (1-based)."""

    keyword: str
    args: str
    line: int

    @property
    def words(self) -> tuple[str, ...]:
        """The arguments split like a shell (JSON exec form understood), flags included."""
        text = self.args.strip()
        if text.startswith("["):
            try:
                parsed = json.loads(text)
            except ValueError:
                parsed = None
            if isinstance(parsed, list) and all(isinstance(p, str) for p in parsed):
                return tuple(parsed)
        try:
            return tuple(shlex.split(text, comments=False))
        except ValueError:
            return tuple(text.split())


@lru_cache(maxsize=256)
def parse_dockerfile(text: str) -> tuple[Instruction, ...]:
    """Instructions of a Dockerfile; malformed lines are kept as they are (a parser, not a validator)."""
    out: list[Instruction] = []
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines()[:5000], start=1):
        stripped = raw.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if pending and stripped.startswith("#"):
            continue
        if not pending:
            start = number
        if stripped.endswith("\\"):
            pending.append(stripped[:-1])
            continue
        pending.append(stripped)
        joined = " ".join(part.strip() for part in pending if part.strip())
        pending = []
        keyword, _, args = joined.partition(" ")
        out.append(Instruction(keyword.upper(), args.strip(), start))
    if pending:
        joined = " ".join(pending)
        keyword, _, args = joined.partition(" ")
        out.append(Instruction(keyword.upper(), args.strip(), start))
    return tuple(out)


def copy_sources(instruction: Instruction) -> tuple[str, ...]:
    """Build-context paths a COPY/ADD reads (none for `--from=` stage copies or URLs)."""
    if instruction.keyword not in ("COPY", "ADD"):
        return ()
    words = instruction.words
    if any(w.startswith("--from") for w in words):
        return ()
    plain = [w for w in words if not w.startswith("--")]
    if len(plain) < 2:
        return ()
    return tuple(s for s in plain[:-1] if "://" not in s and not s.startswith("git@"))


def is_dockerfile(path: str) -> bool:
    """Whether PATH names a Dockerfile or Containerfile (any directory, any suffix such as Dockerfile.prod)."""
    name = path.rsplit("/", 1)[-1].lower()
    return name.startswith(("dockerfile", "containerfile")) or name.endswith(".dockerfile")
