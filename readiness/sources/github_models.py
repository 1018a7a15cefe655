"""A GitHub account as read from the API: profile, repositories, contributions and searches (plain frozen data)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from readiness.models import Person, Problem
from readiness.sources.github_auth import API_URL

INSIDER = frozenset({"OWNER", "MEMBER", "COLLABORATOR"})


@dataclass(frozen=True, slots=True)
class Profile:
    """The public profile, from `GET /users/{login}`."""

    login: str
    id: int
    name: str | None
    email: str | None
    blog: str | None
    created_at: str | None
    public_repos: int
    followers: int
    html_url: str | None

    @property
    def person(self) -> Person:
        """The candidate as the facts see them: login, name, public and noreply emails, id."""
        noreply = (f"{self.id}+{self.login}@users.noreply.github.com", f"{self.login}@users.noreply.github.com")
        emails = ((self.email.lower(),) if self.email else ()) + noreply
        return Person(self.login, self.name, emails, self.id)


@dataclass(frozen=True, slots=True)
class RepoInfo:
    """One owned repository, from the list payload only."""

    name: str
    full_name: str
    owner: str
    clone_url: str
    html_url: str
    default_branch: str | None
    fork: bool
    archived: bool
    size_kb: int
    language: str | None
    topics: tuple[str, ...]
    description: str | None
    homepage: str | None
    stars: int
    forks: int
    license: str | None
    has_pages: bool
    pushed_at: str | None
    created_at: str | None


@dataclass(frozen=True, slots=True)
class Contribution:
    """A pull request or issue the candidate opened in someone else's repository (a search hit)."""

    repo: str
    number: int
    title: str
    url: str
    kind: str
    association: str
    created_at: str | None
    closed_at: str | None = None
    merged_at: str | None = None

    @property
    def external(self) -> bool:
        """True unless the author is an owner, member or collaborator of the repository."""
        return self.association not in INSIDER


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One issue search: what it asked, GitHub's total and the hits read (at most 1,000)."""

    query: str
    total: int
    items: tuple[Contribution, ...]
    incomplete: bool = False

    @property
    def capped(self) -> bool:
        """True when GitHub found more than the hits that can be read (search stops at 1,000)."""
        return self.total > len(self.items)


@dataclass(frozen=True, slots=True)
class Account:
    """Everything gathered about one account; `partial` when some calls failed."""

    profile: Profile
    repos: tuple[RepoInfo, ...]
    merged_prs: SearchResult | None
    issues: SearchResult | None
    as_of: int
    problems: tuple[Problem, ...] = ()
    partial: bool = False
    api_url: str = API_URL
    calls_needed: int = 0


def external_repos(items: Iterable[Contribution]) -> list[str]:
    """Distinct repositories of external contributions, in order of first appearance."""
    seen: dict[str, None] = {}
    for item in items:
        if item.external:
            seen.setdefault(item.repo.lower(), None)
    return list(seen)
