"""The facts-to-findings vocabulary: outcomes, efforts, dimensions, evidence, verdicts, check specs and findings."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from enum import Enum
from operator import attrgetter
from typing import Callable


class Status(str, Enum):
    """Outcome of one check on one repository (or the portfolio)."""

    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not-applicable"
    UNKNOWN = "unknown"
    ERROR = "error"

    @property
    def scored(self) -> bool:
        """Whether this outcome counts in a score (pass and fail only)."""
        return self in (Status.PASS, Status.FAIL)


class Effort(str, Enum):
    """How much work the remediation takes."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def units(self) -> int:
        """Effort as a number, used to rank gaps by gain per unit of effort."""
        return {"low": 1, "medium": 3, "high": 8}[self.value]


class Dimension(str, Enum):
    """What a check is evidence of; scores are kept per dimension."""

    DOCUMENTATION = "documentation"
    DEPLOYMENT = "deployment"
    TESTING = "testing"
    NOTEBOOKS = "notebooks"
    CODE_QUALITY = "code_quality"
    BREADTH = "breadth"
    ORIGINALITY = "originality"
    ACTIVITY = "activity"
    OPEN_SOURCE = "open_source"

    @property
    def prefix(self) -> str:
        """The check-id prefix that belongs to this dimension."""
        return DIMENSION_PREFIX[self]

    @property
    def label(self) -> str:
        """A human label such as 'code quality'."""
        return self.value.replace("_", " ")


DIMENSION_PREFIX = {
    Dimension.DOCUMENTATION: "DOC",
    Dimension.DEPLOYMENT: "DEP",
    Dimension.TESTING: "TST",
    Dimension.NOTEBOOKS: "NBK",
    Dimension.CODE_QUALITY: "COD",
    Dimension.BREADTH: "BRD",
    Dimension.ORIGINALITY: "ORG",
    Dimension.ACTIVITY: "ACT",
    Dimension.OPEN_SOURCE: "OSS",
}


def cell_label(index: int) -> str:
    """A notebook cell as people count it: 'cell 1' is the first (Jupyter's numbering); INDEX counts from 0."""
    return f"cell {index + 1}"


def location(path: str | None, line: int | None, cell: int | None) -> str:
    """A place as people read it, 'path:line [cell n]' with cells counted from 1 (empty when there is none)."""
    text = path or ""
    if line:
        text += f":{line}"
    if cell is not None:
        text += f" [{cell_label(cell)}]"
    return text


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where something was (or was not) found: a file, a line, a notebook cell, a short detail."""

    detail: str
    path: str | None = None
    line: int | None = None
    cell: int | None = field(default=None, metadata={"doc": "Index of the notebook cell, counted from 0 (the first cell "
                                                            "is 0); text, Markdown, HTML and SARIF show it counted from 1"})

    @property
    def where(self) -> str:
        """The location as people read it, 'path:line [cell n]' with cells counted from 1 (empty when there is none)."""
        return location(self.path, self.line, self.cell)

    def __reduce__(self) -> tuple:
        """Pickled as its fields and rebuilt by its constructor (a frozen dataclass's default state restore looks up
        its fields again for every object: a 1,000-repository run unpickles about 100,000 of these and Findings)."""
        return Evidence, (self.detail, self.path, self.line, self.cell)


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a check function returns: an outcome, a message, evidence and what was searched."""

    status: Status
    message: str
    evidence: tuple[Evidence, ...] = ()
    searched: tuple[str, ...] = ()
    score: float | None = None
    """0-10; None means 10 for pass and 0 for fail."""
    values: tuple[tuple[str, str], ...] = ()
    """Small structured results (e.g. ('level', 'partial'), ('domains', 'nlp,cv')) for reports and portfolio checks."""

    @property
    def points(self) -> float | None:
        """The 0-10 score this verdict contributes, or None when it is not scored."""
        if not self.status.scored:
            return None
        if self.score is not None:
            return max(0.0, min(10.0, float(self.score)))
        return 10.0 if self.status is Status.PASS else 0.0


Values = tuple[tuple[str, str], ...]


def passed(message: str, *evidence: Evidence, score: float | None = None, searched: tuple[str, ...] = (), values: Values = ()) -> Verdict:
    """Build a pass verdict."""
    return Verdict(Status.PASS, message, tuple(evidence), searched, score, values)


def failed(message: str, *evidence: Evidence, score: float | None = None, searched: tuple[str, ...] = (), values: Values = ()) -> Verdict:
    """Build a fail verdict."""
    return Verdict(Status.FAIL, message, tuple(evidence), searched, score, values)


def not_applicable(message: str, *evidence: Evidence, searched: tuple[str, ...] = (), values: Values = ()) -> Verdict:
    """Build a not-applicable verdict (left out of scores)."""
    return Verdict(Status.NOT_APPLICABLE, message, tuple(evidence), searched, None, values)


def unknown(message: str, *evidence: Evidence, searched: tuple[str, ...] = (), values: Values = ()) -> Verdict:
    """Build an unknown verdict: the property could not be observed (left out of scores)."""
    return Verdict(Status.UNKNOWN, message, tuple(evidence), searched, None, values)


@dataclass(frozen=True, slots=True)
class Person:
    """Who the portfolio belongs to, for telling the candidate's commits from others'."""

    login: str | None = None
    name: str | None = None
    emails: tuple[str, ...] = ()
    github_id: int | None = None


@dataclass(frozen=True, slots=True)
class CheckSpec:
    """A check's declaration: identity, documentation, remediation, effort, weight and function."""

    id: str
    slug: str
    dimension: Dimension
    title: str
    remediation: str
    effort: Effort
    weight: float
    doc: str
    scope: str
    fn: Callable = field(repr=False, compare=False)

    @property
    def summary(self) -> str:
        """The first paragraph of the documentation."""
        return self.doc.strip().split("\n\n")[0].replace("\n", " ") if self.doc else self.title


@dataclass(frozen=True, slots=True)
class Finding:
    """A verdict stamped with the check and the repository it is about."""

    check_id: str
    slug: str
    dimension: Dimension
    title: str
    repo: str
    status: Status
    message: str
    evidence: tuple[Evidence, ...]
    searched: tuple[str, ...]
    points: float | None
    weight: float
    effort: Effort
    remediation: str
    values: tuple[tuple[str, str], ...] = ()

    def __reduce__(self) -> tuple:
        """Pickled as its fields; rebuilt by `shared_finding`, so a report that comes back from a worker process
        holds one copy of each recurring string."""
        return shared_finding, _finding_parts(self)

    def shared(self) -> Finding:
        """This finding with its recurring strings shared (`shared_finding`)."""
        return shared_finding(*_finding_parts(self))


_finding_parts = attrgetter("check_id", "slug", "dimension", "title", "repo", "status", "message", "evidence", "searched", "points",
                            "weight", "effort", "remediation", "values")


def shared_finding(check_id: str, slug: str, dimension: Dimension, title: str, repo: str, status: Status, message: str,
                   evidence: tuple[Evidence, ...], searched: tuple[str, ...], points: float | None, weight: float, effort: Effort,
                   remediation: str, values: tuple[tuple[str, str], ...] = ()) -> Finding:
    """A Finding whose strings that recur in every repository's report (check id, slug, title, repository name,
    remediation, what was searched, value names) are shared: reports arrive one by one from workers, each with its own
    copies, and the parent holds them all until the end (about half the memory of a portfolio's reports)."""
    intern = sys.intern
    return Finding(intern(check_id), intern(slug), dimension, intern(title), intern(repo), status, message, evidence,
                   tuple(map(intern, searched)), points, weight, effort, intern(remediation), tuple((intern(k), v) for k, v in values))


@dataclass(frozen=True, slots=True)
class Problem:
    """Something that could not be read or done; recorded as data, never raised."""

    message: str
    path: str | None = None
