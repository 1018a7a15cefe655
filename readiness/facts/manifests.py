"""Parse dependency manifests and lock files as text, TOML, YAML or AST; never run them."""

from __future__ import annotations

import ast
import configparser
import re

from readiness.facts.bounded import load_json, load_toml, load_yaml
from readiness.facts.lock_scan import package_names
from readiness.facts.model import Manifest, Requirement

REQ_LINE = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$")
# Packages that only appear in a `pip freeze` of a whole (Jupyter) environment, not in a project's needs.
ENVIRONMENT_ONLY = frozenset(
    {
        "ipykernel", "jupyter-client", "jupyter-core", "traitlets", "tornado", "pyzmq", "debugpy",
        "nest-asyncio", "prompt-toolkit", "wcwidth", "pexpect", "ptyprocess", "parso", "jedi",
        "pickleshare", "backcall", "matplotlib-inline", "comm", "psutil", "appnope", "pywin32",
        "certifi", "setuptools", "wheel", "pip", "platformdirs", "packaging",
    }
)


def normalise(name: str) -> str:
    """PEP 503 normalisation of a distribution name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def manifest_kind(path: str) -> str | None:
    """The manifest kind for a path, or None when the path is not a manifest."""
    name = path.rsplit("/", 1)[-1]
    lower = name.lower()
    parent = path.rsplit("/", 2)[-2] if "/" in path else ""
    if lower.endswith(".txt") and (lower.startswith("requirements") or parent == "requirements"):
        return "requirements"
    if lower.endswith((".in",)) and lower.startswith("requirements"):
        return "requirements"
    return {
        "pyproject.toml": "pyproject",
        "setup.cfg": "setup.cfg",
        "setup.py": "setup.py",
        "environment.yml": "conda",
        "environment.yaml": "conda",
        "pipfile": "pipfile",
        "pipfile.lock": "pipfile.lock",
        "poetry.lock": "poetry.lock",
        "uv.lock": "uv.lock",
        "conda-lock.yml": "conda-lock",
        "pdm.lock": "pdm.lock",
    }.get(lower)


def parse_requirement(text: str, path: str, line: int | None) -> Requirement | None:
    """Parse one PEP 508-ish requirement string."""
    text = text.split(";", 1)[0].split(" #", 1)[0].strip()
    if not text or text.startswith(("-", "#", "git+", "http:", "https:", ".", "/")):
        return None
    if " @ " in text:
        name, _, target = text.partition(" @ ")
        return Requirement(normalise(name.strip().split("[")[0]), "@ " + target.strip(), path, line)
    match = REQ_LINE.match(text)
    if not match:
        return None
    spec = match.group(3).strip().replace(" ", "")
    return Requirement(normalise(match.group(1)), spec, path, line)


def _requirements_txt(path: str, text: str) -> Manifest:
    """requirements*.txt: one requirement per line; detect whole-environment freezes."""
    reqs: list[Requirement] = []
    file_urls = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if "@ file://" in raw:
            file_urls += 1
        req = parse_requirement(raw, path, number)
        if req:
            reqs.append(req)
    infra = sum(1 for r in reqs if r.name in ENVIRONMENT_ONLY)
    pinned = sum(1 for r in reqs if r.pinned or r.spec.startswith("@"))
    freeze_like = file_urls > 0 or (len(reqs) >= 30 and pinned == len(reqs) and infra >= 3)
    return Manifest(path, "requirements", tuple(reqs), freeze_like=freeze_like)


def _pyproject(path: str, text: str) -> Manifest:
    """pyproject.toml: PEP 621 dependencies and extras, Poetry dependencies, requires-python."""
    data = load_toml(text)
    reqs: list[Requirement] = []
    project = data.get("project", {}) if isinstance(data.get("project"), dict) else {}
    for item in project.get("dependencies", []) or []:
        if isinstance(item, str) and (req := parse_requirement(item, path, None)):
            reqs.append(req)
    for group in (project.get("optional-dependencies", {}) or {}).values():
        for item in group if isinstance(group, list) else []:
            if isinstance(item, str) and (req := parse_requirement(item, path, None)):
                reqs.append(req)
    for group in (data.get("dependency-groups", {}) or {}).values():
        for item in group if isinstance(group, list) else []:
            if isinstance(item, str) and (req := parse_requirement(item, path, None)):
                reqs.append(req)
    poetry = data.get("tool", {}).get("poetry", {}) if isinstance(data.get("tool"), dict) else {}
    poetry_deps = dict(poetry.get("dependencies", {}) or {})
    for group in (poetry.get("group", {}) or {}).values():
        if isinstance(group, dict):
            poetry_deps.update(group.get("dependencies", {}) or {})
    for name, spec in poetry_deps.items():
        if name.lower() == "python":
            continue
        version = spec if isinstance(spec, str) else (spec.get("version", "") if isinstance(spec, dict) else "")
        version = "==" + version if re.match(r"^\d", version or "") else version
        reqs.append(Requirement(normalise(name), version or "", path, None))
    python = project.get("requires-python") or (poetry_deps.get("python") if isinstance(poetry_deps.get("python"), str) else None)
    return Manifest(path, "pyproject", tuple(reqs), python_requires=python)


def _setup_cfg(path: str, text: str) -> Manifest:
    """setup.cfg: [options] install_requires and extras_require."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(text)
    lines: list[str] = []
    if parser.has_option("options", "install_requires"):
        lines += parser.get("options", "install_requires").splitlines()
    if parser.has_section("options.extras_require"):
        for _, value in parser.items("options.extras_require"):
            lines += value.splitlines()
    reqs = [r for line in lines if (r := parse_requirement(line, path, None))]
    python = parser.get("options", "python_requires", fallback=None)
    return Manifest(path, "setup.cfg", tuple(reqs), python_requires=python)


def _setup_py(path: str, text: str) -> Manifest:
    """setup.py read as an AST: literal install_requires / extras_require of a setup() call."""
    tree = ast.parse(text)
    reqs: list[Requirement] = []
    python = None
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for kw in node.keywords:
            if kw.arg in ("install_requires", "requires", "tests_require"):
                reqs += _literal_requirements(kw.value, path)
            elif kw.arg == "extras_require" and isinstance(kw.value, ast.Dict):
                for value in kw.value.values:
                    reqs += _literal_requirements(value, path)
            elif kw.arg == "python_requires" and isinstance(kw.value, ast.Constant):
                python = str(kw.value.value)
    return Manifest(path, "setup.py", tuple(reqs), python_requires=python)


def _literal_requirements(node: ast.AST, path: str) -> list[Requirement]:
    """Requirements from a literal list/tuple of strings."""
    out = []
    if isinstance(node, (ast.List, ast.Tuple)):
        for element in node.elts:
            if isinstance(element, ast.Constant) and isinstance(element.value, str):
                if req := parse_requirement(element.value, path, getattr(element, "lineno", None)):
                    out.append(req)
    return out


def _conda(path: str, text: str) -> Manifest:
    """environment.yml: conda dependencies and the nested pip list."""
    data = load_yaml(text) or {}
    reqs: list[Requirement] = []
    for item in data.get("dependencies", []) if isinstance(data, dict) else []:
        if isinstance(item, str):
            name = re.split(r"[=<>!~ ]", item, maxsplit=1)[0].strip()
            spec = item[len(name) :].strip().replace(" ", "")
            if spec.startswith("=") and not spec.startswith("=="):
                spec = "=" + spec  # conda's single '=' pins a version
            if name and normalise(name) != "python":
                reqs.append(Requirement(normalise(name), spec, path, None))
        elif isinstance(item, dict):
            for pip_item in item.get("pip", []) or []:
                if isinstance(pip_item, str) and (req := parse_requirement(pip_item, path, None)):
                    reqs.append(req)
    return Manifest(path, "conda", tuple(reqs))


def _pipfile(path: str, text: str) -> Manifest:
    """Pipfile: [packages] and [dev-packages]."""
    data = load_toml(text)
    reqs = []
    for section in ("packages", "dev-packages"):
        for name, spec in (data.get(section, {}) or {}).items():
            version = spec if isinstance(spec, str) else (spec.get("version", "") if isinstance(spec, dict) else "")
            reqs.append(Requirement(normalise(name), "" if version == "*" else version, path, None))
    return Manifest(path, "pipfile", tuple(reqs))


def _lock(path: str, text: str, kind: str) -> Manifest:
    """Lock files: every locked package counts as pinned."""
    names: list[str] = []
    if kind in ("poetry.lock", "uv.lock", "pdm.lock"):
        scanned = package_names(text)  # the lines lock tools write, read without building the whole document
        if scanned is not None:
            names = scanned
        else:
            data = load_toml(text)
            names = [p.get("name", "") for p in data.get("package", []) if isinstance(p, dict)]
    elif kind == "pipfile.lock":
        data = load_json(text)
        for section in ("default", "develop"):
            names += list((data.get(section) or {}).keys())
    elif kind == "conda-lock":
        data = load_yaml(text) or {}
        names = [p.get("name", "") for p in data.get("package", []) if isinstance(p, dict)]
    reqs = tuple(Requirement(normalise(n), "lock:" + kind, path, None) for n in names if n)
    return Manifest(path, kind, reqs, is_lock=True)


def parse_manifest(path: str, kind: str, text: str) -> Manifest:
    """Parse one manifest; raises ValueError-family errors (bounded.Refused when over a parsing limit) that the caller records as problems."""
    if kind == "requirements":
        return _requirements_txt(path, text)
    if kind == "pyproject":
        return _pyproject(path, text)
    if kind == "setup.cfg":
        return _setup_cfg(path, text)
    if kind == "setup.py":
        return _setup_py(path, text)
    if kind == "conda":
        return _conda(path, text)
    if kind == "pipfile":
        return _pipfile(path, text)
    return _lock(path, text, kind)
