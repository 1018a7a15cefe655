"""The facts gathered from one repository: plain frozen records, the only input checks get."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from readiness.models import Person, Problem, RepoReport


@dataclass(frozen=True, slots=True)
class FileInfo:
    """A tracked file: path relative to the root, size in bytes (None if not on disk) and git mode."""

    path: str
    size: int | None
    mode: str = "100644"

    @property
    def name(self) -> str:
        """The file name without directories."""
        return self.path.rsplit("/", 1)[-1]

    @property
    def suffix(self) -> str:
        """The lower-case extension including the dot, or ''."""
        name = self.name
        return name[name.rfind(".") :].lower() if "." in name[1:] else ""


@dataclass(frozen=True, slots=True)
class TextFile:
    """A small text file that checks may need to read (README, configs, Dockerfiles...)."""

    path: str
    text: str
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class Requirement:
    """One declared dependency: distribution name (normalised), version spec, where."""

    name: str
    spec: str
    path: str
    line: int | None = None

    @property
    def pinned(self) -> bool:
        """True when the spec fixes a version (== or ~= or ===) or comes from a lock file."""
        return self.spec.startswith(("==", "===", "~=", "lock:"))


@dataclass(frozen=True, slots=True)
class Manifest:
    """A dependency manifest or lock file and what it declares."""

    path: str
    kind: str
    requirements: tuple[Requirement, ...] = ()
    is_lock: bool = False
    freeze_like: bool = False
    python_requires: str | None = None


@dataclass(frozen=True, slots=True)
class Workflow:
    """A CI configuration file, parsed as YAML with the safe loader."""

    path: str
    system: str
    text: str
    data: Any = None
    error: str | None = None
    refused: bool = False
    """Over a parsing limit (bounded.Refused): not parsed, so what it runs is unknown."""


@dataclass(frozen=True, slots=True)
class Import:
    """An import: the module imported (absolute when possible), the names, where."""

    module: str
    names: tuple[str, ...]
    line: int
    level: int = 0
    cell: int | None = None
    top_level: bool = True

    @property
    def root(self) -> str:
        """The top-level package name (e.g. 'sklearn' for 'sklearn.model_selection')."""
        return self.module.split(".", 1)[0]


@dataclass(frozen=True, slots=True)
class Call:
    """A call expression with its dotted name resolved through import aliases."""

    name: str
    line: int
    args: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    cell: int | None = None
    function: str | None = None


@dataclass(frozen=True, slots=True)
class FunctionInfo:
    """A function or method definition."""

    name: str
    qualname: str
    line: int
    end_line: int
    decorators: tuple[str, ...] = ()
    asserts: int = 0
    calls: tuple[str, ...] = ()
    class_bases: tuple[str, ...] = ()
    cell: int | None = None
    has_docstring: bool = False
    annotated: bool = False
    statements: int = 0
    empty: bool = False
    """The body does nothing: only a docstring, `pass`, `...` or `raise NotImplementedError` (a stub)."""


@dataclass(frozen=True, slots=True)
class ClassInfo:
    """A class definition."""

    name: str
    line: int
    bases: tuple[str, ...] = ()
    cell: int | None = None


@dataclass(frozen=True, slots=True)
class StringLiteral:
    """A string constant found in code (truncated)."""

    value: str
    line: int
    cell: int | None = None


@dataclass(frozen=True, slots=True)
class CredentialHit:
    """A credential written into code, configuration or a CI log: where, its kind and the name it is held under; never the value."""

    path: str
    line: int | None
    kind: str
    name: str = ""
    cell: int | None = None


@dataclass(frozen=True, slots=True)
class Block:
    """A radon complexity block (function, method or class)."""

    name: str
    line: int
    complexity: int
    rank: str
    cell: int | None = None


@dataclass(frozen=True, slots=True)
class Metrics:
    """radon raw metrics, maintainability index and complexity blocks for one file."""

    loc: int = 0
    lloc: int = 0
    sloc: int = 0
    comments: int = 0
    mi: float | None = None
    mi_rank: str | None = None
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True, slots=True)
class CodeFacts:
    """What the AST of one Python file (or a notebook's code) says."""

    path: str
    parse_error: str | None = None
    imports: tuple[Import, ...] = ()
    calls: tuple[Call, ...] = ()
    functions: tuple[FunctionInfo, ...] = ()
    classes: tuple[ClassInfo, ...] = ()
    strings: tuple[StringLiteral, ...] = ()
    statements: int = 0
    metrics: Metrics | None = None
    line_hashes: tuple[int, ...] = ()
    credentials: tuple[CredentialHit, ...] = ()
    """Literal credentials in the code (readiness.facts.credentials): secret-named literals, URL passwords, secret defaults."""

    @property
    def import_roots(self) -> frozenset[str]:
        """Top-level names of absolute imports."""
        return frozenset(i.root for i in self.imports if i.level == 0 and i.module)


@dataclass(frozen=True, slots=True)
class Output:
    """One output of a notebook code cell (content summarised, never the whole payload)."""

    kind: str
    size: int
    name: str | None = None
    ename: str | None = None
    evalue: str | None = None
    text: str = ""
    mimes: tuple[str, ...] = ()
    """MIME types of a display_data/execute_result output (e.g. image/png, text/html)."""


@dataclass(frozen=True, slots=True)
class Cell:
    """One notebook cell."""

    index: int
    kind: str
    source: str
    execution_count: int | None = None
    outputs: tuple[Output, ...] = ()


@dataclass(frozen=True, slots=True)
class NotebookFacts:
    """A notebook read with nbformat: cells, metadata and its code's facts."""

    path: str
    nbformat: int | None = None
    nbformat_minor: int | None = None
    language: str | None = None
    cells: tuple[Cell, ...] = ()
    code: CodeFacts | None = None
    metadata_keys: tuple[str, ...] = ()
    error: str | None = None
    size: int = 0
    syntax_errors: tuple[tuple[int, str], ...] = ()
    """(cell index, message) of code cells that do not parse; `code` then holds the facts of the other cells."""


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit as `git log` reports it (no blobs needed)."""

    sha: str
    author_name: str
    author_email: str
    authored_at: int
    committed_at: int
    subject: str
    parents: int = 1
    added: int = 0
    modified: int = 0
    deleted: int = 0


@dataclass(frozen=True, slots=True)
class History:
    """The repository's history on its current branch, newest first."""

    commits: tuple[Commit, ...] = ()
    truncated: bool = False
    error: str | None = None


@dataclass(frozen=True, slots=True)
class SecretHit:
    """A likely secret in a tracked file; only a redacted preview is ever kept."""

    path: str
    line: int | None
    kind: str
    redacted: str
    cell: int | None = None


def _frozen_map(data: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    """A read-only mapping."""
    return MappingProxyType(dict(data or {}))


@dataclass(frozen=True, slots=True)
class RepoFacts:
    """Everything known about one repository, gathered in one pass."""

    name: str
    root: str
    head: str | None = None
    files: tuple[FileInfo, ...] = ()
    skipped: tuple[tuple[str, int], ...] = ()
    readme: TextFile | None = None
    texts: Mapping[str, TextFile] = field(default_factory=_frozen_map)
    manifests: tuple[Manifest, ...] = ()
    workflows: tuple[Workflow, ...] = ()
    modules: tuple[CodeFacts, ...] = ()
    notebooks: tuple[NotebookFacts, ...] = ()
    history: History = History()
    secrets: tuple[SecretHit, ...] = ()
    credentials: tuple[CredentialHit, ...] = ()
    """Credentials outside parsed Python: passwords in connection strings of configs and scripts, secrets printed by CI."""
    problems: tuple[Problem, ...] = ()
    fork: bool = False
    candidate: Person | None = None
    """Whose portfolio this is (login, name, emails), when known."""
    ignored: Mapping[str, bool] = field(default_factory=_frozen_map)
    """Paths a deploy may need (model files named in code, Dockerfile COPY sources) -> whether .gitignore excludes them."""
    sparse: bool = False
    """A sparse clone: only the files the facts read are checked out; other files' sizes are unknown (size None)."""
    unparsed: Mapping[str, str] = field(default_factory=_frozen_map)
    """Manifests and CI files over a parsing limit (path -> reason): not parsed, so what they declare is unknown."""

    @property
    def paths(self) -> frozenset[str]:
        """All tracked (non-vendored) paths."""
        return frozenset(f.path for f in self.files)

    def file(self, path: str) -> FileInfo | None:
        """The tracked file at PATH, if any."""
        for info in self.files:
            if info.path == path:
                return info
        return None

    def text(self, path: str) -> str | None:
        """The text of a kept small text file, if it was read."""
        kept = self.texts.get(path)
        return kept.text if kept else None

    @property
    def python_files(self) -> tuple[FileInfo, ...]:
        """Tracked .py files."""
        return tuple(f for f in self.files if f.suffix == ".py")

    @property
    def notebook_files(self) -> tuple[FileInfo, ...]:
        """Tracked .ipynb files."""
        return tuple(f for f in self.files if f.suffix == ".ipynb")

    @property
    def has_code(self) -> bool:
        """True when the repository holds Python files or notebooks."""
        return bool(self.python_files or self.notebook_files)


@dataclass(frozen=True, slots=True)
class PortfolioFacts:
    """What portfolio-scope checks see: every repository's results (not its files) and the candidate."""

    subject: str
    candidate: Person | None
    repos: tuple[RepoReport, ...]
    github: Any = None
    """GitHub profile and contribution facts, when the portfolio came from a GitHub account."""
    storefront: Any = None
    """The pins, the profile README and the repositories ranked for the target role (readiness.sources.storefront)."""
