"""Open-source checks over hand-built accounts; featured repositories in the portfolio policy; --portfolio end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checks.open_source import (
    external_projects_reached, issues_on_others_projects, merged_external_prs, recent_external_contribution,
)
from readiness.facts.model import PortfolioFacts
from readiness.models import Dimension, DimensionScore, RepoReport, Status
from readiness.scoring.roles import portfolio_scores
from readiness.scoring.scores import dimension_scores
from tests.guidance_helpers import make_finding
from readiness.sources.account import linked_repos, portfolio_target
from readiness.sources.github_models import Account, Contribution, Profile, SearchResult
from tests.factories import make_repo
from tests.standin import Repo
from tests.test_github import TOKEN, run_cli, sample_world
from tests.test_standin import make_standin, validated_digests, validator  # noqa: F401  (fixtures)

AS_OF = 1_780_000_000  # 2026-05-28
PROFILE = Profile("ada-learner", 4242, "Ada Learner", None, None, None, 3, 0, None)


def pr(repo: str, number: int, merged: str | None = "2026-05-01T00:00:00Z", association: str = "CONTRIBUTOR") -> Contribution:
    """A pull request search hit."""
    return Contribution(repo, number, f"change {number}", f"https://github.com/{repo}/pull/{number}", "pr", association,
                        "2026-04-01T00:00:00Z", merged, merged)


def issue(repo: str, number: int, association: str = "NONE") -> Contribution:
    """An issue search hit."""
    return Contribution(repo, number, f"bug {number}", f"https://github.com/{repo}/issues/{number}", "issue", association, "2026-01-01T00:00:00Z")


def facts(prs: list[Contribution] | None, issues: list[Contribution] | None = (), total: int | None = None) -> PortfolioFacts:
    """Portfolio facts with an account holding these search results (None: the search failed)."""
    merged = SearchResult("q-prs", total if total is not None else len(prs), tuple(prs)) if prs is not None else None
    found = SearchResult("q-issues", len(issues), tuple(issues)) if issues is not None else None
    return PortfolioFacts("s", PROFILE.person, (), Account(PROFILE, (), merged, found, AS_OF))


@pytest.mark.parametrize(
    ("prs", "status", "points"),
    [
        ([], Status.FAIL, 0.0),
        ([pr("acme/inside", 1, association="MEMBER")], Status.FAIL, 0.0),
        ([pr("numpy/numpy", 1)], Status.PASS, 6.0),
        ([pr("numpy/numpy", i) for i in range(3)], Status.PASS, 8.0),
        ([pr(f"o{i}/r", i) for i in range(5)], Status.PASS, 10.0),
    ],
)
def test_merged_external_prs(prs: list[Contribution], status: Status, points: float) -> None:
    """Outside merged pull requests count; organisation work is listed but not counted."""
    verdict = merged_external_prs(facts(prs))
    assert verdict.status is status and verdict.points == points
    assert verdict.searched == ("q-prs",)


def test_organisation_work_is_mentioned_not_counted() -> None:
    verdict = merged_external_prs(facts([pr("acme/inside", 1, association="MEMBER"), pr("numpy/numpy", 2)]))
    assert verdict.status is Status.PASS and "1 more in organisations" in verdict.message
    assert dict(verdict.values) == {"external": "1", "organisation": "1", "total": "2"}


@pytest.mark.parametrize(
    ("prs", "status", "points"),
    [
        ([], Status.NOT_APPLICABLE, None),
        ([pr("numpy/numpy", 1), pr("numpy/numpy", 2)], Status.FAIL, 5.0),
        ([pr("numpy/numpy", 1), pr("scipy/scipy", 2)], Status.PASS, 8.0),
        ([pr("a/x", 1), pr("b/y", 2), pr("c/z", 3)], Status.PASS, 10.0),
    ],
)
def test_external_projects_reached(prs: list[Contribution], status: Status, points: float | None) -> None:
    verdict = external_projects_reached(facts(prs))
    assert verdict.status is status and verdict.points == points


@pytest.mark.parametrize(
    ("merged", "status"),
    [("2026-05-01T00:00:00Z", Status.PASS), ("2025-05-01T00:00:00Z", Status.FAIL), (None, Status.NOT_APPLICABLE)],
)
def test_recent_external_contribution(merged: str | None, status: Status) -> None:
    verdict = recent_external_contribution(facts([pr("numpy/numpy", 1, merged=merged)] if merged else []))
    assert verdict.status is status


@pytest.mark.parametrize(
    ("issues", "status"),
    [([], Status.FAIL), ([issue("acme/x", 1, "MEMBER")], Status.FAIL), ([issue("scipy/scipy", 1)], Status.PASS), (None, Status.UNKNOWN)],
)
def test_issues_on_others_projects(issues: list[Contribution] | None, status: Status) -> None:
    assert issues_on_others_projects(facts([], issues)).status is status


def test_unknown_without_an_account_or_search() -> None:
    """A local assessment cannot see contributions; a failed search is unknown, never a fail."""
    local = PortfolioFacts("s", None, ())
    for fn in (merged_external_prs, external_projects_reached, recent_external_contribution, issues_on_others_projects):
        assert fn(local).status is Status.UNKNOWN
    assert merged_external_prs(facts(None)).status is Status.UNKNOWN


def test_capped_search_says_at_least() -> None:
    verdict = merged_external_prs(facts([pr(f"o{i}/r", i) for i in range(5)], total=1200))
    assert verdict.message.startswith("at least 5 merged")


def test_samples_have_unknown_open_source(sample_report) -> None:
    """The sample portfolio is local: every OSS finding is unknown."""
    oss = [f for f in sample_report.portfolio_findings if f.check_id.startswith("OSS")]
    assert len(oss) == 4 and {f.status for f in oss} == {Status.UNKNOWN}


# --------------------------------------------------------------------------- portfolio


def repo_report(name: str, score: float, fork: bool = False) -> RepoReport:
    """A repository report whose README check scored SCORE (and whose tests, a judged check, fail)."""
    findings = (make_finding(name, "DOC001", Status.PASS if score >= 5 else Status.FAIL, points=float(score)), make_finding(name, "TST001", Status.FAIL))
    return RepoReport(name, "x", None, findings, dimension_scores(findings), (), 0, (), 0, fork)


def test_featured_repositories_are_the_best_work() -> None:
    """With featured repositories, the best work is theirs; without, the best three of all, weighted 3:2:1."""
    repos = [repo_report("a", 9), repo_report("b", 8), repo_report("c", 7), repo_report("shown", 4)]
    doc = list(Dimension).index(Dimension.DOCUMENTATION)
    assert portfolio_scores(repos).dimensions[doc].score == round((9 * 3 + 8 * 2 + 7) / 6, 2)
    assert portfolio_scores(repos, (), ("shown",)).dimensions[doc].score == 4.0
    assert portfolio_scores(repos, (), ("not-assessed",)).dimensions[doc].score == round((9 * 3 + 8 * 2 + 7) / 6, 2)
    assert [s.best_work for s in portfolio_scores(repos).repos] == [1, 2, 3, 0]


def test_linked_repos_and_targets(tmp_path: Path) -> None:
    text = ("See [churn](https://github.com/ada-learner/churn-model) and github.com/ada-learner/tinystats.git, "
            "<https://github.com/ada-learner/churn-model>, https://github.com/sponsors/ada, https://github.com/numpy/numpy.")
    assert linked_repos(text) == [("ada-learner", "churn-model"), ("ada-learner", "tinystats"), ("numpy", "numpy")]
    assert portfolio_target("ada-learner/ada-learner")[:2] == ("ada-learner", "ada-learner")
    assert portfolio_target("https://github.com/ada-learner/showcase.git")[:2] == ("ada-learner", "showcase")
    assert portfolio_target(str(tmp_path)) == (None, None, tmp_path)


def test_portfolio_readme_features_its_links(make_standin, tmp_path: Path) -> None:
    """`--portfolio OWNER/NAME`: the README's links are assessed first, named on the report, and set depth."""
    showcase = make_repo(tmp_path / "showcase", {"README.md": (
        "# My ML work\n\n1. [Churn service](https://github.com/ada-learner/churn-model)\n"
        "2. [Stats library](https://github.com/ada-learner/tinystats)\n"
        "Also helped with https://github.com/numpy/numpy\n")})
    world = sample_world()
    world = type(world)(world.users, world.repos + (Repo("ada-learner", "showcase", 999, git_path=showcase),), world.items)
    standin = make_standin(world)
    result = run_cli(["assess", "--portfolio", "ada-learner/showcase", "--api-url", standin.url, "--format", "json"],
                     GH_TOKEN=TOKEN)
    assert result.returncode == 0, result.stderr[-2000:]
    data = json.loads(result.stdout)
    assert data["featured"] == ["churn-model", "tinystats"]
    assert [r["name"] for r in data["repos"]][:2] == ["churn-model", "tinystats"]
    assert any("numpy/numpy" in p["message"] for p in data["problems"])
    assert data["subject"] == "portfolio ada-learner/showcase of ada-learner"
