"""Reports built by hand for the renderer tests: roles, gaps and advice filled in, hostile text, huge reports."""

from __future__ import annotations

import dataclasses

from readiness.models import (
    Advice,
    AdviceLine,
    CheckInfo,
    CostLine,
    Dimension,
    DimensionScore,
    Effort,
    Evidence,
    Finding,
    Gap,
    Problem,
    RepoReport,
    Report,
    RoleScore,
    SkippedCheck,
    Source,
    Status,
)

HOSTILE = (
    "<script>document.title='PWNED'</script><img src=x onerror=\"document.title='PWNED'\">"
    "<a href=\"javascript:document.title='PWNED'\">click</a>"
)
"""Text an attacker can put in repository names, README lines and notebook cells."""

ROLES = (
    RoleScore("ml-engineer", "ML engineer", 62.5, "almost ready", target=True, missing_must_haves=("DEP001",)),
    RoleScore("data-scientist", "Data scientist", 71.0, "ready"),
    RoleScore("data-engineer", "Data engineer", None, "not scored"),
)


def gaps_for(repo: str) -> tuple[Gap, ...]:
    """Two ranked gaps pointing at REPO."""
    return (
        Gap(1, "DEP001", "model-served", "A trained model is served behind an API", Dimension.DEPLOYMENT, (repo,), 8.5,
            Effort.MEDIUM, 2.83, "Wrap the model in a FastAPI endpoint and document how to call it.",
            (Evidence("model.pkl saved, never loaded", "train.py", 42),)),
        Gap(2, "DOC004", "readme-results", "The README reports results", Dimension.DOCUMENTATION, (repo, "tinystats"), 3.0,
            Effort.LOW, 3.0, "Add a table of metrics to the README."),
    )


ADVICE = Advice(
    role="ml-engineer",
    verdict="Build the portfolio first",
    summary="Two deployed projects close most of the gap; a degree adds little for this role.",
    lines=(AdviceLine("portfolio", "Deploy one model behind an API.", ("churn-model: DEP001 fail",), ("S1",)),),
    costs=(CostLine("Tuition", 30000.0, "two years at 15,000", "S2"), CostLine("Lost salary", 90000.0, "two years", "S2")),
    total_cost=120000.0,
    break_even_years=7.5,
    assumptions=("Salary uplift of 16,000 a year",),
    alternatives=(AdviceLine("course", "A short MLOps course.", (), ("S1",)),),
    sources=(Source("S1", "Seed article on ML portfolios", "section 2"), Source("S2", "Tuition survey", "2025")),
)


def fill(report: Report, repo: str = "churn-model") -> Report:
    """REPORT with hand-made roles, gaps and advice (the fields another stage fills)."""
    return dataclasses.replace(report, target_role="ml-engineer", roles=ROLES, gaps=gaps_for(repo), advice=ADVICE)


def _finding(repo: str, check_id: str, status: Status, message: str, evidence: tuple[Evidence, ...] = (), points: float | None = None) -> Finding:
    """A documentation finding."""
    if points is None and status.scored:
        points = 10.0 if status is Status.PASS else 0.0
    return Finding(check_id, check_id.lower() + "-slug", Dimension.DOCUMENTATION, f"Title of {check_id}", repo, status, message,
                   evidence, (), points, 1.0, Effort.LOW, "Do the thing." if status is Status.FAIL else "")


def repo_report(name: str, findings: tuple[Finding, ...], source: str = "/tmp/x") -> RepoReport:
    """A repository report with one documentation score."""
    scored = [f for f in findings if f.points is not None]
    score = sum(f.points for f in scored) / len(scored) if scored else None
    dims = tuple(DimensionScore(d, score if d is Dimension.DOCUMENTATION else None, len(scored) if d is Dimension.DOCUMENTATION else 0,
                                sum(f.status is Status.FAIL for f in findings) if d is Dimension.DOCUMENTATION else 0) for d in Dimension)
    return RepoReport(name, source, "a" * 40, findings, dims, (), 10, (), 3)


CHECKS = tuple(
    CheckInfo(f"DOC00{i}", f"doc00{i}-slug", Dimension.DOCUMENTATION, f"Title of DOC00{i}", Effort.LOW, 1.0, "Do the thing.", f"Summary of DOC00{i}.")
    for i in range(1, 4)
)


def tiny_report(name: str = "demo", text: str = "fine", findings_per_repo: int = 3, repos: int = 1, evidence: int = 2) -> Report:
    """A small hand-built report; NAME and TEXT go into names, messages, evidence, problems and the subject."""
    built = []
    for r in range(repos):
        repo = name if repos == 1 else f"{name}-{r}"
        findings = tuple(
            _finding(repo, f"DOC00{i % 3 + 1}", Status.FAIL if i % 2 else Status.PASS, f"{text} message {i}",
                     tuple(Evidence(f"{text} detail {j}", f"notebooks/{text[:20]}.ipynb", j + 1, j) for j in range(evidence)))
            for i in range(findings_per_repo)
        )
        built.append(repo_report(repo, findings))
    portfolio = tuple(DimensionScore(d, 5.0 if d is Dimension.DOCUMENTATION else None, 3, 1) for d in Dimension)
    report = Report(
        schema_version="1.0", tool_version="0.1.0", generated_at="2026-01-01T00:00:00Z", subject=f"portfolio of {name}",
        repos=tuple(built), portfolio=portfolio, overall=50.0, aggregation="mean of the best three",
        skipped_checks=(SkippedCheck("DOC003", "doc003-slug", f"reason {text}"),), excluded_repos=(f"old-{name}",),
        problems=(Problem(f"problem {text}", "README.md"),), checks=CHECKS,
    )
    return fill(report, built[0].name)
