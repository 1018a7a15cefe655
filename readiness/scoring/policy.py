"""The scoring policy kept as data in roles.toml: evidence checks per dimension, hygiene share, best work, red flags."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

from readiness.errors import ConfigError
from readiness.models import Dimension
from readiness.scoring.data import ROLES_FILE, _read, source_ids


@dataclass(frozen=True, slots=True)
class EvidenceRule:
    """The checks that show the work itself in one dimension; without them hygiene alone cannot score it."""

    dimension: Dimension
    checks: tuple[str, ...]
    reason: str
    source: str


@dataclass(frozen=True, slots=True)
class RedFlag:
    """A failing check a reviewer treats as a red flag: points taken off the repository and the portfolio."""

    check_id: str
    scope: str
    penalty: float
    reason: str
    source: str


@dataclass(frozen=True, slots=True)
class Policy:
    """How check points become dimension, repository and portfolio scores."""

    evidence: tuple[EvidenceRule, ...]
    hygiene_share: float
    best_work: tuple[float, ...]
    red_flags: tuple[RedFlag, ...]
    max_penalty: float
    ownership: tuple[str, ...] = ()
    work: tuple[str, ...] = ()
    work_cap: float = 100.0
    judged: tuple[str, ...] = ()
    pinned_factor: float = 1.0
    """How many times more a red flag weighs in a pinned repository (what a reviewer opens first)."""
    shared: tuple[str, ...] = ()
    """Gaps nearly every job seeker shares (outside contributions): listed after the gaps in the candidate's own work."""

    def evidence_checks(self, dimension: Dimension) -> tuple[str, ...]:
        """The evidence checks of DIMENSION (empty when every check of it counts as evidence)."""
        return next((rule.checks for rule in self.evidence if rule.dimension is dimension), ())


SCOPES = ("repository", "best-work", "pinned")
KEYS = ("hygiene_share", "best_work", "max_penalty", "evidence", "red_flags", "ownership", "work", "judged", "pinned_red_flags", "shared")


def _number(value: Any, where: str, low: float, high: float) -> float:
    """A number within [LOW, HIGH], or a ConfigError naming WHERE."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise ConfigError(f"{where} must be a number from {low:g} to {high:g}")
    return float(value)


def _text(entry: dict[str, Any], key: str, where: str) -> str:
    """A one-line string field of ENTRY."""
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip() or "\n" in value.strip():
        raise ConfigError(f"{where} needs a one-line {key}")
    return value.strip()


def _evidence(table: Any, checks: frozenset[str], sources: frozenset[str], where: str) -> tuple[EvidenceRule, ...]:
    """Validate [evidence]: per dimension, registered checks with a reason and a known source."""
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: [evidence] must map dimensions to tables")
    names = {d.value: d for d in Dimension}
    out = []
    for name, entry in table.items():
        spot = f"{where}: evidence.{name}"
        if name not in names or not isinstance(entry, dict) or set(entry) - {"checks", "reason", "source"}:
            raise ConfigError(f"{spot} must be a dimension with only checks, reason and source")
        ids = entry.get("checks")
        if not isinstance(ids, list) or not ids or any(c not in checks for c in ids):
            raise ConfigError(f"{spot}.checks must list registered check ids")
        if entry.get("source") not in sources:
            raise ConfigError(f"{spot} names unknown source {entry.get('source')!r}")
        out.append(EvidenceRule(names[name], tuple(ids), _text(entry, "reason", spot), entry["source"]))
    return tuple(out)


def _red_flags(items: Any, checks: frozenset[str], sources: frozenset[str], where: str) -> tuple[RedFlag, ...]:
    """Validate [[red_flags]]: a registered check, a scope, a penalty, a reason and a known source."""
    if not isinstance(items, list):
        raise ConfigError(f"{where}: red_flags must be a list of tables")
    out = []
    for index, entry in enumerate(items):
        spot = f"{where}: red_flags[{index}]"
        if not isinstance(entry, dict) or entry.get("check") not in checks:
            raise ConfigError(f"{spot} must name a registered check")
        if entry.get("scope") not in SCOPES:
            raise ConfigError(f"{spot}.scope must be one of {SCOPES}")
        if entry.get("source") not in sources:
            raise ConfigError(f"{spot} names unknown source {entry.get('source')!r}")
        penalty = _number(entry.get("penalty"), f"{spot}.penalty", 0, 100)
        out.append(RedFlag(entry["check"], entry["scope"], penalty, _text(entry, "reason", spot), entry["source"]))
    return tuple(out)


def parse_policy(data: dict[str, Any], known_checks: Iterable[str], sources: Iterable[str], where: str = "roles.toml") -> Policy:
    """Validate the scoring policy keys of the roles data into a Policy."""
    checks, known_sources = frozenset(known_checks), frozenset(sources)
    best = data.get("best_work", [1])
    if not isinstance(best, list) or not best:
        raise ConfigError(f"{where}: best_work must be a list of weights, best repository first")
    weights = tuple(_number(w, f"{where}: best_work", 0.01, 100) for w in best)
    if any(a < b for a, b in zip(weights, weights[1:])):
        raise ConfigError(f"{where}: best_work weights must not increase (the best repository counts most)")
    return Policy(
        evidence=_evidence(data.get("evidence", {}), checks, known_sources, where),
        hygiene_share=_number(data.get("hygiene_share", 1.0), f"{where}: hygiene_share", 0, 1),
        best_work=weights,
        red_flags=_red_flags(data.get("red_flags", []), checks, known_sources, where),
        max_penalty=_number(data.get("max_penalty", 100), f"{where}: max_penalty", 0, 100),
        ownership=_checklist(data.get("ownership", {}), "ownership", (), checks, known_sources, where),
        work=_checklist(data.get("work", {}), "work", ("cap",), checks, known_sources, where),
        work_cap=_number((data.get("work") or {}).get("cap", 100), f"{where}: work.cap", 0, 100),
        judged=_checklist(data.get("judged", {}), "judged", (), checks, known_sources, where),
        pinned_factor=_number(data.get("pinned_red_flags", 1), f"{where}: pinned_red_flags", 1, 10),
        shared=_checklist(data.get("shared", {}), "shared", (), checks, known_sources, where),
    )


def _checklist(table: Any, name: str, extra: tuple[str, ...], checks: frozenset[str], sources: frozenset[str], where: str) -> tuple[str, ...]:
    """Validate a [NAME] table of registered checks with a reason and a known source (and the EXTRA keys)."""
    if not table:
        return ()
    if not isinstance(table, dict) or set(table) - {"checks", "reason", "source", *extra}:
        raise ConfigError(f"{where}: [{name}] must have only checks, reason, source{''.join(', ' + k for k in extra)}")
    ids = table.get("checks")
    if not isinstance(ids, list) or any(c not in checks for c in ids):
        raise ConfigError(f"{where}: {name}.checks must list registered check ids")
    if table.get("source") not in sources:
        raise ConfigError(f"{where}: {name} names unknown source {table.get('source')!r}")
    _text(table, "reason", f"{where}: {name}")
    return tuple(ids)


@lru_cache(maxsize=1)
def load_policy() -> Policy:
    """The bundled scoring policy, validated against the registered checks and the bundled sources."""
    from checks import all_checks

    return parse_policy(_read(ROLES_FILE), (s.id for s in all_checks()), source_ids(), str(ROLES_FILE))
