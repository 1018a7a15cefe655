"""The storefront part of a report: what the profile pins and links, which set the best work came from, and the curation plan."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class PlanLine:
    """One line of the curation plan: a repository (or an outline section), what to do and why, from one finding."""

    repo: str
    why: str
    check_id: str = ""


@dataclass(frozen=True, slots=True)
class CurationPlan:
    """What to pin (at most six), what to fix first, what to archive or make private, and a profile README outline."""

    pin: tuple[PlanLine, ...] = ()
    fix: tuple[PlanLine, ...] = ()
    archive: tuple[PlanLine, ...] = ()
    outline: tuple[PlanLine, ...] = ()
    """Profile README lines filled from the evidence: `repo` is the section (role, stack, project)."""


@dataclass(frozen=True, slots=True)
class StorefrontSummary:
    """The profile as a reviewer meets it: the pins, the profile README, the featured set used for scoring, the plan."""

    login: str = ""
    pinned: tuple[str, ...] = ()
    """The candidate's own pinned repositories, in pin order (empty when nothing is pinned or the pins were not read)."""
    pins_read: bool = False
    profile_readme: str = ""
    """The profile README that was read (`LOGIN/LOGIN/README.md`), or empty."""
    featured_from: str = ""
    """Which set the best work was chosen from: "pins", "profile README", "portfolio README", or "" (every repository)."""
    note: str = ""
    plan: CurationPlan = CurationPlan()

    @property
    def best_work_set(self) -> str:
        """The featured set in words, for every format."""
        return {"pins": "the pinned repositories", "profile README": "the repositories the profile README links to",
                "portfolio README": "the repositories the portfolio README links to"}.get(self.featured_from,
                                                                                          "every repository, by score")
