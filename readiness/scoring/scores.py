"""Scores: check points to dimension scores gated by evidence of work, repository scores, and the best-work portfolio."""

from __future__ import annotations

from dataclasses import dataclass
from typing import AbstractSet, Callable, Iterable, Mapping, Sequence

from readiness.models import Dimension, DimensionScore, Finding, Penalty, RepoReport, RepoScore, Status
from readiness.scoring.policy import Policy, load_policy

AGGREGATION = (
    "A dimension scores the evidence of work (its evidence checks, e.g. the deployment level, tests run by CI, the "
    "candidate's own data) scaled by hygiene, which moves it by at most a quarter and cannot lift a dimension with "
    "no evidence; a repository's score is the weighted mean of its dimensions minus its red flags; the portfolio is "
    "its best work (the best repositories weighted 3:2:1, the featured ones when a portfolio README names them, "
    "forks left out; the pinned ones when the profile pins any, where a red flag weighs double and a notebook saved "
    "with errors is one) minus red flags anywhere; not-applicable, unknown and error outcomes are left out, never counted as zero."
)

Weights = Mapping[Dimension, float]


@dataclass(frozen=True, slots=True)
class PortfolioScore:
    """The portfolio's dimension scores, red-flag penalties and every repository's own score."""

    dimensions: tuple[DimensionScore, ...]
    penalties: tuple[Penalty, ...]
    repos: tuple[RepoScore, ...]
    penalty: float
    best: tuple[RepoReport, ...]


_DIMENSIONS = tuple(Dimension)
_INDEX = {d: i for i, d in enumerate(_DIMENSIONS)}
Row = tuple[Dimension, tuple[int, ...], int, int]
_ROWS: dict[int, tuple[Policy, dict[str, tuple[int, ...]], dict[str, Row]]] = {}


def _rows(policy: Policy) -> tuple[dict[str, tuple[int, ...]], dict[str, Row]]:
    """(check id -> the indices of the dimensions it is evidence of, check id -> its `_row` for the dimension it was
    first scored in), built once per policy and filled as checks are scored: scoring a finding is one look-up by a string."""
    cached = _ROWS.get(id(policy))
    if cached is None or cached[0] is not policy:
        anchors: dict[str, tuple[int, ...]] = {}
        for rule in policy.evidence:
            for check in rule.checks:
                anchors[check] = anchors.get(check, ()) + (_INDEX[rule.dimension],)
        cached = _ROWS[id(policy)] = (policy, anchors, {})
    return cached[1], cached[2]


def _row(check: str, dimension: Dimension, anchors: dict[str, tuple[int, ...]], policy: Policy) -> Row:
    """Where a finding of CHECK scored in DIMENSION goes in `_pooled`'s sums: (DIMENSION, the offsets of the dimensions it
    is evidence of, the offset of its own dimension's slot — evidence when that dimension has no evidence checks, else
    hygiene — or -1 when it is evidence of its own dimension, its dimension's index)."""
    own = _INDEX[dimension]
    mine = anchors.get(check, ())
    slot = -1 if own in mine else (1 if policy.evidence_checks(dimension) else 0)
    return dimension, tuple(4 * index for index in mine), 4 * own + 2 * slot if slot >= 0 else -1, own


def _pooled(weighted: Iterable[tuple[Finding, float]], policy: Policy) -> tuple[DimensionScore, ...]:
    """Dimension scores from findings, each weighted by its check weight times the weight of its repository."""
    anchors, rows = _rows(policy)
    size = len(_DIMENSIONS)
    sums = [0.0] * (4 * size)  # per dimension: evidence points, evidence weight, hygiene points, hygiene weight
    scored, failed = [0] * size, [0] * size
    fail = Status.FAIL
    for finding, factor in weighted:
        points = finding.points
        if points is None:
            continue
        row = rows.get(finding.check_id)
        if row is None or row[0] is not finding.dimension:
            row = _row(finding.check_id, finding.dimension, anchors, policy)
            rows.setdefault(finding.check_id, row)
        _, offsets, slot, own = row
        weight = finding.weight * factor
        scored[own] += 1
        if finding.status is fail:
            failed[own] += 1
        for at in offsets:
            sums[at] += points * weight
            sums[at + 1] += weight
        if slot >= 0:
            sums[slot] += points * weight
            sums[slot + 1] += weight
    share = policy.hygiene_share
    return tuple(_dimension(index, sums[4 * index:4 * index + 4], scored[index], failed[index], share) for index in range(size))


def _dimension(index: int, sums: Sequence[float], scored: int, failed: int, share: float) -> DimensionScore:
    """Dimension INDEX's score from its four sums (evidence points and weight, hygiene points and weight)."""
    total, weight, care_total, care_weight = sums
    score = None
    if weight:
        care = care_total / care_weight / 10 if care_weight else 1.0
        score = round(total / weight * (1 - share + share * care), 2)
    return DimensionScore(_DIMENSIONS[index], score, scored, failed)


def dimension_scores(findings: Sequence[Finding], policy: Policy | None = None) -> tuple[DimensionScore, ...]:
    """One DimensionScore per dimension, in the dimensions' order, gated by each dimension's evidence checks."""
    return _pooled(((f, 1.0) for f in findings), policy or load_policy())


def weighted(weights: Weights, dimensions: Sequence[DimensionScore]) -> float | None:
    """0-100: the weighted mean of the scored dimensions; unscored ones are left out and the weights renormalised."""
    total = weight = 0.0
    for item in dimensions:
        if item.score is not None and weights.get(item.dimension, 0):
            total += item.score * weights[item.dimension]
            weight += weights[item.dimension]
    return round(total / weight * 10, 1) if weight else None


def failing_checks(findings: Iterable[Finding]) -> frozenset[str]:
    """The ids of the checks that fail among FINDINGS."""
    return frozenset(f.check_id for f in findings if f.status is Status.FAIL)


def red_flags(findings: Iterable[Finding], repo: str, best: bool, policy: Policy | None = None, pinned: bool = False,
              failing: AbstractSet[str] | None = None) -> tuple[Penalty, ...]:
    """The red flags among one repository's findings (best-work ones only when the repository is in the best work,
    pinned ones only when it is PINNED); in a pinned repository, what a reviewer opens first, each weighs the
    policy's pinned factor times more. FAILING: the findings' `failing_checks`, when already known."""
    policy = policy or load_policy()
    failing = failing_checks(findings) if failing is None else failing
    factor = policy.pinned_factor if pinned else 1.0
    note = f" (pinned: ×{factor:g})" if factor != 1.0 else ""
    return tuple(
        Penalty(flag.check_id, repo, round(flag.penalty * factor, 1), flag.reason + note)
        for flag in policy.red_flags
        if flag.check_id in failing and (flag.scope == "repository" or (best and flag.scope == "best-work") or (pinned and flag.scope == "pinned"))
    )


def repo_points(findings: Sequence[Finding], shared: Sequence[Finding], weights: Weights, policy: Policy | None = None) -> float | None:
    """0-100 for one repository with the portfolio-wide findings, before red flags: its gated dimensions weighted;
    None when none of the judged checks could be scored (readiness cannot read the work: code in other languages);
    0 when an ownership check fails (not the candidate's work); at most the work cap when no work check passes."""
    policy = policy or load_policy()
    if policy.judged and not any(f.check_id in policy.judged and f.status.scored for f in findings):
        return None
    points = weighted(weights, _pooled(((f, 1.0) for f in (*findings, *shared)), policy))
    if points is None:
        return None
    if any(f.check_id in policy.ownership and f.status is Status.FAIL for f in findings):
        return 0.0
    if policy.work and not any(f.check_id in policy.work and f.status is Status.PASS for f in findings):
        return min(points, policy.work_cap)
    return points


def repo_score(repo: RepoReport, weights: Weights, band_of, policy: Policy | None = None, shared: Sequence[Finding] = ()) -> RepoScore:
    """One repository as a portfolio of its own: its points less every red flag in it, with its band."""
    policy = policy or load_policy()
    penalty = min(sum(p.points for p in red_flags(repo.findings, repo.name, True, policy)), policy.max_penalty)
    score = penalised(repo_points(repo.findings, shared, weights, policy), penalty)
    return RepoScore(repo.name, score, band_of(score), penalty)


class Digest:
    """One repository's findings (then SHARED, the portfolio-wide ones) laid out for what-ifs, which imagine every
    failing or part-marks finding of a fixed check on the repository a full pass (`scoring.gaps`).

    A fix changes only the dimensions its check's findings count in: the digest keeps each dimension's findings in
    order and adds up again only those dimensions, the same terms in the same order as `_pooled` over the fixed
    findings, so every figure is the same to the last bit without the findings rebuilt or the rest re-added."""

    def __init__(self, name: str, findings: Sequence[Finding], shared: Sequence[Finding] = (), policy: Policy | None = None) -> None:
        self.name, self.findings = name, tuple(findings)
        self.policy = policy = policy or load_policy()
        anchors, rows = _rows(policy)
        self.members: list[list[tuple[Finding, tuple[int, ...], int, int, bool]]] = [[] for _ in _DIMENSIONS]
        self.touches: dict[str, set[int]] = {}
        """An own check id -> the dimensions its findings count in."""
        everything = (*self.findings, *shared)
        for number, finding in enumerate(everything):
            row = rows.get(finding.check_id)
            if row is None or row[0] is not finding.dimension:
                row = _row(finding.check_id, finding.dimension, anchors, policy)
                rows.setdefault(finding.check_id, row)
            _, offsets, slot, own = row
            dims = (own,) if not offsets or offsets == (4 * own,) else tuple(dict.fromkeys((own, *(at // 4 for at in offsets))))
            mine = number < len(self.findings) and finding.repo == name
            entry = (finding, offsets, slot, own, mine)
            for index in dims:
                self.members[index].append(entry)
            if mine:
                self.touches.setdefault(finding.check_id, set()).update(dims)
        self.dimensions = _pooled(((f, 1.0) for f in everything), policy)
        self.judged = not policy.judged or any(f.check_id in policy.judged and f.status.scored for f in self.findings)
        self.failing = failing_checks(self.findings)
        self.stays = frozenset(f.check_id for f in self.findings if f.status is Status.FAIL and f.repo != name)
        """Failing checks with a finding about another repository, which no fix of this one turns into a pass."""
        self.gates = tuple((f, f.repo == name) for f in self.findings if f.check_id in policy.ownership or f.check_id in policy.work)

    @staticmethod
    def _after(finding: Finding, checks: AbstractSet[str], mine: bool) -> tuple[float | None, Status]:
        """FINDING's points and status once CHECKS are fixed (`gaps._fixed`; MINE: it is about this repository)."""
        status, points = finding.status, finding.points
        if mine and finding.check_id in checks and (
                status is Status.FAIL or (status is Status.PASS and (points or 0.0) < 10.0)):
            return 10.0, Status.PASS
        return points, status

    def pooled(self, checks: AbstractSet[str]) -> tuple[DimensionScore, ...]:
        """`dimension_scores` of the findings, then the shared ones, with CHECKS fixed."""
        touched: set[int] = set()
        for check in checks:
            touched.update(self.touches.get(check, ()))
        if not touched:
            return self.dimensions
        out = list(self.dimensions)
        for index in touched:
            sums, scored, failed, base = [0.0, 0.0, 0.0, 0.0], 0, 0, 4 * index
            for finding, offsets, slot, own, mine in self.members[index]:
                points, status = self._after(finding, checks, mine)
                if points is None:
                    continue
                weight = finding.weight  # `_pooled` multiplies it by 1.0, which changes no bit
                if own == index:
                    scored += 1
                    failed += status is Status.FAIL
                for at in offsets:
                    if at == base:
                        sums[0] += points * weight
                        sums[1] += weight
                if slot >= 0 and slot // 4 == index:
                    sums[slot - base] += points * weight
                    sums[slot - base + 1] += weight
            out[index] = _dimension(index, sums, scored, failed, self.policy.hygiene_share)
        return tuple(out)

    def points(self, checks: AbstractSet[str], weights: Weights) -> float | None:
        """`repo_points` of the findings, with the shared ones, with CHECKS fixed."""
        if not self.judged:
            return None
        points = weighted(weights, self.pooled(checks))
        if points is None:
            return None
        policy = self.policy
        after = [(f.check_id, self._after(f, checks, mine)[1]) for f, mine in self.gates]
        if any(check in policy.ownership and status is Status.FAIL for check, status in after):
            return 0.0
        if policy.work and not any(check in policy.work and status is Status.PASS for check, status in after):
            return min(points, policy.work_cap)
        return points

    def score(self, checks: AbstractSet[str], weights: Weights, band_of) -> RepoScore:
        """`repo_score` of the repository with CHECKS fixed (its red flags less the fixed ones)."""
        policy = self.policy
        failing = self.failing.difference(c for c in checks if c not in self.stays)
        penalty = min(sum(p.points for p in red_flags(self.findings, self.name, True, policy, False, failing)), policy.max_penalty)
        score = penalised(self.points(checks, weights), penalty)
        return RepoScore(self.name, score, band_of(score), penalty)


def best_points(best: Sequence[RepoReport], shared: Sequence[Finding], weights: Weights, policy: Policy | None = None,
                points_of: Callable[[RepoReport], float | None] | None = None) -> float | None:
    """0-100 for the best work (best first), before red flags: each repository's points weighted 3:2:1 (POINTS_OF
    may supply a repository's points already known, e.g. remembered across what-ifs)."""
    policy = policy or load_policy()
    points_of = points_of or (lambda r: repo_points(r.findings, shared, weights, policy))
    pairs = [(policy.best_work[i], points_of(r)) for i, r in enumerate(best)]
    pairs = [(a, p) for a, p in pairs if p is not None]
    return round(sum(a * p for a, p in pairs) / sum(a for a, _ in pairs), 1) if pairs else None


def best_work(scores: Sequence[RepoScore], featured: Sequence[str], size: int) -> tuple[str, ...]:
    """The repositories the portfolio is judged on: the featured ones when any is scored, else all; best first."""
    scored = [s for s in scores if s.score is not None]
    chosen = [s for s in scored if s.name in set(featured)] or scored
    ranked = sorted(chosen, key=lambda s: (-(s.score or 0.0), s.name))
    return tuple(s.name for s in ranked[:size])


def score_portfolio(
    repos: Sequence[RepoReport],
    portfolio_findings: Sequence[Finding],
    featured: Sequence[str],
    weights: Weights,
    band_of,
    policy: Policy | None = None,
    scores: Sequence[RepoScore] | None = None,
    pinned: Sequence[str] = (),
    dimensions: bool = True,
    failing: Mapping[str, AbstractSet[str]] | None = None,
) -> PortfolioScore:
    """The portfolio policy, in one place. Hiring managers read the best two or three projects and notice red
    flags anywhere, so: every own repository (forks left out) is scored on its own findings; the best work is the top len(best_work) repositories by that score (the featured ones
    when a portfolio README names them); a portfolio score is best_points over the best work (3:2:1, each with the
    portfolio-wide findings: breadth across projects, open source) less the red flags: scope "repository" wherever they are, "best-work" ones only there, "pinned" ones only in pinned repositories, at most max_penalty in all. A
    one-repository portfolio scores as that repository plus its portfolio-wide evidence. The dimensions shown pool the best work's findings
    (3:2:1) with the portfolio-wide ones. SCORES (the repositories' own scores) may be given when known (what-ifs).
    When the featured set is the PINNED repositories, a red flag in one of them weighs the policy's pinned factor more.
    Without DIMENSIONS the pooled dimension scores are left empty (what-ifs need only the best work and penalties).
    FAILING: each repository's `failing_checks`, when already known (what-ifs)."""
    policy = policy or load_policy()
    own = [r for r in repos if not r.fork]
    scores = list(scores) if scores is not None else [repo_score(r, weights, band_of, policy) for r in own]
    chosen = best_work(scores, featured, len(policy.best_work))
    rank = {name: i for i, name in enumerate(chosen)}
    by_name = {r.name: r for r in own}
    pool: list[tuple[Finding, float]] = [(f, policy.best_work[0]) for f in portfolio_findings] if dimensions else []
    for name in chosen if dimensions else ():
        pool.extend((f, policy.best_work[rank[name]]) for f in by_name[name].findings)
    pins = set(pinned)
    known = failing or {}
    penalties = tuple(p for r in own for p in red_flags(r.findings, r.name, r.name in rank, policy, r.name in pins, known.get(r.name)))
    ranked = tuple(
        RepoScore(s.name, s.score, s.band, s.penalty, rank[s.name] + 1 if s.name in rank else 0, s.top_gap, s.top_gap_gain)
        for s in scores
    )
    best = tuple(by_name[name] for name in chosen)
    return PortfolioScore(_pooled(pool, policy) if dimensions else (), penalties, ranked, total_penalty(penalties, policy), best)


def total_penalty(penalties: Iterable[Penalty], policy: Policy | None = None) -> float:
    """Points the red flags take off every portfolio score, at most the policy's max_penalty."""
    return min(sum(p.points for p in penalties), (policy or load_policy()).max_penalty)


def penalised(points: float | None, penalty: float) -> float | None:
    """POINTS less the red-flag PENALTY, never below 0."""
    return None if points is None else round(max(0.0, points - penalty), 1)
