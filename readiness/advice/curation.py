"""The curation plan: what to pin, what to fix first, what to archive or make private, and a profile README outline,
every line from a finding already in the report (nothing is invented)."""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import replace

from checks.support.storefront import weak_reasons
from readiness.models import CurationPlan, Finding, PlanLine, RepoReport, Report, Status, StorefrontSummary

PIN_LIMIT = 6
FIX_LIMIT = 5
PROOF = {"DEP001": "a model deployed beyond the notebook", "TST001": "tested code", "BRD001": "a model trained and evaluated on held-out data",
         "ORG001": "data the candidate collected", "DOC004": "results reported with metrics", "NBK002": "notebooks that run in order"}
"""Passing checks that prove something a reviewer counts, strongest first, with what each proves."""
WORK = ("DEP001", "TST001", "BRD001", "ORG001")
"""The policy's work checks: a repository where none passes has nothing to salvage."""


def _finding(repo: RepoReport, check_id: str) -> Finding | None:
    """REPO's finding for CHECK_ID."""
    return next((f for f in repo.findings if f.check_id == check_id), None)


def _values(finding: Finding | None, key: str) -> str:
    """One value of a finding ('' when absent)."""
    return dict(finding.values).get(key, "") if finding is not None else ""


def _why(finding: Finding) -> str:
    """One line of why, from a finding: its check and message."""
    return f"{finding.check_id} {finding.message}"


def proof(repo: RepoReport) -> Finding | None:
    """The strongest passing finding of REPO (what it proves), if any."""
    for check_id in PROOF:
        found = _finding(repo, check_id)
        if found is not None and found.status is Status.PASS:
            return found
    return None


def archive_reason(repo: RepoReport) -> Finding | str | None:
    """Why REPO is better archived or private: a template, a fork with none of the candidate's commits, or — when no
    work check passes, so there is nothing to salvage — empty, coursework or broken at HEAD (the storefront checks'
    reasons, `checks.support.storefront.weak_reasons`)."""
    template = _finding(repo, "ORG002")
    if template is not None and template.status is Status.FAIL:
        return template
    authorship = _finding(repo, "ACT001")
    if repo.fork and authorship is not None and _values(authorship, "candidate_commits") == "0":
        return authorship
    if any((f := _finding(repo, c)) is not None and f.status is Status.PASS for c in WORK):
        return None
    reason = next((ev for kind, ev in weak_reasons(repo) if kind in ("empty", "coursework", "broken")), None)
    return reason.detail if reason is not None else None


def _ranking(report: Report) -> list[str]:
    """Own repositories best first: DOC014's ranking for the target role when the storefront was read, else the
    report's repository scores."""
    finding = next((f for f in report.portfolio_findings if f.check_id == "DOC014"), None)
    ranked = [n for n in _values(finding, "ranking").split(",") if n]
    scored = sorted((s for s in report.repo_scores if s.score is not None), key=lambda s: (-(s.score or 0.0), s.name))
    return ranked + [s.name for s in scored if s.name not in ranked]


def _stack(repos: list[RepoReport]) -> PlanLine | None:
    """The packages the code of REPOS imports (BRD001's imports), most used first."""
    counts: Counter[str] = Counter()
    for repo in repos:
        own = set(re.split(r"[-_.]", repo.name.lower()))  # the project's own package is not its stack
        try:
            names = json.loads(_values(_finding(repo, "BRD001"), "imports") or "{}").keys()
        except ValueError:
            continue
        counts.update(n for n in names if n not in sys.stdlib_module_names and n.lower() not in own)
    if not counts:
        return None
    names = [n for n, _ in counts.most_common(10)]
    return PlanLine("stack", "Stack used in code: " + ", ".join(names), "BRD001")


def _outline(report: Report, pins: list[tuple[RepoReport, Finding]]) -> tuple[PlanLine, ...]:
    """A profile README outline: the role with its strongest evidence, the stack imported by the code, three projects."""
    role = next((r for r in report.roles if r.target), None)
    lines = []
    if role is not None and pins:
        repo, found = pins[0]
        lines.append(PlanLine("role", f"Role: {role.label} — {PROOF[found.check_id]} in {repo.name} ({found.message})", found.check_id))
    stack = _stack([repo for repo, _ in pins] or [r for r in report.repos if not r.fork])
    if stack is not None:
        lines.append(stack)
    for repo, found in pins[:3]:
        link = f" ({repo.source})" if repo.source.startswith("https://") else ""
        lines.append(PlanLine("project", f"{repo.name}{link} proves {PROOF[found.check_id]}: {found.message}", found.check_id))
    return tuple(lines)


def curation_plan(report: Report) -> CurationPlan:
    """Pin, fix first, archive, and the profile README outline, for REPORT."""
    login = report.storefront.login.lower() if report.storefront is not None else ""
    repos = {r.name: r for r in report.repos if not r.error}
    archive = []
    for repo in repos.values():
        reason = archive_reason(repo) if repo.name.lower() != login else None
        if isinstance(reason, str):  # "NBK004: 2 saved error output(s) ..." or "empty: ..."
            check_id = reason.split(":", 1)[0]
            archive.append(PlanLine(repo.name, reason, check_id if check_id[:3].isupper() and check_id[3:].isdigit() else ""))
        elif reason is not None:
            archive.append(PlanLine(repo.name, _why(reason), reason.check_id))
    dropped = {line.repo for line in archive}
    pins = []
    for name in _ranking(report):
        repo = repos.get(name)
        shown = repo is not None and name not in dropped and name.lower() != login and not weak_reasons(repo)
        found = proof(repo) if shown else None  # never a fork, template, coursework, empty or broken repository
        if found is not None:
            pins.append((repo, found))
    pins = pins[:PIN_LIMIT]
    pin_lines = tuple(PlanLine(repo.name, f"shows {PROOF[found.check_id]}: {_why(found)}", found.check_id) for repo, found in pins)
    return CurationPlan(pin_lines, _fixes(report, [r.name for r, _ in pins], dropped), tuple(archive), _outline(report, pins))


def _fixes(report: Report, pinned: list[str], dropped: set[str]) -> tuple[PlanLine, ...]:
    """Red flags in shown repositories first, then each kept repository's biggest gap, largest gain first."""
    shown = set(pinned) | set(report.storefront.pinned if report.storefront else ())
    lines = [PlanLine(p.repo, f"red flag {p.check_id} (−{p.points:g}): {p.reason}", p.check_id)
             for p in report.penalties if p.repo in shown]
    repos = {r.name: r for r in report.repos}
    gaps = sorted((s for s in report.repo_scores if s.top_gap and s.name not in dropped and s.name in repos),
                  key=lambda s: (s.name not in shown, -s.top_gap_gain, s.name))
    for score in gaps:
        found = _finding(repos[score.name], score.top_gap)
        if found is not None and not any(line.repo == score.name and line.check_id == score.top_gap for line in lines):
            lines.append(PlanLine(score.name, f"{_why(found)} (+{score.top_gap_gain:g} points to its score)", score.top_gap))
    return tuple(lines[:FIX_LIMIT])


def with_curation(report: Report) -> Report:
    """REPORT with its curation plan (a storefront section is added when the report has none)."""
    if not report.repos:
        return report
    storefront = report.storefront or StorefrontSummary()
    return replace(report, storefront=replace(storefront, plan=curation_plan(replace(report, storefront=storefront))))
