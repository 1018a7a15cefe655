"""Target roles from roles.toml (validated strictly) and 0-100 role readiness scores with bands."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Sequence

from readiness.errors import ConfigError
from readiness.models import Dimension, DimensionScore, Finding, Penalty, RepoReport, RepoScore, Report, RoleScore, Status
from readiness.scoring.data import ROLES_FILE, _read, source_ids
from readiness.scoring.policy import KEYS as POLICY_KEYS
from readiness.scoring.scores import best_points, penalised, repo_score, score_portfolio, total_penalty, weighted

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
class FirstAsk:
    """A check a reviewer asks about first for a role: its gap leads when none of the best work passes it."""

    check_id: str
    reason: str
    source: str


@dataclass(frozen=True, slots=True)
class Role:
    """One target role: label, dimension weights, must-have checks and the checks a reviewer asks about first."""

    id: str
    label: str
    summary: str
    weights: tuple[Weight, ...]
    must_haves: tuple[MustHave, ...]
    first_asks: tuple[FirstAsk, ...] = ()

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


def _check_items(role_id: str, key: str, items: Any, known_checks: frozenset[str], where: str) -> list[dict[str, Any]]:
    """A role's list KEY of tables, each naming a registered check and giving a reason (stripped)."""
    if not isinstance(items, list):
        raise ConfigError(f"{where}: roles.{role_id}.{key} must be a list")
    for item in items:
        if not isinstance(item, dict) or item.get("check") not in known_checks:
            raise ConfigError(f"{where}: roles.{role_id}.{key} names {item!r}, which is not a registered check")
        if not isinstance(item.get("reason"), str) or not item["reason"].strip():
            raise ConfigError(f"{where}: roles.{role_id}.{key} {item['check']} needs a reason")
    return [{**item, "reason": item["reason"].strip()} for item in items]


def _must_haves(role_id: str, items: Any, known_checks: frozenset[str], where: str) -> tuple[MustHave, ...]:
    """Validate a role's must-have checks: a registered check id, a rule and a reason."""
    out = []
    for item in _check_items(role_id, "must_have", items, known_checks, where):
        if item.get("rule") not in RULES:
            raise ConfigError(f"{where}: roles.{role_id}.must_have {item['check']} needs rule in {RULES} and a reason")
        out.append(MustHave(item["check"], item["rule"], item["reason"]))
    return tuple(out)


def _first_asks(role_id: str, items: Any, known_checks: frozenset[str], sources: frozenset[str], where: str) -> tuple[FirstAsk, ...]:
    """Validate a role's first asks: registered check ids, each with a reason and a known source."""
    out = []
    for item in _check_items(role_id, "first_asks", items, known_checks, where):
        if item.get("source") not in sources:
            raise ConfigError(f"{where}: roles.{role_id}.first_asks {item['check']} needs a reason and a known source")
        out.append(FirstAsk(item["check"], item["reason"], item["source"]))
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
    unknown = set(data) - {"default", "cap", "bands", "roles", *POLICY_KEYS}  # the scoring policy's keys: policy.py reads them
    if unknown:
        raise ConfigError(f"{where}: unknown keys {sorted(unknown)}")
    roles = []
    for role_id, table in (data.get("roles") or {}).items():
        if not isinstance(table, dict) or set(table) - {"label", "summary", "weights", "must_have", "first_asks"}:
            raise ConfigError(f"{where}: roles.{role_id} must have only label, summary, weights, must_have and first_asks")
        if not isinstance(table.get("label"), str) or not isinstance(table.get("summary"), str):
            raise ConfigError(f"{where}: roles.{role_id} needs a label and a summary")
        weights = _weights(role_id, table.get("weights"), known_sources, where)
        must = _must_haves(role_id, table.get("must_have", []), checks, where)
        firsts = _first_asks(role_id, table.get("first_asks", []), checks, known_sources, where)
        roles.append(Role(role_id, table["label"], table["summary"], weights, must, firsts))
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
    return weighted({w.dimension: w.weight for w in role.weights}, portfolio)


def neutral_weights(book: RoleBook) -> dict[Dimension, float]:
    """Role-neutral weights for the overall score: each dimension's mean share across the roles."""
    shares = {d: 0.0 for d in Dimension}
    for role in book.roles:
        total = sum(w.weight for w in role.weights)
        for w in role.weights:
            shares[w.dimension] += w.weight / total / len(book.roles)
    return shares


def plain_band(score: float | None, book: RoleBook) -> str:
    """The band a 0-100 score falls in (no evidence when unscored)."""
    if score is None:
        return NO_EVIDENCE
    return [n for n, bound in book.bands if score >= bound][-1]


def cap_ceiling(book: RoleBook) -> float:
    """The highest score a missing must-have allows: just below the band above the cap band."""
    order = [n for n, _ in book.bands]
    above = order.index(book.cap) + 1
    return round(book.bands[above][1] - 0.1, 1) if above < len(order) else 100.0


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
    """The band of a score; a missing must-have caps it at the book's cap (role scores are capped the same way)."""
    name = plain_band(score, book)
    order = [n for n, _ in book.bands]
    if score is not None and missing and order.index(name) > order.index(book.cap):
        return book.cap
    return name


def capped(points: float | None, missing: Sequence[str], book: RoleBook) -> float | None:
    """POINTS lowered to the cap's ceiling when a must-have is missing, so score and band always agree."""
    if points is None or not missing:
        return points
    return min(points, cap_ceiling(book))


def role_score(role: Role, report: Report, book: RoleBook, target: bool = False) -> RoleScore:
    """Readiness for one role: the best work weighted for the role, less red flags, capped by missing must-haves."""
    penalty = total_penalty(report.penalties)
    ranked = sorted((s for s in report.repo_scores if s.best_work), key=lambda s: s.best_work)
    by_name = {r.name: r for r in report.repos}
    best = [by_name[s.name] for s in ranked if s.name in by_name]
    weights = {w.dimension: w.weight for w in role.weights}
    points = best_points(best, report.portfolio_findings, weights) if best else role_points(role, report.portfolio)
    uncapped = penalised(points, penalty)
    missing = missing_must_haves(role, own_findings(report))
    score = capped(uncapped, missing, book)
    return RoleScore(role.id, role.label, score, band(score, missing, book), target, missing, uncapped, penalty)


def role_scores(report: Report, target: str, book: RoleBook | None = None) -> tuple[RoleScore, ...]:
    """A RoleScore for every role, the target role first, then the others in file order."""
    book = book or load_roles()
    first = book.get(target)
    return (role_score(first, report, book, True),) + tuple(role_score(r, report, book) for r in book.roles if r is not first)


@dataclass(frozen=True, slots=True)
class Scored:
    """The portfolio scored role-neutrally: dimensions, overall score and band, repositories and red flags."""

    dimensions: tuple[DimensionScore, ...]
    overall: float | None
    band: str
    repos: tuple[RepoScore, ...]
    penalties: tuple[Penalty, ...]


def portfolio_scores(
    repos: Sequence[RepoReport], portfolio_findings: Sequence[Finding] = (), featured: Sequence[str] = (), book: RoleBook | None = None,
    pinned: Sequence[str] = (),
) -> Scored:
    """Score the portfolio with role-neutral weights (scores.score_portfolio holds the best-work policy); PINNED
    repositories' red flags weigh more."""
    book = book or load_roles()
    weights = neutral_weights(book)
    result = score_portfolio(repos, portfolio_findings, featured, weights, lambda s: plain_band(s, book), pinned=pinned)
    overall = penalised(best_points(result.best, portfolio_findings, weights), result.penalty)
    return Scored(result.dimensions, overall, plain_band(overall, book), result.repos, result.penalties)


def role_ranking(repos: Sequence[RepoReport], role_id: str | None = None, book: RoleBook | None = None) -> tuple[tuple[str, float], ...]:
    """Own repositories (forks left out) by their own score with ROLE's weights, less their red flags; best first."""
    book = book or load_roles()
    role = book.get(role_id or book.default)
    weights = {w.dimension: w.weight for w in role.weights}
    scored = [(r.name, repo_score(r, weights, lambda s: "").score) for r in repos if not r.fork and not r.error]
    return tuple(sorted(((n, s) for n, s in scored if s is not None), key=lambda pair: (-pair[1], pair[0])))
