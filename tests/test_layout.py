"""The package layout: imports flow one way down the stages, no import cycles, no module over 400 lines."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("readiness", "checks")
STAGES = ("base", "sources", "facts", "checks", "scoring", "advice", "report", "pipeline", "cohort", "cli")
"""Lowest first: a module may import its own stage and the stages before it, never one after it.

base is readiness's top-level modules (models, errors, serialize); checks is the top-level `checks` package."""
MAX_LINES = 400


def stage_of(module: str) -> str | None:
    """The stage a module belongs to, or None for a module outside readiness and checks."""
    parts = module.split(".")
    if parts[0] == "checks":
        return "checks"
    if parts[0] != "readiness":
        return None
    if len(parts) > 1 and parts[1] in STAGES:
        return parts[1]
    return "cli" if parts[1:2] == ["__main__"] else "base"


def modules(root: Path) -> dict[str, Path]:
    """Every module of the packages under ROOT, by dotted name (a package by its own name)."""
    found = {}
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> list[tuple[int, str]]:
    """(line, module) for each import in a module, anywhere in it (functions and TYPE_CHECKING blocks too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                target = f"{base}.{alias.name}"
                found.append((node.lineno, target if target in known else base))
    return [(line, module) for line, module in found if stage_of(module) is not None]


def graph(root: Path) -> tuple[dict[str, Path], dict[str, list[tuple[int, str]]]]:
    """The modules under ROOT and, for each, the readiness and checks modules it imports."""
    known = modules(root)
    return known, {name: imports(name, path, known) for name, path in known.items()}


def upward_imports(root: Path) -> list[str]:
    """One line per import of a later stage: where it is, what it imports, and the two stages."""
    known, edges = graph(root)
    problems = []
    for name, targets in edges.items():
        here = stage_of(name)
        for line, target in targets:
            there = stage_of(target)
            if STAGES.index(there) > STAGES.index(here):
                where = known[name].relative_to(root).as_posix()
                problems.append(f"{where}:{line} imports {target}: stage {there} is above stage {here}")
    return sorted(problems)


def cycles(root: Path) -> list[str]:
    """One line per group of modules that import each other, as one loop through it: `a -> b -> a`."""
    _, edges = graph(root)
    follows = {name: sorted({t for _, t in targets if t in edges and t != name}) for name, targets in edges.items()}
    reach = {name: _reachable(name, follows) for name in follows}
    loops = set()
    for name in follows:
        group = sorted(other for other in follows if name in reach[other] and other in reach[name])
        if group and group[0] == name:
            loops.add(" -> ".join(_loop(name, set(group), follows)))
    return sorted(loops)


def _reachable(start: str, follows: dict[str, list[str]]) -> set[str]:
    """Every module START imports, directly or not."""
    seen, todo = set(), list(follows[start])
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += follows[name]
    return seen


def _loop(start: str, group: set[str], follows: dict[str, list[str]]) -> list[str]:
    """The shortest path from START back to itself inside GROUP."""
    paths = {start: [start]}
    todo = [start]
    while todo:
        name = todo.pop(0)
        for child in follows[name]:
            if child == start:
                return paths[name] + [start]
            if child in group and child not in paths:
                paths[child] = paths[name] + [child]
                todo.append(child)
    return [start]


def long_modules(root: Path) -> list[str]:
    """Modules over MAX_LINES lines, with their length."""
    lengths = {path: len(path.read_text(encoding="utf-8").splitlines()) for path in modules(root).values()}
    return [f"{path.relative_to(root).as_posix()}: {n} lines" for path, n in sorted(lengths.items()) if n > MAX_LINES]


def test_imports_flow_down_the_stages() -> None:
    assert upward_imports(ROOT) == []


def test_no_import_cycles() -> None:
    assert cycles(ROOT) == []


def test_no_module_is_over_the_size_limit() -> None:
    assert long_modules(ROOT) == []


def test_every_stage_package_says_what_it_owns_and_may_import() -> None:
    for stage in STAGES[1:]:
        init = ROOT / ("checks" if stage == "checks" else f"readiness/{stage}") / "__init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert doc and "import" in doc.splitlines()[0], f"{init}: a one-line docstring saying what it owns and may import"


def write(root: Path, files: dict[str, str]) -> Path:
    """A package tree under ROOT from {relative path: source}."""
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def test_the_checker_names_an_upward_import_and_a_cycle(tmp_path: Path) -> None:
    """A synthetic tree: a source module importing a renderer, and two pipeline modules importing each other."""
    root = write(tmp_path, {
        "readiness/__init__.py": "",
        "readiness/models.py": "",
        "readiness/sources/__init__.py": "",
        "readiness/sources/local.py": "from readiness.models import x\n\n\ndef f():\n    from readiness.report.formats import render\n",
        "readiness/report/__init__.py": "",
        "readiness/report/formats.py": "from readiness import models\n",
        "readiness/pipeline/__init__.py": "",
        "readiness/pipeline/engine.py": "from readiness.pipeline import runner\n",
        "readiness/pipeline/runner.py": "from . import engine\n",
        "checks/__init__.py": "",
        "checks/docs.py": "from readiness.scoring.scores import points\n",
        "readiness/scoring/__init__.py": "",
        "readiness/scoring/scores.py": "import checks.docs\n",
    })
    assert upward_imports(root) == [
        "checks/docs.py:1 imports readiness.scoring.scores: stage scoring is above stage checks",
        "readiness/sources/local.py:5 imports readiness.report.formats: stage report is above stage sources",
    ]
    assert cycles(root) == [
        "checks.docs -> readiness.scoring.scores -> checks.docs",
        "readiness.pipeline.engine -> readiness.pipeline.runner -> readiness.pipeline.engine",
    ]
    write(root, {"readiness/pipeline/runner.py": "", "readiness/scoring/scores.py": "", "checks/docs.py": "",
                 "readiness/sources/local.py": "from readiness.models import x\n"})
    assert upward_imports(root) == [] and cycles(root) == []
