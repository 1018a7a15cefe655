"""One repository through the stages: facts, checks stamped into findings, dimension scores; a crashing check becomes an error."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Iterable

from readiness.facts import build_facts
from readiness.models import CheckSpec, Finding, Person, Problem, RepoReport, Status, Verdict
from readiness.scoring import scores as scoring

if TYPE_CHECKING:
    from readiness.sources.local import RepoSource


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
    except MemoryError:  # the repository's work is over its memory limit: the pool reports the repository
        raise
    except Exception as exc:  # a bug in one check must not stop the assessment
        verdict = Verdict(Status.ERROR, f"check failed: {type(exc).__name__}: {exc}"[:500])
    return stamp(spec, subject, verdict)


def run_checks(specs: Iterable[CheckSpec], facts: Any, subject: str) -> tuple[Finding, ...]:
    """Run every check in SPECS over FACTS."""
    return tuple(run_check(spec, facts, subject) for spec in specs)


def failed_report(source: "RepoSource", reason: str) -> RepoReport:
    """The entry of a repository that could not be assessed: no findings, the reason as its error and a problem."""
    reason = reason[:300]
    return RepoReport(source.name, source.origin, None, (), scoring.dimension_scores(()),
                      (Problem(f"could not be assessed: {reason}"),), 0, (), 0, source.fork, error=reason)


def assess_repo_timed(source: "RepoSource", specs: tuple[CheckSpec, ...], candidate: Person | None = None) -> tuple[RepoReport, dict[str, float]]:
    """Facts, checks and scores for one repository, with the seconds each stage took.

    An unexpected failure becomes a report with the problem listed, so one repository never stops the run.
    """
    start = time.perf_counter()
    costs: dict[str, float] = {}
    try:
        facts = build_facts(source.path, source.name, fork=source.fork, candidate=candidate, sparse=source.sparse, costs=costs)
    except MemoryError:
        raise
    except Exception as exc:  # a bug or an unforeseen input: keep the rest of the portfolio
        return failed_report(source, f"{type(exc).__name__}: {exc}"), {"facts": time.perf_counter() - start}
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
    return report, {**stages, **costs}
