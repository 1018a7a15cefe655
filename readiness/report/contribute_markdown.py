"""The contribution finder as GitHub-flavoured Markdown, and its top five for the Actions step summary; issue text
is escaped, and only issue addresses of the expected shape become links."""

from __future__ import annotations

import re

from readiness.contributions import Contributions, IssueMatch
from readiness.models import Report
from readiness.report.contribute_text import contributions_of, headline, stack_groups
from readiness.report.markdown import md

TOP = 5
ISSUE_URL = re.compile(r"https://[A-Za-z0-9.-]+(?::\d+)?/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+/issues/\d+")


def issue_link(issue: IssueMatch) -> str:
    """'[owner/name#123](url) Title', the link only for an https issue address."""
    ref = md(f"{issue.repo}#{issue.number}")
    linked = f"[{ref}]({issue.url})" if ISSUE_URL.fullmatch(issue.url) else ref
    return f"{linked} {md(issue.title)}"


def _table(issues: list[IssueMatch], why: int | None = None) -> list[str]:
    """A table of issues: rank, issue, labels, score and reasons (the first WHY of them, all when None)."""
    lines = ["| # | issue | labels | score | why |", "|---|---|---|---|---|"]
    for issue in issues:
        reasons = issue.reasons if why is None else issue.reasons[:why]
        lines.append(f"| {issue.rank} | {issue_link(issue)} | {md(', '.join(issue.labels)) or '—'} | {issue.score:.1f} | "
                     + "<br>".join(md(r) for r in reasons) + " |")
    return lines + [""]


def top_five(report: Report, found: Contributions | None = None) -> str:
    """The step summary's section: the five best open issues with their first two reasons."""
    found = found or contributions_of(report)
    best = list(found.open_issues[:TOP])
    lines = ["## Open-source issues to take", ""]
    if not best:
        lines += ["No open, unclaimed issue was found in the projects searched.", ""]
    else:
        lines += _table(best, why=2)
    lines.append(md(headline(report, found)[1]))
    lines += [f"- {md(n)}" for n in found.notes]
    return "\n".join(lines).rstrip() + "\n"


def render_contribute_markdown(report: Report) -> str:
    """The contribution finder's result of REPORT as Markdown."""
    found = contributions_of(report)
    lines = ["# Open-source issues to take", ""] + [md(line) + "  " for line in headline(report, found)] + [""]
    if found.gaps:
        lines += ["## Your gaps", "", "| theme | weight | from |", "|---|---|---|"]
        lines += [f"| {md(g.theme)} | {g.weight:.2f} | {md(g.reason)} |" for g in found.gaps] + [""]
    if found.stack:
        lines += ["## Your stack", ""] + [f"- **{md(use)}**: {md(', '.join(names))}" for use, names in stack_groups(found)] + [""]
    lines += ["## Issues to take", ""]
    lines += _table(list(found.open_issues)) if found.open_issues else ["None found in the projects searched.", ""]
    taken = [i for i in found.issues if i.status == "taken"]
    if taken:
        lines += ["## Probably taken", ""] + _table(taken)
    lines += ["## Searches", "", "| # | status | read | query |", "|---|---|---|---|"]
    for number, search in enumerate(found.searches, 1):
        status = md(search.status + (f" ({search.note})" if search.note else ""))
        lines.append(f"| {number} | {status} | {search.read} of {search.total} | {md(search.query)} |")
    lines.append("")
    lines += [f"- {md(n)}" for n in found.notes]
    return "\n".join(lines).rstrip() + "\n"
