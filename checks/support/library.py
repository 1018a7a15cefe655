"""Whether a repository is a library meant to be imported: a declared package, its importable folder, and no application around it (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checks.support.code_graph import memo, repo_paths, sorted_paths
from checks.support.lifecycle import is_doc_path, is_test_path, last_part
from checks.support.deploy_chain import ci_shipping
from checks.support.serving_evidence import own_apps
from readiness.facts.bounded import ParseError, load_toml
from readiness.facts.model import CodeFacts, RepoFacts
from readiness.models import Evidence

TRAIN_LAST = frozenset({"fit", "fit_generator", "partial_fit", "train", "train_model"})
TEMPLATE_NAMES = frozenset({"src", "app", "project", "package", "my_package", "mypackage", "example", "main"})
SAVE = re.compile(r"(^|\.)(dump|save|save_model|save_pretrained|log_model|export)$")


@dataclass(frozen=True, slots=True)
class Package:
    """A package the repository declares: its distribution name, where, and the folder that makes it importable."""

    name: str
    manifest: str
    folder: str | None


def _norm(name: str) -> str:
    """A distribution or folder name normalised for comparison (PEP 503, dashes as underscores)."""
    return re.sub(r"[-_.]+", "_", name.lower())


def _pyproject(facts: RepoFacts, path: str) -> tuple[str, str] | None:
    """The distribution name a pyproject.toml at PATH builds, and its Python source folder ('' by default; maturin's
    `python-source`), when it declares a build system and a name."""
    text = facts.text(path)
    if not text:
        return None
    try:
        data = load_toml(text)
    except ParseError:
        return None
    tool = data.get("tool") if isinstance(data.get("tool"), dict) else {}
    project = data.get("project") or tool.get("poetry") or {}
    if "build-system" not in data or not isinstance(project, dict) or not isinstance(project.get("name"), str):
        return None
    maturin = tool.get("maturin") if isinstance(tool.get("maturin"), dict) else {}
    source = maturin.get("python-source")
    return project["name"], source.strip("/") if isinstance(source, str) else ""


def _nested_package(facts: RepoFacts) -> Package | None:
    """A package declared one folder down when the top level declares none (Python bindings of a Rust or C++
    library, a monorepo's `NAME-python/`): the one such pyproject.toml, and NAME's folder under it."""
    found = [(p, hit) for p in sorted_paths(facts) if p.count("/") == 1 and p.endswith("/pyproject.toml")
             and not (is_test_path(p) or is_doc_path(p)) and (hit := _pyproject(facts, p))]
    if len(found) != 1:
        return None
    path, (name, source) = found[0]
    base = "/".join(part for part in (path.rsplit("/", 1)[0], source) if part)
    wanted = _norm(name)
    folder = next((f"{root}/{part}" for root in (base, f"{base}/src") for part in {f.rsplit("/", 2)[-2] for f in repo_paths(facts)
                   if f.startswith(root + "/") and f.endswith("/__init__.py") and f.count("/") == root.count("/") + 2}
                   if _norm(part) == wanted), None)
    return Package(name, path, folder)


def declared_package(facts: RepoFacts) -> Package | None:
    """The package pyproject.toml, setup.cfg or setup.py declares (name and build system), with its import folder;
    one folder down when the top level declares none (read once per repository)."""
    return memo(facts, "package", _declared_package)


def package_units(facts: RepoFacts, units: list[CodeFacts]) -> tuple[list[CodeFacts], list[CodeFacts]]:
    """UNITS split into the declared package's own code and the code around it (examples, benchmarks, notebooks)."""
    package = declared_package(facts)
    folder = package.folder if package else None
    mine = [bool(folder) and (u.path == folder or u.path.startswith(f"{folder}/")) for u in units]
    return [u for u, m in zip(units, mine) if m], [u for u, m in zip(units, mine) if not m]


def _declared_package(facts: RepoFacts) -> Package | None:
    """Compute `declared_package`."""
    name, manifest = None, None
    if hit := _pyproject(facts, "pyproject.toml"):
        name, manifest = hit[0], "pyproject.toml"
    if name is None and (match := re.search(r"(?m)^name\s*=\s*(\S+)", facts.text("setup.cfg") or "")):
        name, manifest = match.group(1), "setup.cfg"
    if name is None and "setup.py" in repo_paths(facts):
        setup = next((m for m in facts.modules if m.path == "setup.py"), None)
        literal = next((s.value for s in setup.strings if re.fullmatch(r"[A-Za-z][\w.-]{1,60}", s.value)), None) if setup else None
        name, manifest = literal or facts.name, "setup.py"
    if name is None:
        return _nested_package(facts) if not facts.text("pyproject.toml") else None
    return Package(name, manifest or "", _import_folder(facts, name))


def _import_folder(facts: RepoFacts, name: str) -> str | None:
    """The folder (or single module) that `import NAME` finds: NAME/ or src/NAME/ holding modules, or else the one
    top-level package (a folder with __init__.py) that is not tests or docs."""
    folders = sorted({p.rsplit("/", 1)[0] for p in repo_paths(facts) if p.endswith(".py") and 1 <= p.count("/") <= 2})
    folders = [p for p in folders if ("/" not in p or p.startswith("src/")) and not (is_test_path(p + "/x.py") or is_doc_path(p + "/"))]
    wanted = {_norm(name), _norm(name).removeprefix("py").lstrip("_"), _norm(name).split("_")[-1]}
    for folder in folders:
        if _norm(folder.rsplit("/", 1)[-1]) in wanted:
            return folder
    if f"{_norm(name)}.py" in repo_paths(facts):
        return f"{_norm(name)}.py"
    packages = [p for p in folders if f"{p}/__init__.py" in repo_paths(facts) and p.rsplit("/", 1)[-1] not in ("scripts", "examples", "notebooks", "src")]
    return packages[0] if len(packages) == 1 else None


def _installs_itself(facts: RepoFacts, name: str) -> Evidence | None:
    """A README line telling users to `pip install` (or conda-install) this very package."""
    if not facts.readme:
        return None
    spelled = "[-_.]".join(re.escape(part) for part in re.split(r"[-_.]+", name))
    pattern = re.compile(rf"(?im)\b(pip3?|uv pip|conda|mamba|poetry)\s+(install|add)\s+(-c\s+\S+\s+)?{spelled}\b(?![-/.\w])")
    if match := pattern.search(facts.readme.text):
        return Evidence(f"README installs the package: `{match.group(0)}`", facts.readme.path, facts.readme.text[: match.start()].count("\n") + 1)
    return None


def _imports_itself(facts: RepoFacts, folder: str) -> Evidence | None:
    """A README line showing users how to import the package (`import geokit`, `from geokit import ...`)."""
    name = re.escape(folder.rsplit("/", 1)[-1].removesuffix(".py"))
    if facts.readme and (match := re.search(rf"(?m)^\s*(from\s+{name}(\.\w+)*\s+import\b|import\s+{name}\b)", facts.readme.text)):
        return Evidence(f"README shows how to use the package: `{match.group(0).strip()}`", facts.readme.path, facts.readme.text[: match.start()].count("\n") + 1)
    return None


def training_entry_points(facts: RepoFacts) -> list[Evidence]:
    """Code (tests and docs left out) that trains a model and saves it in the same module: something to serve."""
    out = []
    units = [m for m in facts.modules] + [nb.code for nb in facts.notebooks if nb.code is not None]
    for unit in units:
        if is_test_path(unit.path) or is_doc_path(unit.path):
            continue
        trains = [c for c in unit.calls if last_part(c.name) in TRAIN_LAST and "." in c.name]
        saves = [c for c in unit.calls if SAVE.search(c.name) and "." in c.name]
        if trains and saves:
            out.append(Evidence(f"trains and saves a model: {trains[0].name}() then {saves[0].name}()", unit.path, trains[0].line, trains[0].cell))
    return out


def library_evidence(facts: RepoFacts) -> list[Evidence]:
    """Why the repository is a library meant to be imported ([] when it is not): a declared package whose folder
    is importable (not a template's `src`), no service or demo app, and a README that installs it, a workflow
    that publishes it, or a README that shows how to import it when no code trains and saves a model to serve."""
    return memo(facts, "library", _library)


def _applications(facts: RepoFacts) -> bool:
    """Whether the repository holds an HTTP service or a demo app of its own."""
    services, demos = own_apps(facts)
    return bool(services or demos)


def _library(facts: RepoFacts) -> list[Evidence]:
    """Compute `library_evidence`."""
    package = declared_package(facts)
    if package is None or package.folder is None or _norm(package.name) in TEMPLATE_NAMES or _applications(facts):
        return []
    found = [Evidence(f"declares the package '{package.name}' importable from {package.folder}", package.manifest)]
    if (installs := _installs_itself(facts, package.name)) is not None:
        return found + [installs]
    if publishes := ci_shipping(facts).publishes:
        return found + [publishes[0].evidence]
    if (usage := _imports_itself(facts, package.folder)) is not None and not training_entry_points(facts):
        return found + [usage]
    return []
