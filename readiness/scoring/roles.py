"""Target roles from roles.toml (validated strictly) and 0-100 role readiness scores with bands."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Sequence

from readiness.errors import ConfigError
from readiness.models import Dimension, DimensionScore, Finding, Report, RoleScore, Source, Status

HERE = Path(__file__).resolve().parent
ROLES_FILE = HERE / "roles.toml"
SOURCES_FILE = HERE / "sources.toml"
RULES = ("none-fail", "some-pass")
NO_EVIDENCE = "no evidence"


@dataclass(frozen=True, slots=True)
class Weight:
    """How much one dimension counts for a role, and why."""

    dimension: Dimension
    weight: float
    reason: str
    source: str


@dataclass(frozen=True, slots=True)
class MustHave:
    """A check whose absence caps the role's band."""

    check_id: str
    rule: str
    reason: str


@dataclass(frozen=True, slots=True)
class Role:
    """One target role: label, dimension weights and must-have checks."""

    id: str
    label: str
    summary: str
    weights: tuple[Weight, ...]
    must_haves: tuple[MustHave, ...]

    def weight(self, dimension: Dimension) -> float:
        """The weight of DIMENSION for this role."""
        return next(w.weight for w in self.weights if w.dimension is dimension)


@dataclass(frozen=True, slots=True)
class RoleBook:
    """Every role, the bands, the default role and the band a missing must-have caps at."""

    roles: tuple[Role, ...]
    bands: tuple[tuple[str, float], ...]
    default: str
    cap: str

    def get(self, role_id: str) -> Role:
        """The role with this id; a ConfigError names the known ones."""
        for role in self.roles:
            if role.id == role_id:
                return role
        raise ConfigError(f"unknown role {role_id!r}; known: {', '.join(self.ids)}")

    @property
    def ids(self) -> tuple[str, ...]:
        """Role ids in file order."""
        return tuple(r.id for r in self.roles)


def _read(path: Path) -> dict[str, Any]:
    """A TOML data file, or a ConfigError naming it."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read ({exc})") from exc


def parse_sources(data: dict[str, Any], where: str = "sources.toml") -> tuple[Source, ...]:
    """Validate the sources table: every entry has a title and a detail."""
    out = []
    for key, entry in data.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("title"), str) or not isinstance(entry.get("detail"), str):
            raise ConfigError(f"{where}: [{key}] needs a title and a detail (strings)")
        if set(entry) - {"title", "detail"}:
            raise ConfigError(f"{where}: [{key}] has unknown keys {sorted(set(entry) - {'title', 'detail'})}")
        out.append(Source(key, entry["title"].strip(), " ".join(entry["detail"].split())))
    return tuple(out)


@lru_cache(maxsize=1)
def load_sources() -> tuple[Source, ...]:
    """The citable sources bundled with readiness."""
    return parse_sources(_read(SOURCES_FILE), str(SOURCES_FILE))


def source_ids() -> frozenset[str]:
    """The ids of every bundled source."""
    return frozenset(s.id for s in load_sources())


def _weights(role_id: str, table: Any, sources: frozenset[str], where: str) -> tuple[Weight, ...]:
    """Validate a role's weights: every dimension once, a positive number, a reason and a known source."""
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: roles.{role_id}.weights must be a table")
    names = {d.value for d in Dimension}
    if set(table) != names:
        missing, extra = sorted(names - set(table)), sorted(set(table) - names)
        raise ConfigError(f"{where}: roles.{role_id}.weights must list every dimension once (missing {missing}, unknown {extra})")
    out = []
    for dimension in Dimension:
        entry = table[dimension.value]
        weight = entry.get("weight") if isinstance(entry, dict) else None
        reason = entry.get("reason") if isinstance(entry, dict) else None
        source = entry.get("source") if isinstance(entry, dict) else None
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight <= 0:
            raise ConfigError(f"{where}: roles.{role_id}.weights.{dimension.value} needs a positive weight")
        if not isinstance(reason, str) or not reason.strip() or "\n" in reason.strip():
            raise ConfigError(f"{where}: roles.{role_id}.weights.{dimension.value} needs a one-line reason")
        if source not in sources:
            raise ConfigError(f"{where}: roles.{role_id}.weights.{dimension.value} names unknown source {source!r}")
        out.append(Weight(dimension, float(weight), reason.strip(), source))
    return tuple(out)


def _must_haves(role_id: str, items: Any, known_checks: frozenset[str], where: str) -> tuple[MustHave, ...]:
    """Validate a role's must-have checks: a registered check id, a rule and a reason."""
    if not isinstance(items, list):
        raise ConfigError(f"{where}: roles.{role_id}.must_have must be a list")
    out = []
    for item in items:
        if not isinstance(item, dict) or item.get("check") not in known_checks:
            raise ConfigError(f"{where}: roles.{role_id}.must_have names {item!r}, which is not a registered check")
        if item.get("rule") not in RULES or not isinstance(item.get("reason"), str) or not item["reason"].strip():
            raise ConfigError(f"{where}: roles.{role_id}.must_have {item['check']} needs rule in {RULES} and a reason")
        out.append(MustHave(item["check"], item["rule"], item["reason"].strip()))
    return tuple(out)


def _bands(table: Any, where: str) -> tuple[tuple[str, float], ...]:
    """Validate the bands: names with lower bounds, the first at 0, strictly increasing."""
    if not isinstance(table, dict) or not table:
        raise ConfigError(f"{where}: [bands] must map band names to lower bounds")
    if not all(isinstance(b, (int, float)) and not isinstance(b, bool) for b in table.values()):
        raise ConfigError(f"{where}: [bands] lower bounds must be numbers")
    bands = tuple((name.replace("-", " "), float(bound)) for name, bound in table.items())
    bounds = [b for _, b in bands]
    if bounds[0] != 0 or any(a >= b for a, b in zip(bounds, bounds[1:])) or bounds[-1] > 100:
        raise ConfigError(f"{where}: [bands] lower bounds must start at 0 and increase up to at most 100")
    return bands


def parse_roles(data: dict[str, Any], known_checks: Iterable[str], sources: Iterable[str], where: str = "roles.toml") -> RoleBook:
    """Validate the roles data into a RoleBook."""
    checks, known_sources = frozenset(known_checks), frozenset(sources)
    unknown = set(data) - {"default", "cap", "bands", "roles"}
    if unknown:
        raise ConfigError(f"{where}: unknown keys {sorted(unknown)}")
    roles = []
    for role_id, table in (data.get("roles") or {}).items():
        if not isinstance(table, dict) or set(table) - {"label", "summary", "weights", "must_have"}:
            raise ConfigError(f"{where}: roles.{role_id} must have only label, summary, weights and must_have")
        if not isinstance(table.get("label"), str) or not isinstance(table.get("summary"), str):
            raise ConfigError(f"{where}: roles.{role_id} needs a label and a summary")
        weights = _weights(role_id, table.get("weights"), known_sources, where)
        must = _must_haves(role_id, table.get("must_have", []), checks, where)
        roles.append(Role(role_id, table["label"], table["summary"], weights, must))
    if not roles:
        raise ConfigError(f"{where}: no roles")
    bands = _bands(data.get("bands"), where)
    book = RoleBook(tuple(roles), bands, str(data.get("default", roles[0].id)), str(data.get("cap", bands[0][0])).replace("-", " "))
    book.get(book.default)
    if book.cap not in {name for name, _ in bands}:
        raise ConfigError(f"{where}: cap {book.cap!r} is not a band")
    return book


@lru_cache(maxsize=1)
def load_roles() -> RoleBook:
    """The bundled roles, validated against the registered checks and the bundled sources."""
    from checks import all_checks

    return parse_roles(_read(ROLES_FILE), (s.id for s in all_checks()), source_ids(), str(ROLES_FILE))


def role_points(role: Role, portfolio: Sequence[DimensionScore]) -> float | None:
    """0-100: the weighted mean of the scored dimensions; unscored ones are left out and the weights renormalised."""
    total = weight = 0.0
    for item in portfolio:
        if item.score is None:
            continue
        total += item.score * role.weight(item.dimension)
        weight += role.weight(item.dimension)
    return round(total / weight * 10, 1) if weight else None


def no_evidence(portfolio: Sequence[DimensionScore]) -> tuple[Dimension, ...]:
    """The dimensions no check scored (left out of role scores)."""
    return tuple(item.dimension for item in portfolio if item.score is None)


def own_findings(report: Report) -> tuple[Finding, ...]:
    """Findings on the candidate's own repositories (forks left out) and the portfolio-wide findings."""
    repos = tuple(f for r in report.repos if not r.fork for f in r.findings)
    return repos + tuple(report.portfolio_findings)


def missing_must_haves(role: Role, findings: Sequence[Finding]) -> tuple[str, ...]:
    """Ids of the must-have checks the portfolio does not satisfy."""
    missing = []
    for must in role.must_haves:
        statuses = [f.status for f in findings if f.check_id == must.check_id and f.status.scored]
        if must.rule == "none-fail" and Status.FAIL in statuses:
            missing.append(must.check_id)
        if must.rule == "some-pass" and statuses and Status.PASS not in statuses:
            missing.append(must.check_id)
    return tuple(missing)


def band(score: float | None, missing: Sequence[str], book: RoleBook) -> str:
    """The band of a score; a missing must-have caps it at the book's cap."""
    if score is None:
        return NO_EVIDENCE
    name = [n for n, bound in book.bands if score >= bound][-1]
    order = [n for n, _ in book.bands]
    if missing and order.index(name) > order.index(book.cap):
        return book.cap
    return name


def role_score(role: Role, report: Report, book: RoleBook, target: bool = False) -> RoleScore:
    """Readiness for one role from the report's portfolio scores and findings."""
    score = role_points(role, report.portfolio)
    missing = missing_must_haves(role, own_findings(report))
    return RoleScore(role.id, role.label, score, band(score, missing, book), target, missing)


def role_scores(report: Report, target: str, book: RoleBook | None = None) -> tuple[RoleScore, ...]:
    """A RoleScore for every role, the target role first, then the others in file order."""
    book = book or load_roles()
    first = book.get(target)
    return (role_score(first, report, book, True),) + tuple(role_score(r, report, book) for r in book.roles if r is not first)
