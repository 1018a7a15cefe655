"""The repository's own modules: which are tests, which are project code, and what imports what (pure)."""

from __future__ import annotations

import configparser
import fnmatch
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, TypeVar

from checks.support.prefilter import folded
from readiness.facts.bounded import ParseError, load_toml
from readiness.facts.ci_steps import Pipeline, read_pipeline
from readiness.facts.model import CodeFacts, FileInfo, Import, RepoFacts, Workflow

TEST_DIRS = frozenset({"tests", "test", "testing"})
DEFAULT_TEST_FILES = ("test_*.py", "*_test.py")
NOT_PROJECT = frozenset({"setup.py", "conftest.py", "noxfile.py", "manage.py", "__main__.py"})
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PytestConfig:
    """pytest discovery settings read from pyproject.toml, pytest.ini, tox.ini or setup.cfg."""

    testpaths: tuple[str, ...] = ()
    python_files: tuple[str, ...] = DEFAULT_TEST_FILES
    source: str | None = None
    addopts: str = ""


def _ini_section(text: str, section: str) -> dict[str, str]:
    """One section of an INI file, or {} when absent or malformed."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        parser.read_string(text)
    except configparser.Error:
        return {}
    return dict(parser[section]) if parser.has_section(section) else {}


def _words(value: object) -> tuple[str, ...]:
    """A TOML list or an INI whitespace-separated value as a tuple of words."""
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    if isinstance(value, str):
        return tuple(value.split())
    return ()


def pytest_config(facts: RepoFacts) -> PytestConfig:
    """pytest's configuration as pytest would find it (first file with a pytest section wins)."""
    for path, section in (("pytest.ini", "pytest"), (".pytest.ini", "pytest"), ("pyproject.toml", None), ("tox.ini", "pytest"), ("setup.cfg", "tool:pytest")):
        text = facts.text(path)
        if text is None:
            continue
        if section is None:
            try:
                options = load_toml(text)
            except ParseError:
                options = None
            for key in ("tool", "pytest", "ini_options"):
                options = options.get(key) if isinstance(options, dict) else None
            if not isinstance(options, dict):
                continue
        else:
            options = _ini_section(text, section)
            if not options and f"[{section}]" not in text:
                continue
        addopts = options.get("addopts", "")
        return PytestConfig(
            tuple(p.strip("/").removeprefix("./") for p in _words(options.get("testpaths"))),
            _words(options.get("python_files")) or DEFAULT_TEST_FILES,
            path,
            " ".join(addopts) if isinstance(addopts, list) else str(addopts),
        )
    return PytestConfig()


def _in_testpaths(path: str, testpaths: tuple[str, ...]) -> bool:
    """Whether PATH lies under one of the configured testpaths (all paths when none are configured)."""
    if not testpaths or any(tp in ("", ".") for tp in testpaths):
        return True
    return any(path == tp or path.startswith(tp.rstrip("/") + "/") or fnmatch.fnmatch(path, tp + "/*") for tp in testpaths)


def _defines_testcase(unit: CodeFacts) -> bool:
    """Whether a module defines a unittest.TestCase subclass."""
    return any(b.rsplit(".", 1)[-1].endswith("TestCase") for c in unit.classes for b in c.bases)


@dataclass(frozen=True, slots=True)
class Layout:
    """The repository's Python modules split into tests, test support and project code."""

    config: PytestConfig
    test_modules: tuple[CodeFacts, ...]
    support_modules: tuple[CodeFacts, ...]
    project_modules: tuple[CodeFacts, ...]
    project_roots: frozenset[str]


def _in_test_dir(path: str) -> bool:
    """Whether PATH is inside a folder named tests/test/testing."""
    return any(part in TEST_DIRS for part in path.split("/")[:-1])


def _layout(facts: RepoFacts) -> Layout:
    """Compute the layout (see `layout`)."""
    config = pytest_config(facts)
    tests, support, project = [], [], []
    for unit in facts.modules:
        name = unit.path.rsplit("/", 1)[-1]
        pattern_hit = any(fnmatch.fnmatch(name, pattern) for pattern in config.python_files)
        unittest_hit = name.startswith("test") and _defines_testcase(unit)
        if (pattern_hit or unittest_hit) and _in_testpaths(unit.path, config.testpaths):
            tests.append(unit)
        elif name == "conftest.py" or _in_test_dir(unit.path) or pattern_hit:
            support.append(unit)
        else:
            project.append(unit)
    roots: set[str] = set()
    for unit in project:
        if unit.path.rsplit("/", 1)[-1] in NOT_PROJECT:
            continue
        parts = unit.path[:-3].split("/")
        roots |= {p for p in parts if p.isidentifier() and p != "__init__"}
    return Layout(config, tuple(tests), tuple(support), tuple(project), frozenset(roots))


_CURRENT: list[Any] = [None, {}]
"""The facts of the repository being checked and the analyses built for it (only one repository's, so
memory does not grow with the number of repositories assessed)."""


def memo(facts: RepoFacts, key: str, build: Callable[[RepoFacts], T]) -> T:
    """A per-facts cache so that several checks share one analysis (facts are immutable)."""
    if _CURRENT[0] is not facts:
        _CURRENT[0], _CURRENT[1] = facts, {}
    values: dict[str, Any] = _CURRENT[1]
    if key not in values:
        values[key] = build(facts)
    return values[key]


def repo_paths(facts: RepoFacts) -> frozenset[str]:
    """`facts.paths`, built once per repository (the property builds the set anew on every use)."""
    return memo(facts, "paths", lambda f: f.paths)


def paths_folded(facts: RepoFacts) -> str:
    """Every tracked path, `folded`, one a line, made once per repository: a screen that excludes this text excludes
    every path (no screen word holds a line break)."""
    return memo(facts, "paths-folded", lambda f: folded("\n".join(info.path for info in f.files)))


def sorted_paths(facts: RepoFacts) -> tuple[str, ...]:
    """Every tracked path in order, sorted once per repository."""
    return memo(facts, "sorted-paths", lambda f: tuple(sorted(repo_paths(f))))


def files_with_suffix(facts: RepoFacts, suffixes: frozenset[str]) -> list[FileInfo]:
    """The tracked files whose `suffix` is one of SUFFIXES, in order (the files are grouped by suffix once per repository)."""
    groups: dict[str, list[FileInfo]] = memo(facts, "suffix-groups", _suffix_groups)
    if len(suffixes) == 1:
        return list(groups.get(next(iter(suffixes)), ()))
    return [info for info in facts.files if info.suffix in suffixes] if any(s in groups for s in suffixes) else []


def _suffix_groups(facts: RepoFacts) -> dict[str, list[FileInfo]]:
    """Tracked files by `suffix`, each group in order."""
    groups: dict[str, list[FileInfo]] = {}
    for info in facts.files:
        groups.setdefault(info.suffix, []).append(info)
    return groups


def has_code(facts: RepoFacts) -> bool:
    """`facts.has_code`, worked out once per repository."""
    return memo(facts, "has-code", lambda f: f.has_code)


def unit_memo(unit: object, key: str, build: Callable[[Any], T]) -> T:
    """A cache of one code unit's analysis shared by the rules that need it, kept with the current repository's
    analyses (keyed by the unit's identity, with the unit held so that its identity cannot be reused)."""
    units: dict[tuple[str, int], tuple[object, Any]] = _CURRENT[1].setdefault(" units", {})
    entry = units.get((key, id(unit)))
    if entry is None or entry[0] is not unit:
        entry = units[(key, id(unit))] = (unit, build(unit))
    return entry[1]


def call_firsts(unit: CodeFacts) -> tuple[dict[str, int], dict[str, int]]:
    """(call name -> position of its first call, keyword -> position of the first call passed it) in UNIT, each in
    the order first seen, worked out once per unit for the rules and indexes that need them."""
    return unit_memo(unit, "call-firsts", _call_firsts)


def _call_firsts(unit: CodeFacts) -> tuple[dict[str, int], dict[str, int]]:
    """(call name -> position of its first call, keyword -> position of the first call passed it) in UNIT."""
    names: dict[str, int] = {}
    keywords: dict[str, int] = {}
    for position, call in enumerate(unit.calls):
        if call.name not in names:
            names[call.name] = position
        for keyword in call.keywords:
            if keyword not in keywords:
                keywords[keyword] = position
    return names, keywords


def pipelines(facts: RepoFacts) -> tuple[tuple[Workflow, Pipeline], ...]:
    """Every CI file with what it runs, parsed once per repository for the deployment and testing checks."""
    return memo(facts, "pipelines", lambda f: tuple((w, read_pipeline(w)) for w in f.workflows))


def layout(facts: RepoFacts) -> Layout:
    """Tests as pytest/unittest would discover them, their support modules, and the project's own code."""
    return memo(facts, "layout", _layout)


@lru_cache(maxsize=64)
def _dotted_keys(path: str) -> tuple[str, ...]:
    """Every dotted name a module path may be imported as (src/churn/data.py: src.churn.data, churn.data, data)."""
    parts = path[:-3].split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return tuple(".".join(parts[i:]) for i in range(len(parts)) if parts[i:])


def module_index(units: tuple[CodeFacts, ...]) -> dict[str, list[str]]:
    """Dotted name -> module paths, for resolving the repository's own imports."""
    index: dict[str, list[str]] = {}
    for unit in units:
        for key in _dotted_keys(unit.path):
            index.setdefault(key, []).append(unit.path)
    return index


def resolve_import(imp: Import, importer: str, index: dict[str, list[str]]) -> list[str]:
    """Paths of the repository's modules that IMP (in module IMPORTER) refers to."""
    if imp.level:
        base = importer.split("/")[:-1]
        base = base[: len(base) - (imp.level - 1)] if imp.level > 1 else base
        prefix = ".".join(base)
        module = ".".join(p for p in (prefix, imp.module) if p)
    else:
        module = imp.module
    targets: list[str] = []
    for name in (*(f"{module}.{n}" for n in imp.names if n != "*"), module):
        if name and name in index:
            targets += index[name]
    return list(dict.fromkeys(targets))


def reachable(start: CodeFacts, units: tuple[CodeFacts, ...], depth: int = 3) -> tuple[CodeFacts, ...]:
    """START and the repository modules it imports, transitively up to DEPTH levels."""
    build = lambda us: ({u.path: u for u in us}, module_index(us))  # noqa: E731  (kept per tuple of units: a tuple cannot change)
    by_path, index = unit_memo(units, "module-index", build) if isinstance(units, tuple) else build(units)
    seen = {start.path: start}
    frontier = [start]
    for _ in range(depth):
        nxt = []
        for unit in frontier:
            for imp in unit.imports:
                for path in resolve_import(imp, unit.path, index):
                    if path not in seen and path in by_path:
                        seen[path] = by_path[path]
                        nxt.append(by_path[path])
        frontier = nxt
    return tuple(seen.values())
