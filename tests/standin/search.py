"""A small evaluator for GitHub issue-search queries (`q=` of `GET /search/issues`)."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass

from .world import IssueOrPR

Predicate = Callable[[IssueOrPR], bool]


@dataclass(frozen=True)
class Term:
    """One query term: a qualifier (`key:value`, maybe negated) or free text."""

    key: str | None
    value: str
    negated: bool = False


def parse_query(q: str) -> list[Term]:
    """Split a query into terms, honouring double quotes and a leading `-` for negation."""
    try:
        tokens = shlex.split(q, posix=True)
    except ValueError:
        tokens = q.split()
    terms = []
    for token in tokens:
        negated = token.startswith("-") and len(token) > 1
        body = token[1:] if negated else token
        key, sep, value = body.partition(":")
        if sep and key.lower() in _QUALIFIERS and value:
            terms.append(Term(key.lower(), value, negated))
        else:
            terms.append(Term(None, token, False))
    return terms


def _is(value: str) -> Predicate:
    """Predicate for `is:` / `type:` / `state:` values."""
    v = value.lower()
    table: dict[str, Predicate] = {
        "pr": lambda i: i.is_pull_request,
        "pull-request": lambda i: i.is_pull_request,
        "issue": lambda i: not i.is_pull_request,
        "merged": lambda i: i.merged,
        "unmerged": lambda i: i.is_pull_request and not i.merged,
        "open": lambda i: i.state == "open",
        "closed": lambda i: i.state == "closed",
        "draft": lambda i: i.draft,
        "public": lambda i: True,
        "private": lambda i: False,
    }
    return table.get(v, lambda i: False)


def _no(value: str) -> Predicate:
    """Predicate for `no:` (missing metadata): assignee and label."""
    table: dict[str, Predicate] = {"assignee": lambda i: i.assignee is None, "label": lambda i: not i.labels}
    return table.get(value.lower(), lambda i: False)


def _linked(value: str) -> Predicate:
    """Predicate for `linked:pr` (an issue with a linked pull request) and `linked:issue`."""
    return (lambda i: not i.is_pull_request and i.linked_pr) if value.lower() == "pr" else (lambda i: i.is_pull_request and i.linked_pr)


def _labels(value: str) -> Predicate:
    """Predicate for `label:` with comma-separated alternatives (GitHub ORs them: label:"a","b")."""
    wanted = {v.strip().lower() for v in value.split(",") if v.strip()}
    return lambda i: any(x.lower() in wanted for x in i.labels)


def _owner_is(value: str) -> Predicate:
    """Predicate for `user:` / `org:` (repository owner)."""
    return lambda i: i.owner.lower() == value.lower()


_QUALIFIERS: dict[str, Callable[[str], Predicate]] = {
    "is": _is,
    "type": _is,
    "state": _is,
    "author": lambda v: (lambda i: i.author.lower() == v.lower()),
    "user": _owner_is,
    "org": _owner_is,
    "repo": lambda v: (lambda i: i.repo.lower() == v.lower()),
    "label": _labels,
    "no": _no,
    "linked": _linked,
}


def _text(value: str) -> Predicate:
    """Free text: case-insensitive substring of title or body."""
    needle = value.lower()
    return lambda i: needle in i.title.lower() or needle in (i.body or "").lower()


SCOPES = frozenset({"repo", "user", "org"})
"""Qualifiers that say where to search: GitHub ORs several of them (repo:a/b repo:c/d searches both)."""


def compile_query(q: str) -> Predicate:
    """A predicate selecting the items a GitHub issue search for `q` would return."""
    checks: list[tuple[Predicate, bool]] = []
    scopes: list[Predicate] = []
    for term in parse_query(q):
        pred = _text(term.value) if term.key is None else _QUALIFIERS[term.key](term.value)
        if term.key in SCOPES and not term.negated:
            scopes.append(pred)
        else:
            checks.append((pred, term.negated))
    return lambda item: all(pred(item) != negated for pred, negated in checks) and (not scopes or any(p(item) for p in scopes))


_SORT_KEYS: dict[str, Callable[[IssueOrPR], object]] = {
    "created": lambda i: i.created_at,
    "updated": lambda i: i.updated_at or i.closed_at or i.created_at,
    "comments": lambda i: i.comments,
}


def run_search(items: tuple[IssueOrPR, ...], q: str, sort: str | None, order: str | None) -> list[IssueOrPR]:
    """Matching items in GitHub's order (best match is approximated by newest first)."""
    pred = compile_query(q)
    hits = [i for i in items if pred(i)]
    key = _SORT_KEYS.get(sort or "", _SORT_KEYS["created"])
    ascending = (order or "desc").lower() == "asc" and sort in _SORT_KEYS
    hits.sort(key=lambda i: (key(i), i.id), reverse=not ascending)
    return hits
