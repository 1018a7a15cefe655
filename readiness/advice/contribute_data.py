"""The contribution finder's data: the package and tool -> OWNER/NAME map (contribute_projects.toml), the labels
searched, and the `[contribute]` settings of .readiness.toml that extend them, validated strictly."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readiness.errors import ConfigError

PROJECTS_FILE = Path(__file__).resolve().parent / "contribute_projects.toml"
REPO = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")
KEYS = frozenset({"projects", "labels", "exclude"})
MAX_LABELS = 8


@dataclass(frozen=True, slots=True)
class ContributeSettings:
    """`[contribute]` in the configuration: extra or corrected projects, the labels searched, projects left out."""

    projects: tuple[tuple[str, str], ...] = ()
    """(package or tool, OWNER/NAME) pairs that extend or override the bundled map."""
    labels: tuple[str, ...] | None = None
    """The labels searched (any of them); None: the bundled list."""
    exclude: tuple[str, ...] = ()
    """OWNER/NAME of projects never searched."""


@dataclass(frozen=True, slots=True)
class ProjectMap:
    """Where packages and tools are developed, and the labels searched by default."""

    packages: dict[str, str]
    tools: dict[str, str]
    labels: tuple[str, ...]

    def project_of(self, name: str, kind: str = "package") -> str | None:
        """OWNER/NAME for a package (import or distribution name) or an infrastructure tool; None when unknown."""
        if kind == "tool":
            return self.tools.get(name)
        key = name.lower()
        return self.packages.get(key) or self.packages.get(dist_name(key))


def dist_name(name: str) -> str:
    """The distribution name for an import or distribution name: sklearn -> scikit-learn, sentence_transformers ->
    sentence-transformers."""
    from checks.support.common import IMPORT_TO_DIST  # here: the configuration loads this module on every run

    key = name.lower()
    return IMPORT_TO_DIST.get(key.split(".")[0], key.replace("_", "-").split(".")[0])


def _repo(value: Any, where: str) -> str:
    """A validated OWNER/NAME."""
    if not isinstance(value, str) or not REPO.match(value.strip()):
        raise ConfigError(f"{where}: {value!r} is not a GitHub repository as OWNER/NAME")
    return value.strip()


def _labels(value: Any, where: str) -> tuple[str, ...]:
    """A validated, non-empty list of label names."""
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() and '"' not in v for v in value):
        raise ConfigError(f"{where}: labels must be a non-empty list of label names (without double quotes)")
    if len(value) > MAX_LABELS:
        raise ConfigError(f"{where}: at most {MAX_LABELS} labels fit in GitHub's 256-character search query")
    return tuple(dict.fromkeys(v.strip() for v in value))


@functools.cache
def load_projects(path: Path = PROJECTS_FILE) -> ProjectMap:
    """The bundled map, validated (a broken entry is a bug in readiness, named with its key)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    packages = {str(k).lower(): _repo(v, f"{path.name} [packages] {k}") for k, v in data.get("packages", {}).items()}
    tools = {str(k): _repo(v, f"{path.name} [tools] {k}") for k, v in data.get("tools", {}).items()}
    return ProjectMap(packages, tools, _labels(data.get("search", {}).get("labels"), f"{path.name} [search]"))


def with_settings(base: ProjectMap, settings: ContributeSettings) -> ProjectMap:
    """BASE extended and corrected by the configuration: its projects win, its labels replace the bundled ones."""
    packages, tools = dict(base.packages), dict(base.tools)
    for name, repo in settings.projects:
        (tools if name in base.tools else packages)[name if name in base.tools else name.lower()] = repo
    return ProjectMap(packages, tools, settings.labels or base.labels)


def parse_contribute(table: Any, where: str) -> ContributeSettings:
    """Validate the `[contribute]` table: projects = {package = "OWNER/NAME"}, labels = [...], exclude = ["OWNER/NAME"]."""
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table with projects, labels and exclude")
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise ConfigError(f"{where} has unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(KEYS))}")
    projects = table.get("projects", {})
    if not isinstance(projects, dict):
        raise ConfigError(f"{where} projects must map a package or tool name to OWNER/NAME, e.g. {{ mylib = \"me/mylib\" }}")
    pairs = tuple((str(k), _repo(v, f"{where} projects.{k}")) for k, v in projects.items())
    labels = _labels(table["labels"], f"{where} labels") if "labels" in table else None
    exclude = table.get("exclude", [])
    if not isinstance(exclude, list):
        raise ConfigError(f"{where} exclude must be a list of OWNER/NAME")
    return ContributeSettings(pairs, labels, tuple(_repo(v, f"{where} exclude").lower() for v in exclude))
