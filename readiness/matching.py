"""Plain frozen records of a job-posting match: the posting's requirements, each with its verdict and evidence."""

from __future__ import annotations

from dataclasses import dataclass

from readiness.model_core import location

VERDICTS = ("met", "partly-met", "missing", "not-checkable")
IMPORTANCE = ("must", "nice")


@dataclass(frozen=True, slots=True)
class Requirement:
    """One requirement read from a posting: a skill met by any of its alternatives, a degree or years of experience."""

    id: str
    """The skill ids joined by '|' (e.g. 'pytorch|tensorflow'), or 'degree' / 'years'."""
    label: str
    kind: str
    """skill, degree or years."""
    importance: str
    """must or nice."""
    alternatives: tuple[str, ...]
    group: str
    section: str
    """The posting section it was found under (empty before the first heading)."""
    line: int
    """Line of the posting text (after HTML was reduced to text), 1-based."""
    text: str
    """The posting's words for it (the line, shortened)."""


@dataclass(frozen=True, slots=True)
class MatchEvidence:
    """Where the candidate's repositories show a requirement: repository, what was found, file, line, cell."""

    repo: str
    detail: str
    path: str | None = None
    line: int | None = None
    cell: int | None = None

    @property
    def where(self) -> str:
        """'repo/path:line [cell n]', or the repository alone."""
        return f"{self.repo}/{location(self.path, self.line, self.cell)}" if self.path else self.repo


@dataclass(frozen=True, slots=True)
class RequirementMatch:
    """A requirement's verdict (met, partly-met, missing, not-checkable), why, and the evidence for it."""

    requirement: Requirement
    verdict: str
    reason: str
    evidence: tuple[MatchEvidence, ...] = ()
    matched: str | None = None
    """The alternative that met it best."""


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of one importance class the portfolio covers: met counts 1, partly met 0.5 (0-100)."""

    total: int
    met: int
    partly_met: int
    missing: int
    not_checkable: int
    percent: float | None
    """None when no requirement of this class can be checked from code."""


@dataclass(frozen=True, slots=True)
class MatchGap:
    """A requirement not (fully) met, ranked: must-haves first, then by effort; what to build and where."""

    rank: int
    requirement: str
    label: str
    importance: str
    verdict: str
    effort: str
    suggestion: str
    extend: str | None = None
    """The repository to extend, when one already has the groundwork."""
    source: str = ""


@dataclass(frozen=True, slots=True)
class PostingMatch:
    """The match of one job posting against the portfolio: coverage, each requirement, ranked gaps, notes."""

    posting: str
    title: str | None
    role: str
    must_have: Coverage
    nice_to_have: Coverage
    requirements: tuple[RequirementMatch, ...] = ()
    gaps: tuple[MatchGap, ...] = ()
    excluded: tuple[str, ...] = ()
    """Mentions the posting rules out ('no PhD required'), as 'label: posting words'."""
    notes: tuple[str, ...] = ()
    sources: tuple[tuple[str, str], ...] = ()
    """(id, title) of the sources the taxonomy groups used here cite."""
