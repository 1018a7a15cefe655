"""Facts: RepoFacts built in one pass over a repository, the only code that reads files or git; may import sources and the shared base."""

from __future__ import annotations

import time
from pathlib import Path
from types import MappingProxyType

from readiness.facts.bounded import MAX_BYTES, Refused
from readiness.facts.ci_logs import printed_secrets
from readiness.facts.code import analyze_code
from readiness.facts.credentials import text_credentials
from readiness.facts.files import NOTEBOOK_CAP, TEXT_CAP, Reader, _skip_reason as skip_reason, decode, is_binary, list_tracked
from readiness.facts.history import start_head_and_history
from readiness.facts.ignore import ignore_candidates, ignored_paths
from readiness.facts.manifests import manifest_kind, parse_manifest
from readiness.facts.model import CodeFacts, CredentialHit, FileInfo, Manifest, NotebookFacts, RepoFacts, SecretHit, TextFile, Workflow
from readiness.facts.notebooks import read_notebook
from readiness.facts.secrets import find_secrets
from readiness.facts.workflows import ci_system, parse_workflow
from readiness.models import Person, Problem

__all__ = ["build_facts", "RepoFacts"]

README_NAMES = ("readme.md", "readme.rst", "readme.txt", "readme", "readme.markdown")
KEPT_SUFFIXES = frozenset(
    {".md", ".rst", ".txt", ".toml", ".cfg", ".ini", ".yml", ".yaml", ".json", ".sql", ".sh", ".tf", ".dockerfile", ".env", ".in", ".lock", ".r", ".hcl", ".conf"}
)
KEPT_NAMES = frozenset(
    {
        "dockerfile", "containerfile", "procfile", "makefile", "jenkinsfile", ".gitignore", ".gitattributes",
        ".dockerignore", ".env", "pipfile", "license", "licence", "copying", "runtime.txt", ".python-version",
        "mlmodel", "bentofile.yaml", "modal.toml",
    }
)
SCANNED_SUFFIXES = frozenset({".py", ".ipynb", ".js", ".ts", ".sh", ".r", ".go", ".java", ".scala", ".rb", ".php", ".cs"})
KEPT_TEXT_BUDGET = 16 * 1024 * 1024
DATA_SUFFIXES = frozenset({".csv", ".tsv", ".parquet", ".feather", ".h5", ".hdf5", ".pkl", ".pickle", ".joblib", ".npy", ".npz", ".zip", ".gz"})


def _kept(info: FileInfo, suffix: str | None = None) -> bool:
    """Whether a file's text should be kept on the facts for checks to read (SUFFIX: info.suffix, when known)."""
    name = info.name.lower()
    if name in KEPT_NAMES or name.startswith(("dockerfile", "license", "licence", "readme", ".env")):
        return True
    if name.endswith(".json") and (info.size or 0) > 256 * 1024:
        return False
    return (info.suffix if suffix is None else suffix) in KEPT_SUFFIXES


def file_credentials(path: str, text: str, code: CodeFacts | None, workflow: Workflow | None) -> list[CredentialHit]:
    """Credentials a file holds outside parsed Python (whose own are on CodeFacts): connection-string passwords in its
    text, read as text when it is not Python or does not parse, and secrets a CI workflow prints into its log."""
    hits = text_credentials(path, text) if code is None or code.parse_error else []
    return hits + (printed_secrets(workflow) if workflow is not None else [])


def reads(info: FileInfo) -> bool:
    """Whether the facts stage reads this file's content (a sparse clone checks out exactly these)."""
    suffix = info.suffix
    return _reads(info, suffix, manifest_kind(info.path), ci_system(info.path), _kept(info, suffix))


def _reads(info: FileInfo, suffix: str, kind: str | None, system: str | None, kept: bool) -> bool:
    """`reads`, given what the file's path says (its suffix, manifest kind, CI system and whether it is kept)."""
    if info.mode in ("120000", "160000"):
        return False
    return bool(suffix in SCANNED_SUFFIXES or kind or system or kept) and suffix not in DATA_SUFFIXES


def sparse_selection(entries: list[tuple[str, str]]) -> list[str]:
    """Of (mode, path) tree entries, the paths a sparse clone must check out: what `reads` selects, plus links."""
    env_dirs = {p.rsplit("/", 1)[0] for _, p in entries if p.endswith("/pyvenv.cfg")}
    return [
        path for mode, path in entries
        if not skip_reason(path.split("/"), env_dirs) and (mode == "120000" or reads(FileInfo(path, None, mode)))
    ]


class _Builder:
    """Accumulates facts while walking the inventory once."""

    def __init__(self, root: Path, name: str, sparse: bool = False) -> None:
        self.root = root
        self.name = name
        self.sparse = sparse
        self.reader = Reader(root)
        self.problems: list[Problem] = []
        self.texts: dict[str, TextFile] = {}
        self.kept_budget = KEPT_TEXT_BUDGET
        self.modules: list[CodeFacts] = []
        self.notebooks: list[NotebookFacts] = []
        self.manifests: list = []
        self.workflows: list[Workflow] = []
        self.secrets: list[SecretHit] = []
        self.credentials: list[CredentialHit] = []
        self.unparsed: dict[str, str] = {}

    def text_of(self, info: FileInfo, cap: int = TEXT_CAP) -> tuple[str | None, bool]:
        """Read and decode a file; problems are recorded; binary files give None."""
        data, truncated, problem = self.reader.read(info.path, cap)
        if problem:
            self.problems.append(problem)
            return None, False
        assert data is not None
        if is_binary(data):
            if info.suffix in (".py", ".ipynb", ".md", ".txt", ".toml", ".yml", ".yaml", ".cfg"):
                self.problems.append(Problem("binary content in a text file; not analysed", info.path))
            return None, False
        text, note = decode(data)
        if note:
            self.problems.append(Problem(note, info.path))
        if truncated:
            self.problems.append(Problem(f"larger than {cap // 1024} KiB; only the first {cap // 1024} KiB read", info.path))
        return text, truncated

    def visit(self, info: FileInfo) -> None:
        """Read one tracked file (if it is of interest) and record what it holds."""
        if info.mode == "120000":
            self.problems.append(Problem("symbolic link; not followed", info.path))
            return
        if self.sparse and info.size is None:
            return  # a sparse clone checks out exactly the files `reads` selects; this one was not needed
        suffix = info.suffix
        kind = manifest_kind(info.path)
        system = ci_system(info.path)
        kept = _kept(info, suffix)
        if not _reads(info, suffix, kind, system, kept):
            return
        if suffix == ".ipynb":
            self._notebook(info)
            return
        text, truncated = self.text_of(info)
        if text is None:
            return
        self.secrets += [SecretHit(info.path, line, k, red) for line, k, red in find_secrets(text, info.path)]
        code = workflow = None
        if suffix == ".py":
            code = analyze_code(info.path, text) if not truncated else CodeFacts(info.path, parse_error="file too large to parse")
            self.modules.append(code)
        if kind:
            self._manifest(info.path, kind, text, truncated)
        if system:
            workflow = parse_workflow(info.path, system, text) if not truncated else Workflow(info.path, system, text, None, _too_large(), refused=True)
            self.workflows.append(workflow)
            if workflow.refused:
                self._refuse(info.path, workflow.error or "not parsed")
        self.credentials += file_credentials(info.path, text, code, workflow)
        if (kept or system) and self.kept_budget > 0:
            self.kept_budget -= len(text)
            self.texts[info.path] = TextFile(info.path, text, truncated)

    def _notebook(self, info: FileInfo) -> None:
        """Parse a notebook; its problems stay on that file."""
        data, truncated, problem = self.reader.read(info.path, NOTEBOOK_CAP)
        if problem or data is None:
            self.problems.append(problem or Problem("could not be read", info.path))
            return
        if truncated:
            self.problems.append(Problem(f"notebook larger than {NOTEBOOK_CAP // (1024 * 1024)} MiB; not analysed", info.path))
            self.notebooks.append(NotebookFacts(info.path, error="too large to analyse", size=info.size or 0))
            return
        notebook, secrets, problems = read_notebook(info.path, data)
        self.notebooks.append(notebook)
        self.secrets += secrets
        self.problems += problems

    def _manifest(self, path: str, kind: str, text: str, truncated: bool = False) -> None:
        """Parse a dependency manifest, recording a problem when it is malformed or over a parsing limit."""
        try:
            if truncated and kind != "requirements":
                raise Refused(_too_large())
            self.manifests.append(parse_manifest(path, kind, text))
        except Refused as exc:  # not parsed: what it declares is unknown (a lock file is still a lock file)
            self._refuse(path, str(exc))
            if kind.endswith("lock"):
                self.manifests.append(Manifest(path, kind, is_lock=True))
        except MemoryError:
            raise
        except Exception as exc:  # TOML/YAML/AST errors from a candidate's file are data
            self.problems.append(Problem(f"could not parse {kind}: {type(exc).__name__}: {str(exc)[:200]}", path))

    def _refuse(self, path: str, reason: str) -> None:
        """Record a file left unparsed because it is over a parsing limit."""
        self.unparsed[path] = reason
        self.problems.append(Problem(reason, path))


def _visit_timed(builder: _Builder, files: tuple[FileInfo, ...], costs: dict[str, float]) -> None:
    """Visit FILES, adding each file type's seconds and bytes to COSTS and naming the slowest file."""
    slowest, slowest_path = -1.0, ""
    clock = time.perf_counter
    for info in files:
        start = clock()
        builder.visit(info)
        seconds = clock() - start
        kind = info.suffix or "(none)"
        costs[f"seconds {kind}"] = costs.get(f"seconds {kind}", 0.0) + seconds
        costs[f"bytes {kind}"] = costs.get(f"bytes {kind}", 0.0) + (info.size or 0)
        if seconds > slowest:
            slowest, slowest_path = seconds, info.path
    if slowest_path:
        costs[f"slowest {builder.name}/{slowest_path}"] = slowest


def _too_large() -> str:
    """The reason a structured file cut at the read cap is not parsed."""
    return f"larger than {MAX_BYTES // 1024} KiB; not parsed"


def _readme(files: tuple[FileInfo, ...], texts: dict[str, TextFile]) -> TextFile | None:
    """The root README, preferring Markdown."""
    by_name = {f.path.lower(): f.path for f in files if "/" not in f.path}
    for candidate in README_NAMES:
        if candidate in by_name and by_name[candidate] in texts:
            return texts[by_name[candidate]]
    return None


def build_facts(
    root: Path, name: str | None = None, *, fork: bool = False, candidate: Person | None = None,
    sparse: bool = False, costs: dict[str, float] | None = None,
) -> RepoFacts:
    """Gather everything the checks need from the git work tree at ROOT.

    COSTS, when given, receives the seconds and bytes spent per file type ("seconds .py", "bytes .py") and the
    slowest file ("slowest PATH"), for the benchmark.
    """
    root = Path(root)
    name = name or root.name
    with start_head_and_history(root) as reading:  # git reads the history while the files are read
        inventory = list_tracked(root)
        builder = _Builder(root, name, sparse)
        if costs is None:
            for info in inventory.files:
                builder.visit(info)
        else:
            _visit_timed(builder, inventory.files, costs)
        # git answers which paths its rules ignore while `git log` may still run
        ignored, ignore_problem = ignored_paths(root, ignore_candidates(builder.modules, builder.texts))
        head, history = reading.result()
    problems: list[Problem] = []
    if head is None:
        problems.append(Problem("repository has no commits"))
    problems += inventory.problems
    if ignore_problem:
        problems.append(ignore_problem)
    if history.error:
        problems.append(Problem(f"history not read: {history.error}"))
    return RepoFacts(
        name=name,
        root=str(root),
        head=head,
        files=inventory.files,
        skipped=inventory.skipped,
        readme=_readme(inventory.files, builder.texts),
        texts=MappingProxyType(builder.texts),
        manifests=tuple(builder.manifests),
        workflows=tuple(builder.workflows),
        modules=tuple(builder.modules),
        notebooks=tuple(builder.notebooks),
        history=history,
        secrets=tuple(builder.secrets),
        credentials=tuple(builder.credentials),
        problems=tuple(problems + builder.problems),
        fork=fork,
        candidate=candidate,
        sparse=sparse,
        ignored=ignored,
        unparsed=MappingProxyType(builder.unparsed),
    )
