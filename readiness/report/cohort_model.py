"""The cohort report: one small row per candidate taken from their own report, and what the cohort shares (role score
distributions and bands, the most common gaps, who is ready for which role); built from rows streamed back from disk
(readiness.report.cohort_stream), holding only bounded tallies, never every row or every report."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from itertools import chain, repeat
from sys import intern
from typing import Any, Iterable

from readiness.models import Dimension, DimensionScore, Gap, Report, RoleScore
from readiness.report.cohort_stream import Spool
from readiness.serialize import LoadError, from_data

COHORT_SCHEMA = "readiness-cohort/1"
READY_FROM = 60.0
"""A role is 'ready' from the first band whose lower bound is at least this (competitive and above)."""
BINS = 10


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A roster row that was skipped (or a column ignored): its row number and why."""

    row: int
    message: str


@dataclass(frozen=True, slots=True)
class GapRef:
    """One of a candidate's gaps for their target role, by check."""

    check_id: str
    title: str
    dimension: Dimension


@dataclass(frozen=True, slots=True)
class CandidateRow:
    """What the cohort report keeps of one candidate: scores, bands, gaps and where their own report is."""

    name: str
    row: int
    source: str
    report: str
    """Their own JSON report, relative to the output directory."""
    subject: str
    target_role: str | None
    overall: float | None
    partial: bool
    repos: int
    problems: int
    roles: tuple[RoleScore, ...]
    dimensions: tuple[DimensionScore, ...]
    gaps: tuple[GapRef, ...]

    @property
    def target(self) -> RoleScore | None:
        """The role score of the candidate's target role."""
        return next((r for r in self.roles if r.target), self.roles[0] if self.roles else None)

    def dimension(self, dimension: Dimension) -> float | None:
        """The portfolio's 0-10 score for DIMENSION (None when no check scored it)."""
        return next((d.score for d in self.dimensions if d.dimension is dimension), None)

    @property
    def summary(self) -> str:
        """One line: the target role's score and band, the repositories and the first gap."""
        target = self.target
        role = "no role score" if target is None else f"{target.label} {_num(target.score)} ({target.band})"
        gap = f"; first gap: {self.gaps[0].check_id} {self.gaps[0].title}" if self.gaps else "; no gap for the target role"
        partial = "; partial (something could not be read)" if self.partial else ""
        repos = "1 repository" if self.repos == 1 else f"{self.repos} repositories"
        return f"{role}; {repos}{gap}{partial}"


@dataclass(frozen=True, slots=True)
class CandidateFailure:
    """A candidate with no result, and why (an input error, or a task that kept failing)."""

    name: str
    row: int
    reason: str


@dataclass(frozen=True, slots=True)
class RoleSummary:
    """One role across the cohort: the spread of scores, the count per band, and who is ready for it."""

    role: str
    label: str
    scored: int
    mean: float | None
    median: float | None
    low: float | None
    high: float | None
    bands: tuple[tuple[str, int], ...]
    histogram: tuple[int, ...]
    """Candidates per 10-point bin of the role score, 0-10 ... 90-100."""
    ready: Spool[str]
    """Who is ready, in roster order (read back from disk)."""


@dataclass(frozen=True, slots=True)
class CommonGap:
    """A check that is a target-role gap for several candidates."""

    check_id: str
    title: str
    dimension: Dimension
    candidates: int
    share: float
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CohortReport:
    """The cohort: every candidate's row, what failed, what the roster got wrong, and the cohort-wide figures."""

    schema: str
    tool_version: str
    generated_at: str
    roster: str
    candidates: Spool[CandidateRow]
    """Every assessed candidate's row in roster order, read back from disk each time it is iterated."""
    failures: Spool[CandidateFailure]
    roster_problems: tuple[RowProblem, ...]
    roles: tuple[RoleSummary, ...]
    gaps: tuple[CommonGap, ...]
    dimensions: tuple[Dimension, ...]


def _num(value: float | None) -> str:
    """A 0-100 score as text, or a dash."""
    return "—" if value is None else f"{value:.0f}"


def candidate_row(report: Report, name: str, row: int, source: str, path: str) -> CandidateRow:
    """The cohort's row for one candidate, from their report's role scores, portfolio dimensions and gaps as they are."""
    return _row(name, row, source, path, report.subject, report.target_role, report.overall, report.partial,
                len(report.repos), len(report.problems), report.roles, report.portfolio, report.gaps)


def row_from_data(data: dict[str, Any], name: str, row: int, source: str, path: str) -> CandidateRow:
    """The same row from a JSON report already written, reading only the parts the row needs (not every finding)."""
    try:
        return _row(name, row, source, path, str(data["subject"]), data.get("target_role"), data.get("overall"),
                    bool(data.get("partial")), len(data["repos"]), len(data["problems"]),
                    from_data(tuple[RoleScore, ...], data.get("roles", [])),
                    from_data(tuple[DimensionScore, ...], data["portfolio"]), from_data(tuple[Gap, ...], data.get("gaps", [])))
    except (KeyError, TypeError) as exc:
        raise LoadError(f"not a readiness JSON report ({exc})") from None


def _row(name: str, row: int, source: str, path: str, subject: str, target_role: str | None, overall: float | None,
         partial: bool, repos: int, problems: int, roles: Iterable[RoleScore], portfolio: Iterable[DimensionScore],
         gaps: Iterable[Gap]) -> CandidateRow:
    """A CandidateRow with the recurring texts shared."""
    refs = tuple(GapRef(intern(g.check_id), intern(g.title), g.dimension) for g in gaps)
    return CandidateRow(name, row, source, path, subject, target_role, overall, partial, repos, problems, tuple(roles),
                        tuple(portfolio), refs)


def _bands() -> tuple[list[str], set[str]]:
    """The band names lowest first, and those that count as ready (lower bound at least READY_FROM)."""
    from readiness.scoring.roles import load_roles

    bands = load_roles().bands
    return [name for name, _ in bands], {name for name, bound in bands if bound >= READY_FROM}


def _nth(tally: Counter[float], n: int) -> float:
    """The Nth smallest score (from 0) of the scores counted in TALLY."""
    for value, count in sorted(tally.items()):
        if n < count:
            return value
        n -= count
    raise IndexError(n)


def _median(tally: Counter[float]) -> float:
    """statistics.median of the scores counted in TALLY (the middle one, or the mean of the middle two)."""
    n = tally.total()
    return _nth(tally, n // 2) if n % 2 else (_nth(tally, n // 2 - 1) + _nth(tally, n // 2)) / 2


def role_summaries(rows: Iterable[CandidateRow]) -> tuple[RoleSummary, ...]:
    """Per role (in the order the reports list them): mean, median, range, count per band, histogram, who is ready;
    from one pass over ROWS holding a count per distinct score (scores have one decimal: at most 1,001 a role) and
    the ready names spooled to disk."""
    order, ready_bands = _bands()
    scores: dict[str, Counter[float]] = {}
    labels: dict[str, str] = {}
    bands: dict[str, dict[str, int]] = {}
    ready: dict[str, Spool[str]] = {}
    for row in rows:
        for role in row.roles:
            labels.setdefault(role.role, role.label)
            counts = bands.setdefault(role.role, {})
            counts[role.band] = counts.get(role.band, 0) + 1
            if role.score is not None:
                scores.setdefault(role.role, Counter())[role.score] += 1
            if role.band in ready_bands:
                ready.setdefault(role.role, Spool(str)).put(row.name)
    summaries = []
    for role, label in labels.items():
        tally = scores.get(role, Counter())
        histogram = [0] * BINS
        for value, count in tally.items():
            histogram[min(BINS - 1, int(value // (100 / BINS)))] += count
        each = chain.from_iterable(repeat(value, count) for value, count in tally.items())
        seen = bands[role]
        names = order + sorted(b for b in seen if b not in order)
        summaries.append(RoleSummary(
            role, label, tally.total(), round(statistics.fmean(each), 1) if tally else None,
            round(_median(tally), 1) if tally else None, min(tally, default=None), max(tally, default=None),
            tuple((b, seen.get(b, 0)) for b in names), tuple(histogram), ready.get(role) or Spool(str)))
    return tuple(summaries)


def common_gaps(rows: Iterable[CandidateRow], total: int, limit: int = 15, names: int = 12) -> tuple[CommonGap, ...]:
    """The checks that are target-role gaps for the most candidates, with how many each affects and the first names;
    from one pass over ROWS holding, per check, a count and the first NAMES names."""
    found: dict[str, tuple[GapRef, list[int], list[str]]] = {}
    for row in rows:
        for gap in {g.check_id: g for g in row.gaps}.values():
            _, count, who = found.setdefault(gap.check_id, (gap, [0], []))
            count[0] += 1
            if len(who) < names:
                who.append(row.name)
    ranked = sorted(found.values(), key=lambda item: (-item[1][0], item[0].check_id))[:limit]
    return tuple(CommonGap(g.check_id, g.title, g.dimension, n, round(n / total, 3) if total else 0.0, tuple(who))
                 for g, (n,), who in ranked)


def build(rows: Spool[CandidateRow], failures: Spool[CandidateFailure], problems: Iterable[RowProblem], roster: str,
          tool_version: str, generated_at: str) -> CohortReport:
    """The cohort report from the candidates' rows and the failures as spooled (read back in roster order) and the
    roster's problems: the cohort-wide figures from passes over the rows, the rows themselves left on disk."""
    return CohortReport(COHORT_SCHEMA, tool_version, generated_at, roster, rows, failures, tuple(problems),
                        role_summaries(rows), common_gaps(rows, len(rows)), tuple(Dimension))
