"""Scores: 0-10 per check, per dimension per repository, per dimension for the portfolio."""

from __future__ import annotations

import heapq
from typing import Iterable, Sequence

from readiness.models import Dimension, DimensionScore, Finding, RepoReport, Status

DEPTH = 3
AGGREGATION = (
    f"Each dimension of the portfolio is the mean of its {DEPTH} best scores among the assessed repositories "
    "(forks left out; the repositories a portfolio README features, when given) and the portfolio-wide checks; a repository's dimension score is the weighted mean of its "
    "pass/fail check scores; not-applicable, unknown and error outcomes are left out, never counted as zero."
)


def dimension_score(dimension: Dimension, findings: Iterable[Finding]) -> DimensionScore:
    """Weighted mean (0-10) of the scored findings of one dimension."""
    total = weight = 0.0
    scored = failed = 0
    for finding in findings:
        if finding.dimension is not dimension or finding.points is None:
            continue
        total += finding.points * finding.weight
        weight += finding.weight
        scored += 1
        failed += finding.status is Status.FAIL
    return DimensionScore(dimension, round(total / weight, 2) if weight else None, scored, failed)


def dimension_scores(findings: Sequence[Finding]) -> tuple[DimensionScore, ...]:
    """One DimensionScore per dimension, in the dimensions' order."""
    return tuple(dimension_score(d, findings) for d in Dimension)


def aggregate_portfolio(
    repos: Sequence[RepoReport],
    portfolio_findings: Sequence[Finding] = (),
    featured: Sequence[str] = (),
    only: frozenset[Dimension] | None = None,
    base: Sequence[DimensionScore] = (),
) -> tuple[DimensionScore, ...]:
    """The portfolio policy, in one place: depth from the best repositories (the FEATURED ones when they are
    scored on a dimension: what a portfolio README links to is what the candidate asks to be judged on), forks excluded.

    With ONLY, just those dimensions are recomputed and the others are taken from BASE (a what-if for one fix).
    """
    own = [r for r in repos if not r.fork]
    featured_names = set(featured)
    chosen = [r for r in own if r.name in featured_names]
    shared = dimension_scores(portfolio_findings)
    out = []
    for index, dimension in enumerate(Dimension):
        if only is not None and dimension not in only and base:
            out.append(base[index])
            continue
        candidates = [r.dimensions[index] for r in chosen if r.dimensions[index].score is not None]
        if not candidates:
            candidates = [r.dimensions[index] for r in own if r.dimensions[index].score is not None]
        if shared[index].score is not None:
            candidates.append(shared[index])
        best = heapq.nlargest(DEPTH, candidates, key=lambda s: s.score or 0.0)
        score = round(sum(s.score or 0.0 for s in best) / len(best), 2) if best else None
        out.append(
            DimensionScore(dimension, score, sum(s.scored_checks for s in candidates), sum(s.failed_checks for s in candidates))
        )
    return tuple(out)


def overall(portfolio: Sequence[DimensionScore]) -> float | None:
    """0-100: the mean of the portfolio's scored dimensions (role weights come later)."""
    scores = [s.score for s in portfolio if s.score is not None]
    return round(sum(scores) / len(scores) * 10, 1) if scores else None
