"""Configuration from .readiness.toml or [tool.readiness] in pyproject.toml, validated strictly."""

from __future__ import annotations

import dataclasses
import fnmatch
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readiness.advice.contribute_data import ContributeSettings, parse_contribute
from readiness.advice.inputs import Background, DegreePlan, overridden, parse_background, parse_degree
from readiness.errors import ConfigError
from readiness.pipeline.limits import Limits

KNOWN_KEYS = frozenset({"skip", "exclude", "role", "background", "degree", "limits", "contribute"})
LIMIT_KEYS = {"memory_mb": int, "cpu_seconds": (int, float)}


@dataclass(frozen=True, slots=True)
class Config:
    """The settings that shape an assessment."""

    skip: tuple[tuple[str, str], ...] = ()
    """(check id, reason) pairs; the reason is mandatory and shown in the report."""
    exclude: tuple[str, ...] = ()
    """Glob patterns of repository names to leave out."""
    source: str | None = None
    role: str | None = None
    """The target role id (readiness/scoring/roles.toml); None means the roles file's default."""
    background: Background = Background()
    degree: DegreePlan = DegreePlan()
    jobs: int = 1
    """Worker processes for assessing repositories (set by --jobs)."""
    report_cache: Path | None = None
    """Where unchanged repositories' reports are cached (set by --cache-dir / --no-cache); None: no cache."""
    limits: Limits = Limits()
    """Memory per worker process and CPU time per repository ([limits], --memory-limit, --cpu-limit; 0: none)."""
    contribute: ContributeSettings = ContributeSettings()
    """[contribute]: extra package -> project entries, the labels searched, projects left out (readiness contribute)."""

    def excluded(self, repo_name: str) -> bool:
        """Whether a repository name matches an exclude pattern."""
        return any(fnmatch.fnmatchcase(repo_name, pattern) for pattern in self.exclude)

    def skip_reason(self, check_id: str) -> str | None:
        """The reason a check is skipped, or None when it runs."""
        return next((reason for cid, reason in self.skip if cid == check_id), None)


def _table(path: Path) -> dict[str, Any] | None:
    """The readiness table of a config file, or None when the file has none."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        return tool.get("readiness") if isinstance(tool, dict) else None
    return data


def discover(cwd: Path) -> Path | None:
    """The configuration file in CWD: .readiness.toml first, then a pyproject.toml with [tool.readiness]."""
    candidate = cwd / ".readiness.toml"
    if candidate.is_file():
        return candidate
    pyproject = cwd / "pyproject.toml"
    if pyproject.is_file() and _table(pyproject) is not None:
        return pyproject
    return None


def parse(table: dict[str, Any], source: str) -> Config:
    """Validate a readiness table into a Config."""
    unknown = sorted(set(table) - KNOWN_KEYS)
    if unknown:
        raise ConfigError(f"{source}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(KNOWN_KEYS))}")
    skip_table = table.get("skip", {})
    if not isinstance(skip_table, dict):
        raise ConfigError(f"{source}: [skip] must map a check id or slug to the reason for skipping it")
    skip = []
    if skip_table:
        from checks import find_check  # the checks are loaded only when the configuration names some
    for key, reason in skip_table.items():
        spec = find_check(str(key))
        if spec is None:
            raise ConfigError(f"{source}: [skip] names {key!r}, which is not a check (see `readiness checks`)")
        if not isinstance(reason, str) or not reason.strip():
            raise ConfigError(f"{source}: [skip] {key} needs a reason, e.g. {key} = \"deployed from a separate infra repo\"")
        skip.append((spec.id, reason.strip()))
    exclude = table.get("exclude", [])
    if not isinstance(exclude, list) or not all(isinstance(p, str) for p in exclude):
        raise ConfigError(f"{source}: exclude must be a list of repository-name patterns")
    return Config(tuple(skip), tuple(exclude), source, role=_role(table.get("role"), source),
                  background=parse_background(table.get("background", {}), f"{source}: [background]"),
                  degree=parse_degree(table.get("degree", {}), f"{source}: [degree]"),
                  limits=_limits(table.get("limits", {}), source),
                  contribute=parse_contribute(table.get("contribute", {}), f"{source}: [contribute]"))


def _limits(table: Any, source: str) -> Limits:
    """The [limits] table: memory_mb per worker and cpu_seconds per repository, each a number >= 0 (0: no limit)."""
    if not isinstance(table, dict):
        raise ConfigError(f"{source}: [limits] must be a table with memory_mb and cpu_seconds")
    unknown = sorted(set(table) - set(LIMIT_KEYS))
    if unknown:
        raise ConfigError(f"{source}: [limits] has unknown setting(s) {', '.join(unknown)}; known: {', '.join(LIMIT_KEYS)}")
    for key, value in table.items():
        if isinstance(value, bool) or not isinstance(value, LIMIT_KEYS[key]) or value < 0:
            raise ConfigError(f"{source}: [limits] {key} must be a number of {'MB' if key == 'memory_mb' else 'seconds'}, 0 or more (0: no limit)")
    return dataclasses.replace(Limits(), **table)


def _role(value: Any, source: str) -> str | None:
    """A known role id, or None when not set."""
    if value is None:
        return None
    from readiness.scoring.roles import load_roles

    book = load_roles()
    if value not in book.ids:
        raise ConfigError(f"{source}: role {value!r} is not a role; known: {', '.join(book.ids)}")
    return value


def load_config(path: Path | None, cwd: Path) -> Config:
    """Load the given file, or the discovered one, or the defaults."""
    if path is not None:
        if not path.is_file():
            raise ConfigError(f"{path}: configuration file not found")
        table = _table(path)
        if table is None:
            raise ConfigError(f"{path}: has no [tool.readiness] table")
        return parse(table, str(path))
    found = discover(cwd)
    if found is None:
        return Config()
    return parse(_table(found) or {}, str(found))


def apply_flags(config: Config, flags: dict[str, Any]) -> Config:
    """CONFIG with every given flag overriding the file's value, validated like the file."""
    role = flags.get("role")
    if role is not None:
        from readiness.scoring.roles import load_roles

        if role not in load_roles().ids:
            raise ConfigError(f"--role {role!r} is not a role; known: {', '.join(load_roles().ids)}")
    limits = {key: flags[flag] for key, flag in (("memory_mb", "memory_limit"), ("cpu_seconds", "cpu_limit")) if flags.get(flag) is not None}
    return dataclasses.replace(
        config,
        role=role or config.role,
        background=overridden(config.background, **flags),
        degree=overridden(config.degree, **flags),
        limits=dataclasses.replace(config.limits, **limits),
    )
