"""The report vocabulary: scores, roles, gaps, advice, comparisons and the whole Report."""

from __future__ import annotations

from dataclasses import dataclass

from readiness.contributions import Contributions
from readiness.matching import PostingMatch
from readiness.model_core import Dimension, Effort, Evidence, Finding, Problem
from readiness.model_storefront import StorefrontSummary


@dataclass(frozen=True, slots=True)
class DimensionScore:
    """A 0-10 score for one dimension, with how many checks it rests on."""

    dimension: Dimension
    score: float | None
    scored_checks: int
    failed_checks: int


@dataclass(frozen=True, slots=True)
class RepoReport:
    """Everything the report says about one repository."""

    name: str
    source: str
    head: str | None
    findings: tuple[Finding, ...]
    dimensions: tuple[DimensionScore, ...]
    problems: tuple[Problem, ...]
    files_tracked: int
    files_skipped: tuple[tuple[str, int], ...]
    commits: int
    fork: bool = False
    error: str | None = None
    """Why the repository could not be assessed (its worker died or hit a limit); then it has no findings."""


@dataclass(frozen=True, slots=True)
class Penalty:
    """Points a red flag takes off: the check, the repository it is in, how many points and why."""

    check_id: str
    repo: str
    points: float
    reason: str


@dataclass(frozen=True, slots=True)
class RepoScore:
    """One repository's own 0-100 score and band, its red-flag penalty, its rank in the best work and biggest gap."""

    name: str
    score: float | None
    band: str
    penalty: float = 0.0
    best_work: int = 0
    top_gap: str = ""
    top_gap_gain: float = 0.0


@dataclass(frozen=True, slots=True)
class SkippedCheck:
    """A check switched off by configuration, with the mandatory reason."""

    check_id: str
    slug: str
    reason: str


@dataclass(frozen=True, slots=True)
class CheckInfo:
    """The catalogue entry of a check as shown in reports."""

    id: str
    slug: str
    dimension: Dimension
    title: str
    effort: Effort
    weight: float
    remediation: str
    summary: str


@dataclass(frozen=True, slots=True)
class Source:
    """A citable source for a figure or a rule (a seed article or a study in signals.md)."""

    id: str
    title: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class RoleScore:
    """Readiness for one target role, 0-100, with its band and any missing must-have checks."""

    role: str
    label: str
    score: float | None
    band: str
    target: bool = False
    missing_must_haves: tuple[str, ...] = ()
    uncapped: float | None = None
    penalty: float = 0.0


@dataclass(frozen=True, slots=True)
class Gap:
    """One ranked gap for the target role: what to fix, where, the points it is worth per unit of effort, and why it
    leads (priority: "must-have", "first-ask" — a check the role's reviewer asks about first that the best work lacks —
    or "")."""

    rank: int
    check_id: str
    slug: str
    title: str
    dimension: Dimension
    repos: tuple[str, ...]
    gain: float
    effort: Effort
    gain_per_effort: float
    advice: str
    evidence: tuple[Evidence, ...] = ()
    cap_lift: float = 0.0
    priority: str = ""


@dataclass(frozen=True, slots=True)
class AdviceLine:
    """One sentence of advice, traceable to portfolio evidence and to sources."""

    kind: str
    text: str
    evidence: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CostLine:
    """One item of the degree cost model, with the basis of the figure and its source."""

    label: str
    amount: float
    basis: str
    source: str


@dataclass(frozen=True, slots=True)
class Advice:
    """Degree-versus-portfolio advice for the target role."""

    role: str
    verdict: str
    summary: str
    lines: tuple[AdviceLine, ...] = ()
    costs: tuple[CostLine, ...] = ()
    total_cost: float | None = None
    break_even_years: float | None = None
    assumptions: tuple[str, ...] = ()
    alternatives: tuple[AdviceLine, ...] = ()
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True, slots=True)
class ScoreChange:
    """A score before and after, for the comparison with an earlier report (None when not scored)."""

    key: str
    label: str
    before: float | None
    after: float | None
    delta: float | None


@dataclass(frozen=True, slots=True)
class FindingChange:
    """One check on one repository whose outcome or score changed since the earlier report."""

    check_id: str
    slug: str
    title: str
    repo: str
    before: str
    after: str
    points_before: float | None
    points_after: float | None


@dataclass(frozen=True, slots=True)
class Comparison:
    """What improved and what regressed since an earlier report."""

    previous_generated_at: str
    previous_subject: str
    overall: ScoreChange
    dimensions: tuple[ScoreChange, ...] = ()
    roles: tuple[ScoreChange, ...] = ()
    improved: tuple[FindingChange, ...] = ()
    regressed: tuple[FindingChange, ...] = ()
    repos_added: tuple[str, ...] = ()
    repos_removed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    """The whole assessment: per-repo results, portfolio scores and what was skipped or failed."""

    schema_version: str
    tool_version: str
    generated_at: str
    subject: str
    repos: tuple[RepoReport, ...]
    portfolio: tuple[DimensionScore, ...]
    overall: float | None
    aggregation: str
    skipped_checks: tuple[SkippedCheck, ...]
    excluded_repos: tuple[str, ...]
    problems: tuple[Problem, ...]
    checks: tuple[CheckInfo, ...]
    portfolio_findings: tuple[Finding, ...] = ()
    partial: bool = False
    target_role: str | None = None
    roles: tuple[RoleScore, ...] = ()
    gaps: tuple[Gap, ...] = ()
    advice: Advice | None = None
    comparison: Comparison | None = None
    featured: tuple[str, ...] = ()
    """The featured repositories — the pins, else the links of a portfolio or profile README — in order: assessed first,
    they are the best work's candidates (storefront.featured_from says which set)."""
    overall_band: str = ""
    repo_scores: tuple[RepoScore, ...] = ()
    penalties: tuple[Penalty, ...] = ()
    match: PostingMatch | None = None
    """A job posting's requirements matched against the portfolio (readiness match)."""
    storefront: StorefrontSummary | None = None
    """Pins, profile README, the featured set scores used, and the curation plan."""
    contributions: Contributions | None = None
    """Open-source issues matched to the candidate's gaps and stack (readiness contribute)."""

    @property
    def pinned(self) -> tuple[str, ...]:
        """The pinned repositories when they are the featured set (their red flags weigh more)."""
        return self.storefront.pinned if self.storefront is not None and self.storefront.featured_from == "pins" else ()
