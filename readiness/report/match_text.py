"""The posting match as terminal text: coverage, each requirement with its evidence, ranked gaps, notes, sources."""

from __future__ import annotations

from readiness.matching import Coverage, PostingMatch, RequirementMatch
from readiness.models import Report

MARK = {"met": "[x]", "partly-met": "[~]", "missing": "[ ]", "not-checkable": "[?]"}
LABEL = {"must": "Must-have", "nice": "Nice-to-have"}
EVIDENCE_LINES = 3


def coverage_text(cov: Coverage) -> str:
    """'80.0% (4 met, 1 partly met, 1 missing; 2 not checkable)', or a dash when nothing could be checked."""
    head = "—" if cov.percent is None else f"{cov.percent:.1f}%"
    tail = f"; {cov.not_checkable} not checkable" if cov.not_checkable else ""
    return f"{head} ({cov.met} met, {cov.partly_met} partly met, {cov.missing} missing{tail})"


def headline(report: Report, match: PostingMatch) -> list[str]:
    """The title lines: posting, portfolio, role readiness for the posting's role."""
    role = next((r for r in report.roles if r.role == match.role), None)
    score = f"{role.label} readiness {role.score:.1f}/100 ({role.band})" if role and role.score is not None else f"role {match.role}"
    return [f"Posting: {match.title or match.posting} ({match.posting})", f"Portfolio: {report.subject} · {score}"]


def by_importance(match: PostingMatch, importance: str) -> list[RequirementMatch]:
    """The requirements of one importance class, in posting order."""
    return [m for m in match.requirements if m.requirement.importance == importance]


def _requirement(m: RequirementMatch) -> list[str]:
    """One requirement: mark, label, verdict and reason, then its evidence lines."""
    lines = [f"  {MARK[m.verdict]} {m.requirement.label} — {m.verdict}: {m.reason}"]
    lines += [f"        {ev.where}  {ev.detail}" for ev in m.evidence[:EVIDENCE_LINES]]
    lines.append(f"        posting line {m.requirement.line}: {m.requirement.text}")
    return lines


def render_match(report: Report) -> str:
    """The posting match of REPORT as text (REPORT.match must be set)."""
    match = report.match
    assert match is not None, "render_match needs a report with a posting match"
    lines = ["readiness match", *headline(report, match), ""]
    lines += [f"{LABEL['must']} coverage: {coverage_text(match.must_have)}", f"{LABEL['nice']} coverage: {coverage_text(match.nice_to_have)}", ""]
    for importance in ("must", "nice"):
        chosen = by_importance(match, importance)
        if chosen:
            lines.append(f"{LABEL[importance]} requirements")
            for m in chosen:
                lines += _requirement(m)
            lines.append("")
    if match.excluded:
        lines += ["Ruled out by the posting", *[f"  - {x}" for x in match.excluded], ""]
    if match.gaps:
        lines.append("What to build next (must-haves first, then by effort)")
        for gap in match.gaps:
            where = f"extend {gap.extend}: " if gap.extend else "new project: "
            lines.append(f"  {gap.rank}. {gap.label} ({gap.importance}, {gap.verdict}, effort {gap.effort}) — {where}{gap.suggestion}")
        lines.append("")
    if match.notes:
        lines += ["Notes", *[f"  - {n}" for n in match.notes], ""]
    if report.advice is not None:
        lines += [f"Degree or portfolio: {report.advice.verdict} — {report.advice.summary}", ""]
    if match.sources:
        lines += ["Sources", *[f"  [{sid}] {title}" for sid, title in match.sources]]
    return "\n".join(lines).rstrip() + "\n"
