"""Helpers for portfolio-scope checks: the candidate's own repositories and the values their findings carry."""

from __future__ import annotations

from readiness.facts.model import PortfolioFacts
from readiness.models import RepoReport, Status


def value(finding_values: tuple[tuple[str, str], ...], key: str) -> list[str]:
    """The comma-separated list stored under KEY in a finding's values."""
    for k, v in finding_values:
        if k == key:
            return [item for item in v.split(",") if item]
    return []


def own_repos(portfolio: PortfolioFacts) -> list[RepoReport]:
    """Repositories that are the candidate's: not forks, and not ones where the candidate authored no commit."""
    out = []
    for repo in portfolio.repos:
        if repo.fork:
            continue
        authorship = next((f for f in repo.findings if f.check_id == "ACT001"), None)
        if authorship is not None and authorship.status is Status.FAIL and value(authorship.values, "candidate_commits") == ["0"]:
            continue
        out.append(repo)
    return out


def repo_values(repo: RepoReport, check_id: str) -> tuple[Status | None, tuple[tuple[str, str], ...]]:
    """The status and values of one check's finding on REPO (None when the check did not run)."""
    finding = next((f for f in repo.findings if f.check_id == check_id), None)
    return (finding.status, finding.values) if finding else (None, ())
