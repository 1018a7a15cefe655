"""Ranked gaps for the target role: the role points a failing check is worth per unit of effort, per repository."""

from __future__ import annotations

import heapq
from dataclasses import replace
from typing import Sequence

from readiness.models import Dimension, DimensionScore, Evidence, Finding, Gap, RepoReport, Report, Status
from readiness.scoring import scores as scoring
from readiness.scoring.roles import Role, role_points

TOP = 5
PORTFOLIO = "portfolio"
EVIDENCE_PER_REPO = 2

Fix = tuple[str, str]
"""(repository name or 'portfolio', check id): a failing finding imagined as passing."""


def _fixed(finding: Finding, fixes: frozenset[Fix]) -> Finding:
    """The finding turned into a full pass when it is one of FIXES."""
    if (finding.repo, finding.check_id) in fixes and finding.status is Status.FAIL:
        return replace(finding, status=Status.PASS, points=10.0)
    return finding


def _rescored_repo(repo: RepoReport, fixes: frozenset[Fix]) -> RepoReport:
    """A repository with its fixed findings and its dimension scores recomputed."""
    if not any(name == repo.name for name, _ in fixes):
        return repo
    findings = tuple(_fixed(f, fixes) for f in repo.findings)
    return replace(repo, findings=findings, dimensions=scoring.dimension_scores(findings))


def rescore(report: Report, fixes: frozenset[Fix] = frozenset()) -> tuple[DimensionScore, ...]:
    """The portfolio's dimension scores if the findings in FIXES passed (a pure function over the report).

    Only the dimensions of the fixed checks are recomputed; the others are the report's own portfolio scores.
    """
    return _rescore(report, fixes, report.repos)


def _rescore(report: Report, fixes: frozenset[Fix], repos: Sequence[RepoReport]) -> tuple[DimensionScore, ...]:
    """`rescore` over REPOS (all the report's repositories, or those that can decide the touched dimensions)."""
    if not fixes:
        return report.portfolio
    dimension_of = {info.id: info.dimension for info in report.checks}
    touched = frozenset(dimension_of[check] for _, check in fixes if check in dimension_of)
    if len(touched) < len({check for _, check in fixes}):  # a check missing from the catalogue: recompute all
        touched = None  # type: ignore[assignment]
    names = {name for name, _ in fixes}
    rescored = [_rescored_repo(r, fixes) if r.name in names else r for r in repos]
    shared = tuple(_fixed(f, fixes) for f in report.portfolio_findings)
    return scoring.aggregate_portfolio(rescored, shared, report.featured, only=touched, base=report.portfolio)


class _WhatIf:
    """Role points after imagined fixes, re-scoring only the repositories that can change a dimension's score.

    A fix only raises the fixed repositories' scores, and a portfolio dimension is the mean of its best
    `scoring.DEPTH` scores, so the fixed repositories plus the current best DEPTH decide it: any other repository
    scores no more than each of those (which can only rise), and a tie changes which repository is named, not the
    sorted scores averaged. What-ifs then cost the same for 10 repositories or 1,000.
    """

    def __init__(self, role: Role, report: Report) -> None:
        self.role = role
        self.report = report
        self.dimension_of = {info.id: info.dimension for info in report.checks}
        own = [r for r in report.repos if not r.fork]
        featured = set(report.featured)
        self.position = {r.name: i for i, r in enumerate(report.repos)}
        self.contenders: dict[Dimension, frozenset[str]] = {}
        for index, dimension in enumerate(Dimension):
            pool = [r for r in own if r.name in featured and r.dimensions[index].score is not None]
            pool = pool or [r for r in own if r.dimensions[index].score is not None]
            best = heapq.nlargest(scoring.DEPTH, pool, key=lambda r, i=index: r.dimensions[i].score or 0.0)
            self.contenders[dimension] = frozenset(r.name for r in best)

    def points(self, fixes: frozenset[Fix]) -> float:
        """The role score after FIXES, with no evidence counted as 0 for the difference only."""
        dimensions = {self.dimension_of.get(check) for _, check in fixes}
        if None in dimensions:
            repos: Sequence[RepoReport] = self.report.repos
        else:
            keep = {name for name, _ in fixes}.union(*(self.contenders[d] for d in dimensions if d is not None))
            repos = [self.report.repos[i] for i in sorted(self.position[name] for name in keep if name in self.position)]
        return role_points(self.role, _rescore(self.report, fixes, repos)) or 0.0


def failing(report: Report) -> dict[str, list[Finding]]:
    """Failing findings on own repositories and the portfolio, grouped by check id (forks left out)."""
    groups: dict[str, list[Finding]] = {}
    own = [f for r in report.repos if not r.fork for f in r.findings] + list(report.portfolio_findings)
    for finding in own:
        if finding.status is Status.FAIL:
            groups.setdefault(finding.check_id, []).append(finding)
    return groups


def _sentence(findings: Sequence[Finding], must: bool, role: Role) -> str:
    """One advice sentence: each repository's own finding message and first evidence, then the remediation."""
    parts = []
    for f in findings:
        ev = f.evidence[0] if f.evidence else None
        detail = f" ({ev.where + ': ' if ev and ev.where else ''}{ev.detail})" if ev and ev.detail not in f.message else ""
        parts.append(f"{f.repo}: {f.message}{detail}")
    tail = f" A must-have for {role.label}." if must else ""
    return "; ".join(parts) + f" — {findings[0].remediation or 'see `readiness explain ' + findings[0].check_id + '`'}" + tail


def _evidence(findings: Sequence[Finding]) -> tuple[Evidence, ...]:
    """The first pieces of evidence of each finding, the repository named in the detail."""
    return tuple(
        Evidence(f"{f.repo}: {ev.detail}", ev.path, ev.line, ev.cell) for f in findings for ev in f.evidence[:EVIDENCE_PER_REPO]
    )


def _candidate(role: Role, what_if: _WhatIf, findings: list[Finding], base: float, must: bool) -> Gap | None:
    """A gap for one failing check: the repositories where fixing it pays, and the joint gain."""
    single = {f.repo: what_if.points(frozenset({(f.repo, f.check_id)})) - base for f in findings}
    useful = findings if must else ([f for f in findings if single[f.repo] > 0.05] or findings)
    gain = round(what_if.points(frozenset((f.repo, f.check_id) for f in useful)) - base, 1)
    if gain <= 0 and not must:
        return None
    first = useful[0]
    units = first.effort.units * len(useful)
    return Gap(
        rank=0, check_id=first.check_id, slug=first.slug, title=first.title, dimension=first.dimension,
        repos=tuple(f.repo for f in useful), gain=max(gain, 0.0), effort=first.effort,
        gain_per_effort=round(max(gain, 0.0) / units, 2), advice=_sentence(useful, must, role), evidence=_evidence(useful),
    )


def rank_gaps(report: Report, role: Role, missing_must_haves: Sequence[str] = (), top: int = TOP) -> tuple[Gap, ...]:
    """The top gaps for ROLE: missing must-haves first, then by role points gained per unit of effort."""
    what_if = _WhatIf(role, report)
    base = what_if.points(frozenset())
    gaps = []
    for check_id, findings in sorted(failing(report).items()):
        gap = _candidate(role, what_if, findings, base, check_id in missing_must_haves)
        if gap is not None:
            gaps.append(gap)
    gaps.sort(key=lambda g: (g.check_id not in missing_must_haves, -g.gain_per_effort, -g.gain, g.check_id))
    return tuple(replace(g, rank=i) for i, g in enumerate(gaps[:top], start=1))
