"""A report with a posting's match: the role the posting is for, its degree requirement fed to the degree advice."""

from __future__ import annotations

import dataclasses

from readiness.advice.inputs import Background, DegreePlan
from readiness.advice.posting import Extraction
from readiness.advice.posting_match import match_posting
from readiness.advice.rules import with_guidance
from readiness.models import Report
from readiness.scoring.roles import load_roles


def posting_role(flag_role: str | None, extraction: Extraction, config_role: str | None) -> str:
    """The role to score: --role, else the role the posting's title names, else the configured role, else the default."""
    return flag_role or extraction.role or config_role or load_roles().default


def degree_notes(extraction: Extraction, background: Background, plan: DegreePlan) -> tuple[DegreePlan, tuple[str, ...]]:
    """The degree plan with the posting's must-have degree as a required credential, and what was assumed."""
    notes = []
    degree = next((r for r in extraction.requirements if r.kind == "degree"), None)
    years = next((r for r in extraction.requirements if r.kind == "years"), None)
    if years is not None:
        notes.append(f"The posting asks for {years.label}; readiness cannot read employment from code, so it is listed, not counted.")
    if degree is None:
        return plan, tuple(notes)
    strict = degree.importance == "must" and "equivalent" not in degree.label
    if strict and background.stem_degree:
        notes.append(f"The posting requires a {degree.label}; you state a STEM degree, so check its level against the posting.")
    elif strict and plan.credential_required is None:
        plan = dataclasses.replace(plan, credential_required=True)
        notes.append(f"The posting requires a {degree.label} with no 'or equivalent experience': the degree advice treats it as a required credential.")
    else:
        kind = "accepts equivalent experience" if "equivalent" in degree.label else "lists it as nice to have" if degree.importance == "nice" else "asks for it"
        notes.append(f"The posting {kind} ({degree.label}); the degree advice keeps your own inputs.")
    return plan, tuple(notes)


def with_posting(report: Report, extraction: Extraction, origin: str, flag_role: str | None, config_role: str | None,
                 background: Background, plan: DegreePlan) -> Report:
    """REPORT re-scored for the posting's role, with the degree advice and the posting's match."""
    role = posting_role(flag_role, extraction, config_role)
    plan, notes = degree_notes(extraction, background, plan)
    guided = with_guidance(report, role, background, plan)
    return dataclasses.replace(guided, match=match_posting(guided, extraction, origin, role, notes))
