"""Hand-built findings and reports for the role, gap and advice tests (no disk, no git)."""

from __future__ import annotations

from readiness.models import Dimension, Effort, Evidence, Finding, RepoReport, Report, Status
from readiness.scoring import scores as scoring
from readiness.scoring.roles import portfolio_scores


def make_finding(
    repo: str,
    check_id: str,
    status: Status = Status.PASS,
    *,
    points: float | None = None,
    weight: float = 1.0,
    effort: Effort = Effort.LOW,
    message: str = "",
    evidence: tuple[Evidence, ...] = (),
    dimension: Dimension | None = None,
) -> Finding:
    """A finding; the dimension follows the id's prefix and the points the status unless given."""
    dim = dimension or next(d for d in Dimension if check_id.startswith(d.prefix))
    if points is None and status.scored:
        points = 10.0 if status is Status.PASS else 0.0
    return Finding(
        check_id=check_id, slug=check_id.lower(), dimension=dim, title=f"title of {check_id}", repo=repo, status=status,
        message=message or f"{check_id} {status.value}", evidence=evidence, searched=(), points=points, weight=weight,
        effort=effort, remediation=f"fix {check_id}" if status is Status.FAIL else "",
    )


def make_report(repos: dict[str, list[Finding]], portfolio_findings: tuple[Finding, ...] = (), forks: tuple[str, ...] = ()) -> Report:
    """A report over REPOS (name -> findings), scored with the real scoring functions."""
    reports = tuple(
        RepoReport(name, f"local:{name}", "0" * 40, tuple(findings), scoring.dimension_scores(findings), (), 1, (), 1, fork=name in forks)
        for name, findings in repos.items()
    )
    scored = portfolio_scores(reports, portfolio_findings)
    return Report(
        schema_version="1.0", tool_version="test", generated_at="2026-01-01T00:00:00Z", subject="test", repos=reports,
        portfolio=scored.dimensions, overall=scored.overall, aggregation=scoring.AGGREGATION, skipped_checks=(),
        excluded_repos=(), problems=(), checks=(), portfolio_findings=portfolio_findings, overall_band=scored.band,
        repo_scores=scored.repos, penalties=scored.penalties,
    )
