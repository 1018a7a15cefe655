"""The contribution finder as terminal text: the searches made, the gaps and stack they came from, the issues ranked
with their reasons, the ones probably taken, notes."""

from __future__ import annotations

from readiness.contributions import Contributions, IssueMatch
from readiness.models import Report
from readiness.sanitize import sanitize

USE_LABEL = {"contributed": "contributed to", "trains-with": "trains with", "imports": "imports", "infra": "uses", "declares": "declares only"}
STACK_SHOWN = 12


def contributions_of(report: Report) -> Contributions:
    """The report's contribution finder result (a renderer is only called with one)."""
    assert report.contributions is not None, "a contribute renderer needs a report with contributions"
    return report.contributions


def headline(report: Report, found: Contributions) -> list[str]:
    """The portfolio, the search budget as made and the rate limit."""
    made = found.calls_made
    return [
        f"Portfolio: {report.subject} · as of {found.as_of[:10]}",
        f"Searched {sum(1 for p in found.projects if p.searched)} of {len(found.projects)} project(s) in {made} of "
        f"{len(found.searches)} issue search(es) (budget {found.budget}, hard cap {found.cap}); search limit: {found.rate_limit}",
        f"Labels (any of): {', '.join(found.labels)}; open, unassigned, no linked pull request",
    ]


def stack_groups(found: Contributions) -> list[tuple[str, list[str]]]:
    """(how it is used, names with their repository counts) for the stack, strongest use first."""
    groups: dict[str, list[str]] = {}
    for item in found.stack:
        count = f" ({len(item.repos)})" if len(item.repos) > 1 else ""
        groups.setdefault(USE_LABEL[item.use], []).append(item.name + count)
    return [(use, names[:STACK_SHOWN] + ([f"… {len(names) - STACK_SHOWN} more"] if len(names) > STACK_SHOWN else [])) for use, names in groups.items()]


def issue_title(issue: IssueMatch) -> str:
    """'owner/name#123 Title'."""
    return f"{issue.repo}#{issue.number} {issue.title}"


def _issue(issue: IssueMatch) -> list[str]:
    """One issue: rank, title, labels, score, address, then its reasons."""
    labels = f" [{', '.join(issue.labels)}]" if issue.labels else ""
    lines = [f"  {issue.rank}. {issue_title(issue)}{labels} — score {issue.score:.1f}", f"     {issue.url}"]
    return lines + [f"     - {reason}" for reason in issue.reasons]


def render_contribute(report: Report) -> str:
    """The contribution finder's result of REPORT as text."""
    found = contributions_of(report)
    lines = ["readiness contribute", *headline(report, found), ""]
    if found.gaps:
        lines.append("Your gaps (what the issues should practise)")
        lines += [f"  {g.theme} {g.weight:.2f} — {g.reason}" for g in found.gaps]
        lines.append("")
    if found.stack:
        lines.append("Your stack")
        lines += [f"  {use}: {', '.join(names)}" for use, names in stack_groups(found)]
        lines.append("")
    open_issues = [i for i in found.issues if i.status == "open"]
    taken = [i for i in found.issues if i.status == "taken"]
    lines.append("Issues to take (best first)" if open_issues else "Issues to take: none found")
    for issue in open_issues:
        lines += _issue(issue)
    if taken:
        lines += ["", "Probably taken (the search payload shows someone on them)"]
        for issue in taken:
            lines += _issue(issue)
    lines += ["", "Searches"]
    for number, search in enumerate(found.searches, 1):
        state = f"{search.read} of {search.total} read" if search.status == "read" else search.status
        note = f" ({search.note})" if search.note else ""
        lines.append(f"  {number}. {state}{note}: {search.query}")
    if found.notes:
        lines += ["", "Notes", *[f"  - {n}" for n in found.notes]]
    return sanitize("\n".join(lines).rstrip() + "\n")
