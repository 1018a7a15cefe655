"""The storefront through the pipeline: the pins (one GraphQL query with a token), the profile README from the cloned
`LOGIN/LOGIN` repository, and which set becomes the featured best work (pins, else a README's links)."""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from readiness.facts import build_facts
from readiness.models import RepoReport, StorefrontSummary
from readiness.sources.account import featured_links
from readiness.sources.github_models import Account
from readiness.sources.local import RepoSource
from readiness.sources.storefront import ProfileReadme, Storefront


def pinned_featured(storefront: Storefront, account: Account) -> tuple[str, ...]:
    """The account's own pinned repositories, in pin order (pins of other accounts are not the candidate's projects)."""
    own = {r.name.lower(): r.name for r in account.repos}
    return tuple(own[name.lower()] for name in storefront.pinned_names if name.lower() in own)


def with_profile_readme(storefront: Storefront, account: Account, sources: Sequence[RepoSource]) -> Storefront:
    """STOREFRONT with the README of the cloned `LOGIN/LOGIN` repository, read through the facts stage, and its links."""
    login = account.profile.login
    source = next((s for s in sources if s.name.lower() == login.lower()), None)
    if source is None:
        return storefront
    facts = build_facts(source.path, sparse=source.sparse)
    if facts.readme is None:
        return storefront
    links, _ = featured_links(facts.readme.text, account, source.name)
    readme = ProfileReadme(f"{login}/{source.name}", facts.readme.path, facts.readme.text, links)
    return replace(storefront, readme=readme)


def choose_featured(storefront: Storefront, pinned: tuple[str, ...], portfolio: tuple[str, ...],
                    kept: set[str]) -> tuple[Storefront, tuple[str, ...]]:
    """The featured set: the pins when any was assessed, else a portfolio README's links, else the profile README's."""
    readme_links = storefront.readme.links if storefront.readme is not None else ()
    for origin, names in (("pins", pinned), ("portfolio README", portfolio), ("profile README", readme_links)):
        chosen = tuple(name for name in names if name in kept)
        if chosen:
            return replace(storefront, featured_from=origin), chosen
    return replace(storefront, featured_from=""), ()


def summary(storefront: Storefront, repos: Sequence[RepoReport]) -> StorefrontSummary:
    """The report's storefront section (the curation plan is added by the advice stage)."""
    names = {r.name for r in repos}
    pinned = tuple(n for n in storefront.pinned_names if n in names) if storefront.pins else ()
    readme = f"{storefront.readme.repo}/{storefront.readme.path}" if storefront.readme is not None else ""
    return StorefrontSummary(storefront.login, pinned, storefront.pins is not None, readme, storefront.featured_from, storefront.note)
