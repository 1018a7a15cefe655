"""What one repository shows, for the breadth checks: domains, lifecycle stages, ML methods, data skills and curriculum areas (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from checks.support.code_graph import repo_paths
from checks.support.common import code_units
from checks.support.data_origin import data_origin
from checks.support.domains import domain_evidence
from checks.support.library import library_evidence, package_units
from checks.support.lifecycle import (AREAS, DOMAINS, MATH_CALLS, MATH_IMPORTS, RPA_IMPORTS, STAGES, index_units, is_test_path,
                                      method_evidence, primary_index, primary_units, skill_evidence, stage_evidence)
from readiness.facts.model import CodeFacts, RepoFacts
from readiness.models import Evidence


@dataclass(frozen=True, slots=True)
class Profile:
    """What one repository shows: domains, lifecycle stages, ML methods, data skills and curriculum areas."""

    domains: dict[str, list[Evidence]]
    stages: dict[str, list[Evidence]]
    methods: dict[str, list[Evidence]]
    skills: dict[str, list[Evidence]]
    areas: dict[str, list[Evidence]]

    def values(self) -> tuple[tuple[str, str], ...]:
        """The profile as verdict values (comma-separated lists, in a fixed order)."""
        return (
            ("domains", ",".join(d for d in DOMAINS if d in self.domains)),
            ("stages", ",".join(s for s in STAGES if s in self.stages)),
            ("methods", ",".join(sorted(self.methods))),
            ("data_skills", ",".join(sorted(self.skills))),
            ("areas", ",".join(a for a in AREAS if a in self.areas)),
        )


def _domain_units(facts: RepoFacts, units: list[CodeFacts]) -> tuple[list[CodeFacts], bool]:
    """The code a library's domains come from (its package, not the examples around it), and whether it is one."""
    if not library_evidence(facts):
        return units, False
    return package_units(facts, units)[0], True


def profile(facts: RepoFacts) -> Profile:
    """Domains, stages, methods, data skills and curriculum areas of one repository's own code."""
    units = primary_units(facts)
    index = primary_index(facts)
    tests = index_units([u for u in code_units(facts) if is_test_path(u.path)])
    stages = stage_evidence(facts, index, tests)
    domain_units, library = _domain_units(facts, units)
    datasets = [(s.dataset.domain, s.evidence) for s in data_origin(facts).datasets if s.dataset.domain]
    domain_index = index if domain_units is units else index_units(domain_units)
    domains = domain_evidence(facts, domain_units, domain_index, stages, [] if library else datasets, library)
    methods = method_evidence(index, stages, domains)
    skills = skill_evidence(facts, index, stages, domains)
    areas: dict[str, list[Evidence]] = {}
    math_calls = index.calls_ending(MATH_CALLS.__contains__, lambda name: name.startswith(("numpy.", "scipy.")))
    areas["applied-mathematics"] = index.imported(MATH_IMPORTS) + (math_calls if len(math_calls) >= 3 else [])
    areas["programming"] = _programming(facts)
    areas["ml-methods"] = [ev for evs in methods.values() for ev in evs[:1]]
    areas["ai-subdisciplines"] = [ev for d in ("nlp", "cv", "llm") for ev in domains.get(d, [])[:1]] + index.imported(RPA_IMPORTS)
    areas["data-skills"] = [ev for evs in skills.values() for ev in evs[:1]]
    return Profile(domains, stages, methods, skills, {a: evs for a, evs in areas.items() if evs})


def _programming(facts: RepoFacts) -> list[Evidence]:
    """Programming beyond notebooks: functions or classes in two or more modules, or a tested or packaged module."""
    modules = [m for m in facts.modules if not is_test_path(m.path) and (m.functions or m.classes)]
    tested = any(is_test_path(m.path) and m.functions for m in facts.modules)
    packaged = any(p in repo_paths(facts) for p in ("pyproject.toml", "setup.py", "setup.cfg"))
    if len(modules) >= 2 or (modules and (tested or packaged)):
        return [Evidence(f"{len(modules)} module(s) defining functions or classes", modules[0].path)]
    return []
