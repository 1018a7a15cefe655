"""What a recruiter sees first on a GitHub profile: the pinned repositories (one GraphQL query) and the profile README.

GitHub's GraphQL API needs a token: with one, `PINNED_QUERY` reads the profile fields and up to six pinned
repositories in one request (the assessment's call formula gains exactly one); without one nothing is asked and the
profile README's links stand in for the pins. The profile README is the README of the `LOGIN/LOGIN` repository, which
the account's repository list already names, so reading it costs no API call (it is cloned like any other).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from readiness.models import Problem

PIN_LIMIT = 6
"""GitHub lets a profile pin at most six items."""

PINNED_QUERY = """\
query Storefront($login: String!) {
  user(login: $login) {
    login
    name
    bio
    company
    location
    websiteUrl
    pinnedItems(first: 6, types: [REPOSITORY]) {
      totalCount
      nodes {
        __typename
        ... on Repository {
          name
          nameWithOwner
          url
          description
          isFork
          isArchived
          isEmpty
          stargazerCount
          primaryLanguage {
            name
          }
        }
      }
    }
  }
}
"""
"""The one GraphQL query (validated against `@octokit/graphql-schema` by the tests)."""

NO_TOKEN = ("pinned repositories not read: GitHub's GraphQL API needs a token (--token, GH_TOKEN or GITHUB_TOKEN); "
            "the profile README's links stand in for the pins")


@dataclass(frozen=True, slots=True)
class Pin:
    """One pinned repository, as the GraphQL query returns it."""

    owner: str
    name: str
    url: str
    description: str | None = None
    fork: bool = False
    archived: bool = False
    empty: bool = False
    stars: int = 0
    language: str | None = None

    @property
    def full_name(self) -> str:
        """`owner/name`."""
        return f"{self.owner}/{self.name}"


@dataclass(frozen=True, slots=True)
class ProfileReadme:
    """The README of the `LOGIN/LOGIN` repository: its text (as the facts stage read it) and its links to own repositories."""

    repo: str
    path: str
    text: str
    links: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Storefront:
    """The candidate's storefront: profile fields, the pins (None when they could not be read) and the profile README."""

    login: str
    pins: tuple[Pin, ...] | None = None
    readme: ProfileReadme | None = None
    bio: str | None = None
    name: str | None = None
    note: str = ""
    """Why the pins are missing (no token, a failure), said once."""
    featured_from: str = ""
    """Which set the portfolio's best work was chosen from: "pins", "profile README", "portfolio README" or "" (all)."""
    ranking: tuple[tuple[str, float], ...] = field(default=())
    """Own repositories by their score for the target role, best first (set by the pipeline before the checks run)."""

    @property
    def pinned_names(self) -> tuple[str, ...]:
        """Names of the pinned repositories the candidate owns, in pin order."""
        return tuple(p.name for p in self.pins or () if p.owner.lower() == self.login.lower())


def parse_pins(data: Any, login: str) -> Storefront:
    """The storefront from a GraphQL answer's `data` (anything unexpected is skipped, never raised)."""
    user = data.get("user") if isinstance(data, dict) else None
    if not isinstance(user, dict):
        return Storefront(login, pins=(), note="GitHub's GraphQL API returned no user")
    nodes = ((user.get("pinnedItems") or {}).get("nodes")) or []
    pins = []
    for node in nodes:
        if not isinstance(node, dict) or node.get("__typename") != "Repository" or not node.get("name"):
            continue
        owner = str(node.get("nameWithOwner") or "/").split("/")[0]
        language = (node.get("primaryLanguage") or {}).get("name")
        pins.append(Pin(str(owner), str(node["name"]), str(node.get("url") or ""), node.get("description"),
                        bool(node.get("isFork")), bool(node.get("isArchived")), bool(node.get("isEmpty")),
                        int(node.get("stargazerCount") or 0), language))
    return Storefront(str(user.get("login") or login), pins=tuple(pins[:PIN_LIMIT]), bio=user.get("bio"), name=user.get("name"))


def read_pins(client: Any, login: str) -> tuple[Storefront, tuple[Problem, ...]]:
    """The pins and profile fields: one GraphQL request with a token, none without (said once, as a problem)."""
    if not client.authenticated:
        return Storefront(login, note=NO_TOKEN), (Problem(NO_TOKEN),)
    from readiness.sources.github import classify  # PyGithub is imported only when an account is read

    try:
        data = client.graphql(PINNED_QUERY, {"login": login})
    except Exception as exc:  # PyGithub, requests and json errors are classified, never shown raw
        failure = classify(exc, getattr(client, "_token", None))
        message = f"pinned repositories not read: {failure.message}"
        return Storefront(login, note=message), (Problem(message),)
    return parse_pins(data, login), ()
