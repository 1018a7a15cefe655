"""Materialise the bundled sample portfolio as real git repositories with scripted, deterministic histories."""

from __future__ import annotations

import hashlib
import os
import shutil
import tomllib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import platformdirs

from readiness.errors import InputError
from readiness.models import Person
from readiness.sources.gitsafe import run_git, safe_env
from readiness.sources.local import RepoSource

MATERIALIZER_VERSION = "1"
RENAMED = {"dot.gitignore": ".gitignore", "dot.gitattributes": ".gitattributes"}
POOR_MESSAGES = ("update", "fix", "wip", "asdf", "changes", "more stuff")
TUNING_MESSAGES = ("Tune hyperparameters after error analysis", "Clarify README results section", "Refactor feature code for reuse", "Handle missing values in plan names")


@dataclass(frozen=True, slots=True)
class Identity:
    """A commit author."""

    name: str
    email: str


@dataclass(frozen=True, slots=True)
class Candidate:
    """The person whose portfolio the samples are."""

    login: str
    name: str
    email: str
    github_id: int

    @property
    def identity(self) -> Identity:
        """The candidate as a commit author."""
        return Identity(self.name, self.email)

    @property
    def person(self) -> Person:
        """The candidate as the assessment sees them (login, name, emails)."""
        noreply = (f"{self.github_id}+{self.login}@users.noreply.github.com", f"{self.login}@users.noreply.github.com")
        return Person(self.login, self.name, (self.email, *noreply), self.github_id)


@dataclass(frozen=True, slots=True)
class Persona:
    """One sample repository and its scripted history."""

    name: str
    description: str
    start: str
    commits: int
    every_days: int
    history: str
    authors: tuple[Identity, ...]
    messages: str
    generated: tuple[tuple[str, int, str, str], ...] = ()
    """(path, size in bytes, header line, repeated row): large files made at materialisation."""


def cache_dir() -> Path:
    """Where readiness keeps materialised samples and clones ($READINESS_CACHE_DIR overrides)."""
    override = os.environ.get("READINESS_CACHE_DIR")
    return Path(override) if override else Path(platformdirs.user_cache_dir("readiness"))


def samples_root() -> Path:
    """The sample_repos folder, whether installed as package data or in a source checkout."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "sample_repos", package.parent / "sample_repos"):
        if (candidate / "personas.toml").is_file():
            return candidate
    raise InputError("the bundled sample portfolio is missing from this installation")


def _identity(raw: str, candidate: Candidate) -> Identity:
    """'candidate' or 'Name <email>'."""
    if raw == "candidate":
        return candidate.identity
    name, _, rest = raw.partition("<")
    return Identity(name.strip(), rest.rstrip(">").strip())


def load_personas(root: Path | None = None) -> tuple[Candidate, tuple[Persona, ...]]:
    """Read personas.toml."""
    root = root or samples_root()
    data = tomllib.loads((root / "personas.toml").read_text(encoding="utf-8"))
    candidate = Candidate(**data["candidate"])
    # More personas may be declared in personas.d/*.toml (one file per check family keeps edits apart).
    for extra in sorted((root / "personas.d").glob("*.toml")):
        data["persona"] += tomllib.loads(extra.read_text(encoding="utf-8")).get("persona", [])
    personas = tuple(
        Persona(
            name=p["name"],
            description=p.get("description", ""),
            start=p["start"],
            commits=int(p.get("commits", 1)),
            every_days=int(p.get("every_days", 1)),
            history=p.get("history", "normal"),
            authors=tuple(_identity(a, candidate) for a in p.get("authors", ["candidate"])),
            messages=p.get("messages", "descriptive"),
            generated=tuple((g["path"], int(g["bytes"]), g.get("header", ""), g.get("row", "x")) for g in p.get("generated", [])),
        )
        for p in data["persona"]
    )
    return candidate, personas


def _tree(source: Path) -> list[tuple[str, Path]]:
    """(path in the repository, file on disk) for every file of a persona, sorted."""
    out = []
    for path in sorted(source.rglob("*")):
        # pip byte-compiles the samples' .py files when readiness is installed: those caches are not sample content.
        if "__pycache__" in path.relative_to(source).parts:
            continue
        if path.is_file() and not path.is_symlink():
            rel = path.relative_to(source).as_posix()
            parts = rel.split("/")
            parts[-1] = RENAMED.get(parts[-1], parts[-1])
            out.append(("/".join(parts), path))
    return sorted(out)


def _digest(persona: Persona, files: list[tuple[str, Path]]) -> str:
    """A content hash of the persona's tree, its script and the materializer version."""
    h = hashlib.sha256(f"{MATERIALIZER_VERSION}|{persona!r}".encode())
    for rel, path in files:
        h.update(rel.encode() + b"\0" + str(os.access(path, os.X_OK)).encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:16]


def _chunks(items: list, count: int) -> list[list]:
    """Split ITEMS into COUNT ordered chunks (some empty when there are fewer items)."""
    size, extra = divmod(len(items), count)
    out, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        out.append(items[start:end])
        start = end
    return out


def _message(persona: Persona, index: int, added: list[str]) -> str:
    """The scripted commit message for commit INDEX."""
    if persona.history == "dump":
        return "Add files via upload"
    if persona.messages == "poor":
        return POOR_MESSAGES[index % len(POOR_MESSAGES)]
    if not added:
        return TUNING_MESSAGES[index % len(TUNING_MESSAGES)]
    first = added[0]
    return f"Add {first}" + (f" and {len(added) - 1} more file(s)" if len(added) > 1 else "")


def _commit_env(author: Identity, moment: datetime) -> dict[str, str]:
    """Environment that fixes author, committer and dates, for identical commit ids every time."""
    stamp = f"@{int(moment.timestamp())} +0000"
    return safe_env(
        (("init.defaultBranch", "main"), ("commit.gpgSign", "false"), ("core.autocrlf", "false"), ("core.fileMode", "true")),
        GIT_AUTHOR_NAME=author.name,
        GIT_AUTHOR_EMAIL=author.email,
        GIT_COMMITTER_NAME=author.name,
        GIT_COMMITTER_EMAIL=author.email,
        GIT_AUTHOR_DATE=stamp,
        GIT_COMMITTER_DATE=stamp,
    )


def _generate(dest: Path, spec: tuple[str, int, str, str]) -> str:
    """Write a generated file of exactly the given size; return its path in the repository."""
    rel, size, header, row = spec
    target = dest / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    line = (row + "\n").encode()
    head = (header + "\n").encode() if header else b""
    body = head + line * ((size - len(head)) // len(line) + 1)
    target.write_bytes(body[:size])
    return rel


def build_repo(persona: Persona, files: list[tuple[str, Path]], dest: Path) -> None:
    """Create DEST as a git repository holding FILES, committed as the persona's history says."""
    dest.mkdir(parents=True)
    start = datetime.fromisoformat(persona.start).replace(hour=10, tzinfo=timezone.utc)
    env = _commit_env(persona.authors[0], start)
    run_git(["init", "-q", "-b", "main"], dest, env=env)
    count = 1 if persona.history == "dump" else max(1, persona.commits)
    for index, chunk in enumerate(_chunks(files, count)):
        for rel, path in chunk:
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            target.chmod(0o755 if os.access(path, os.X_OK) else 0o644)
        moment = start + timedelta(days=index * persona.every_days, minutes=index * 7)
        env = _commit_env(persona.authors[index % len(persona.authors)], moment)
        added = [rel for rel, _ in chunk]
        if index == count - 1:
            added += [_generate(dest, spec) for spec in persona.generated]
        if added:
            run_git(["add", "-f", "--", *added], dest, env=env)
        run_git(["commit", "-q", "--allow-empty", "--no-verify", "-m", _message(persona, index, added)], dest, env=env)


def materialize(persona: Persona, root: Path | None = None, parent: Path | None = None) -> Path:
    """The persona as a git repository in the cache, built once per content digest."""
    root = root or samples_root()
    files = _tree(root / persona.name)
    if not files:
        raise InputError(f"sample persona {persona.name!r} has no files")
    parent = parent or cache_dir() / "samples"
    final = parent / f"{persona.name}-{_digest(persona, files)}" / persona.name
    if (final / ".git" / "readiness-materialized").is_file():
        return final
    staging = final.parent / f".tmp-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    build_repo(persona, files, staging / persona.name)
    (staging / persona.name / ".git" / "readiness-materialized").write_text(MATERIALIZER_VERSION)
    try:
        os.replace(staging / persona.name, final)
    except OSError:
        if not (final / ".git" / "readiness-materialized").is_file():
            shutil.rmtree(final, ignore_errors=True)
            os.replace(staging / persona.name, final)
    shutil.rmtree(staging, ignore_errors=True)
    return final


def sample_sources(parent: Path | None = None) -> tuple[Candidate, list[RepoSource]]:
    """Materialise every persona and return them as sources to assess."""
    candidate, personas = load_personas()
    sources = [RepoSource(p.name, materialize(p, parent=parent), f"sample:{p.name}") for p in personas]
    return candidate, sources
