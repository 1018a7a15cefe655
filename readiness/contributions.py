"""Plain frozen records of the contribution finder: the candidate's stack and gaps, the projects searched, the
searches made and the open issues found, ranked with the reason for each."""

from __future__ import annotations

from dataclasses import dataclass

ISSUE_STATUSES = ("open", "taken")
SEARCH_STATUSES = ("read", "failed", "refused", "not-made")


@dataclass(frozen=True, slots=True)
class StackItem:
    """A package or tool the candidate uses: how (imports, trains-with, declares, infra, contributed) and where."""

    name: str
    use: str
    """trains-with, imports, infra, declares or contributed (strongest first)."""
    repos: tuple[str, ...]
    where: str = ""
    """The first place it shows, 'repo/path:line', or the contribution's address."""


@dataclass(frozen=True, slots=True)
class GapTheme:
    """A kind of work the portfolio lacks (tests, docs, deployment ...), from its failing checks, 0-1 weight."""

    theme: str
    weight: float
    checks: tuple[str, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class Project:
    """An upstream repository searched for issues: why it was chosen and how familiar the candidate is with it."""

    repo: str
    """OWNER/NAME."""
    packages: tuple[str, ...]
    familiarity: float
    """0-1: contributed before or trains with it 1, imports it 0.8, an infrastructure tool 0.6, only declared 0.4."""
    reason: str
    searched: bool = False
    """Whether a search that covered it was read."""


@dataclass(frozen=True, slots=True)
class SearchCall:
    """One issue search: the query, GitHub's total, the hits read, and whether it was made and read."""

    query: str
    repos: tuple[str, ...]
    status: str
    """read, failed, refused (GitHub cannot search a repository it names) or not-made."""
    total: int = 0
    read: int = 0
    note: str = ""


@dataclass(frozen=True, slots=True)
class IssueMatch:
    """An open issue ranked for the candidate: its fit to the gaps, familiarity, freshness and the project's activity."""

    rank: int
    repo: str
    number: int
    title: str
    url: str
    labels: tuple[str, ...]
    themes: tuple[str, ...]
    """What the issue is about (tests, docs, deployment, code-quality, notebooks, beginner)."""
    score: float
    """0-100."""
    fit: float
    familiarity: float
    freshness: float
    activity: float
    reasons: tuple[str, ...]
    status: str = "open"
    """open, or taken when the search payload shows someone is on it (then `taken_because` says why)."""
    taken_because: str = ""
    created_at: str | None = None
    updated_at: str | None = None
    comments: int = 0


@dataclass(frozen=True, slots=True)
class Contributions:
    """What `readiness contribute` found: stack, gaps, projects, the search budget and calls, ranked issues, problems."""

    stack: tuple[StackItem, ...]
    gaps: tuple[GapTheme, ...]
    projects: tuple[Project, ...]
    searches: tuple[SearchCall, ...]
    issues: tuple[IssueMatch, ...]
    budget: int
    """Searches planned (one per batch of projects, within the hard cap)."""
    cap: int
    """The hard cap on searches (--max-searches)."""
    rate_limit: str
    """The search rate limit as read before searching ('10 a minute, 8 left'), or why it is unknown."""
    as_of: str
    labels: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    partial: bool = False

    @property
    def open_issues(self) -> tuple[IssueMatch, ...]:
        """The issues nobody seems to be working on, best first."""
        return tuple(i for i in self.issues if i.status == "open")

    @property
    def calls_made(self) -> int:
        """Searches sent to GitHub (read or failed)."""
        return sum(1 for s in self.searches if s.status != "not-made")
