"""A whole portfolio through the pipeline: every repository (cached, in workers), the portfolio checks, scores and guidance."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from checks import all_checks
from readiness import __version__
from readiness.facts.model import PortfolioFacts
from readiness.models import CheckInfo, CheckSpec, Person, Problem, Report, SkippedCheck
from readiness.pipeline import timing
from readiness.pipeline.timing import Progress
from readiness.pipeline.config import Config
from readiness.pipeline.reuse import generated_at
from readiness.pipeline.engine import run_checks
from readiness.pipeline.runner import RunOptions, assess_repos
from readiness.scoring import scores as scoring

if TYPE_CHECKING:
    from readiness.models import RepoReport, RepoScore
    from readiness.scoring.gaps import Fix
    from readiness.sources.local import RepoSource

SCHEMA_VERSION = "1.0"


def catalogue(specs: tuple[CheckSpec, ...]) -> tuple[CheckInfo, ...]:
    """The check catalogue included in reports."""
    return tuple(
        CheckInfo(s.id, s.slug, s.dimension, s.title, s.effort, s.weight, s.remediation, s.summary) for s in specs
    )


def prepare_portfolio_steps() -> None:
    """Import and load what the steps after the repositories need (guidance, curation, the role book, the sources):
    run while the workers assess, it is not waited for once they are done."""
    from readiness.advice.curation import with_curation  # noqa: F401
    from readiness.advice.rules import with_guidance  # noqa: F401
    from readiness.pipeline.storefront import summary  # noqa: F401
    from readiness.scoring.data import load_sources
    from readiness.scoring.roles import load_roles

    load_roles()
    load_sources()


def _single_fixes(repo: "RepoReport") -> "dict[Fix, RepoScore]":
    """The single-fix scores of one repository with the bundled roles (`scoring.gaps.single_fixes`)."""
    from readiness.scoring.gaps import single_fixes
    from readiness.scoring.roles import load_roles

    return single_fixes(repo, load_roles())


def assess(
    sources: list["RepoSource"],
    config: Config,
    subject: str,
    progress: Progress | None = None,
    candidate: Person | None = None,
    github: Any = None,
    problems: tuple[Problem, ...] = (),
    partial: bool = False,
    featured: tuple[str, ...] = (),
    run: "RunOptions | None" = None,
    storefront: Any = None,
) -> Report:
    """The whole pipeline over local sources (GITHUB: the account they came from): facts, checks, scores, one report."""
    specs = all_checks()
    active = tuple(s for s in specs if s.scope == "repo" and not config.skip_reason(s.id))
    portfolio_specs = tuple(s for s in specs if s.scope == "portfolio" and not config.skip_reason(s.id))
    skipped = tuple(SkippedCheck(s.id, s.slug, config.skip_reason(s.id) or "") for s in specs if config.skip_reason(s.id))
    kept = [s for s in sources if not config.excluded(s.name)]
    excluded = tuple(s.name for s in sources if config.excluded(s.name))
    known: dict[Fix, RepoScore] = {}  # each repository's single-fix scores, worked out as its report arrives (see single_fixes)
    repos = assess_repos(kept, active, candidate, run or RunOptions.of(config), progress,
                         meanwhile=prepare_portfolio_steps, each=lambda repo: known.update(_single_fixes(repo)))
    from readiness.advice.curation import with_curation
    from readiness.advice.rules import with_guidance
    from readiness.pipeline.storefront import summary as storefront_summary
    from readiness.scoring.roles import portfolio_scores, role_ranking

    if storefront is not None:  # the storefront checks compare the pins with the repositories ranked for the role
        storefront = replace(storefront, ranking=role_ranking(repos, config.role))
    portfolio_facts = PortfolioFacts(subject, candidate, tuple(repos), github, storefront)
    portfolio_findings = run_checks(portfolio_specs, portfolio_facts, "portfolio")
    shown = storefront_summary(storefront, repos) if storefront is not None else None
    with timing.stage("scoring"):
        scored = portfolio_scores(repos, portfolio_findings, featured, pinned=featured if shown and shown.featured_from == "pins" else ())
    report = Report(
        schema_version=SCHEMA_VERSION,
        tool_version=__version__,
        generated_at=generated_at(),
        subject=subject,
        repos=tuple(repos),
        portfolio=scored.dimensions,
        overall=scored.overall,
        aggregation=scoring.AGGREGATION,
        skipped_checks=skipped,
        excluded_repos=excluded,
        problems=tuple(problems) + tuple(Problem(f"could not be assessed: {r.error}", r.name) for r in repos if r.error),
        checks=catalogue(specs),
        portfolio_findings=portfolio_findings,
        partial=partial or any(r.error for r in repos),
        featured=tuple(featured),
        overall_band=scored.band,
        repo_scores=scored.repos,
        penalties=scored.penalties,
        storefront=shown,
    )
    with timing.stage("scoring"):
        return with_curation(with_guidance(report, config.role, config.background, config.degree, known=known))
