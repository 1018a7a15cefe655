"""The contribution finder as one self-contained HTML page: no script, no external resource, everything escaped,
links only to issue addresses of the expected shape."""

from __future__ import annotations

from readiness.contributions import IssueMatch
from readiness.models import Report
from readiness.report.contribute_markdown import ISSUE_URL
from readiness.report.contribute_text import contributions_of, headline, stack_groups
from readiness.report.html import CSP, STYLE, e


def _issue_rows(issues: list[IssueMatch]) -> str:
    """A table of issues with their reasons."""
    rows = []
    for issue in issues:
        ref = e(f"{issue.repo}#{issue.number}")
        link = f"<a href=\"{e(issue.url)}\">{ref}</a>" if ISSUE_URL.fullmatch(issue.url) else ref
        reasons = "".join(f"<li>{e(r)}</li>" for r in issue.reasons)
        rows.append(f"<tr><td class=\"num\">{issue.rank}</td><td>{link} {e(issue.title)}</td><td>{e(', '.join(issue.labels))}</td>"
                    f"<td class=\"num\">{issue.score:.1f}</td><td><ul class=\"evidence\">{reasons}</ul></td></tr>")
    return "<table><tr><th>#</th><th>issue</th><th>labels</th><th>score</th><th>why</th></tr>" + "".join(rows) + "</table>"


def render_contribute_html(report: Report) -> str:
    """The contribution finder's result of REPORT as HTML."""
    found = contributions_of(report)
    head = "".join(f"<p class=\"muted\">{e(line)}</p>" for line in headline(report, found))
    gaps = "".join(f"<tr><td>{e(g.theme)}</td><td class=\"num\">{g.weight:.2f}</td><td>{e(g.reason)}</td></tr>" for g in found.gaps)
    gaps = f"<h2>Your gaps</h2><table><tr><th>theme</th><th>weight</th><th>from</th></tr>{gaps}</table>" if gaps else ""
    stack = "".join(f"<li><strong>{e(use)}</strong>: {e(', '.join(names))}</li>" for use, names in stack_groups(found))
    stack = f"<h2>Your stack</h2><ul>{stack}</ul>" if stack else ""
    issues = _issue_rows(list(found.open_issues)) if found.open_issues else "<p>None found in the projects searched.</p>"
    taken = [i for i in found.issues if i.status == "taken"]
    taken_html = f"<h2>Probably taken</h2>{_issue_rows(taken)}" if taken else ""
    searches = "".join(f"<tr><td class=\"num\">{n}</td><td>{e(s.status)}{e(' (' + s.note + ')') if s.note else ''}</td>"
                       f"<td class=\"num\">{s.read} of {s.total}</td><td><code>{e(s.query)}</code></td></tr>" for n, s in enumerate(found.searches, 1))
    notes = "".join(f"<li>{e(n)}</li>" for n in found.notes)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">"
        f"<title>Open-source issues to take: {e(report.subject)}</title><style>{STYLE}</style></head><body>"
        f"<h1>Open-source issues to take</h1>{head}{gaps}{stack}<h2>Issues to take</h2>{issues}{taken_html}"
        f"<h2>Searches</h2><table><tr><th>#</th><th>status</th><th>read</th><th>query</th></tr>{searches}</table>"
        f"<h2>Notes</h2><ul>{notes}</ul></body></html>\n"
    )
