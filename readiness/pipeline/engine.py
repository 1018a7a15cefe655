"""Run checks over facts and stamp each verdict into a finding; a crashing check becomes an error."""

from __future__ import annotations

import os
import time
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Callable, Iterable

from readiness import __version__
from readiness.scoring import scores as scoring
from readiness.pipeline import timing
from readiness.advice.rules import with_guidance
from readiness.pipeline.config import Config
from readiness.facts import build_facts
from readiness.facts.model import PortfolioFacts
from readiness.models import CheckInfo, CheckSpec, Finding, Person, Problem, RepoReport, Report, SkippedCheck, Status, Verdict
from checks import all_checks

if TYPE_CHECKING:
    from readiness.sources.local import RepoSource
    from readiness.pipeline.runner import RunOptions

SCHEMA_VERSION = "1.0"


def stamp(spec: CheckSpec, subject: str, verdict: Verdict) -> Finding:
    """Turn a check's verdict into a finding about SUBJECT."""
    return Finding(
        check_id=spec.id,
        slug=spec.slug,
        dimension=spec.dimension,
        title=spec.title,
        repo=subject,
        status=verdict.status,
        message=verdict.message,
        evidence=verdict.evidence,
        searched=verdict.searched,
        points=verdict.points,
        weight=spec.weight,
        effort=spec.effort,
        remediation=spec.remediation if verdict.status is Status.FAIL or (verdict.points or 10) < 10 else "",
        values=tuple(verdict.values),
    )


def run_check(spec: CheckSpec, facts: Any, subject: str) -> Finding:
    """Run one check; any exception is reported as an error finding, never raised."""
    try:
        verdict = spec.fn(facts)
        if not isinstance(verdict, Verdict):
            raise TypeError(f"returned {type(verdict).__name__}, not a Verdict")
    except Exception as exc:  # a bug in one check must not stop the assessment
        verdict = Verdict(Status.ERROR, f"check failed: {type(exc).__name__}: {exc}"[:500])
    return stamp(spec, subject, verdict)


def run_checks(specs: Iterable[CheckSpec], facts: Any, subject: str) -> tuple[Finding, ...]:
    """Run every check in SPECS over FACTS."""
    return tuple(run_check(spec, facts, subject) for spec in specs)


def assess_repo_timed(source: "RepoSource", specs: tuple[CheckSpec, ...], candidate: Person | None = None) -> tuple[RepoReport, dict[str, float]]:
    """Facts, checks and scores for one repository, with the seconds each stage took.

    An unexpected failure becomes a report with the problem listed, so one repository never stops the run.
    """
    start = time.perf_counter()
    try:
        facts = build_facts(source.path, source.name, fork=source.fork, candidate=candidate, sparse=source.sparse)
    except Exception as exc:  # a bug or an unforeseen input: keep the rest of the portfolio
        failed_facts = RepoReport(
            source.name, source.origin, None, (), scoring.dimension_scores(()),
            (Problem(f"could not be assessed: {type(exc).__name__}: {exc}"[:300]),), 0, (), 0, source.fork,
        )
        return failed_facts, {"facts": time.perf_counter() - start}
    facts_done = time.perf_counter()
    findings = run_checks(specs, facts, source.name)
    checks_done = time.perf_counter()
    report = RepoReport(
        name=source.name,
        source=source.origin,
        head=facts.head,
        findings=findings,
        dimensions=scoring.dimension_scores(findings),
        problems=facts.problems,
        files_tracked=len(facts.files),
        files_skipped=facts.skipped,
        commits=len(facts.history.commits),
        fork=source.fork,
    )
    stages = {"facts": facts_done - start, "checks": checks_done - facts_done, "scoring": time.perf_counter() - checks_done}
    return report, stages


def generated_at() -> str:
    """Now in RFC 3339 UTC, or SOURCE_DATE_EPOCH for reproducible reports."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch and epoch.isdigit() else datetime.now(timezone.utc)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def catalogue(specs: tuple[CheckSpec, ...]) -> tuple[CheckInfo, ...]:
    """The check catalogue included in reports."""
    return tuple(
        CheckInfo(s.id, s.slug, s.dimension, s.title, s.effort, s.weight, s.remediation, s.summary) for s in specs
    )


def assess(
    sources: list["RepoSource"],
    config: Config,
    subject: str,
    progress: Callable[[str], None] | None = None,
    candidate: Person | None = None,
    github: Any = None,
    problems: tuple[Problem, ...] = (),
    partial: bool = False,
    featured: tuple[str, ...] = (),
    run: "RunOptions | None" = None,
) -> Report:
    """The whole pipeline over local sources (GITHUB: the account they came from): facts, checks, scores, one report."""
    specs = all_checks()
    active = tuple(s for s in specs if s.scope == "repo" and not config.skip_reason(s.id))
    portfolio_specs = tuple(s for s in specs if s.scope == "portfolio" and not config.skip_reason(s.id))
    skipped = tuple(SkippedCheck(s.id, s.slug, config.skip_reason(s.id) or "") for s in specs if config.skip_reason(s.id))
    kept = [s for s in sources if not config.excluded(s.name)]
    excluded = tuple(s.name for s in sources if config.excluded(s.name))
    from readiness.pipeline.runner import RunOptions, assess_repos

    repos = assess_repos(kept, active, candidate, run or RunOptions(config.jobs, config.report_cache), progress)
    portfolio_facts = PortfolioFacts(subject, candidate, tuple(repos), github)
    portfolio_findings = run_checks(portfolio_specs, portfolio_facts, "portfolio")
    with timing.stage("scoring"):
        portfolio = scoring.aggregate_portfolio(repos, portfolio_findings, featured)
    report = Report(
        schema_version=SCHEMA_VERSION,
        tool_version=__version__,
        generated_at=generated_at(),
        subject=subject,
        repos=tuple(repos),
        portfolio=portfolio,
        overall=scoring.overall(portfolio),
        aggregation=scoring.AGGREGATION,
        skipped_checks=skipped,
        excluded_repos=excluded,
        problems=tuple(problems),
        checks=catalogue(specs),
        portfolio_findings=portfolio_findings,
        partial=partial,
        featured=tuple(featured),
    )
    with timing.stage("scoring"):
        return with_guidance(report, config.role, config.background, config.degree)
