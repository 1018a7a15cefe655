"""The posting match as one self-contained HTML page: no script, no external resource, everything escaped."""

from __future__ import annotations

from readiness.models import Report
from readiness.report.html import CSP, STYLE, e
from readiness.report.match_text import LABEL, by_importance, coverage_text, headline

CLASS = {"met": "pass", "partly-met": "error", "missing": "fail", "not-checkable": "na"}


def _requirements(report: Report, importance: str) -> str:
    """A section with one block per requirement of an importance class."""
    assert report.match is not None
    chosen = by_importance(report.match, importance)
    if not chosen:
        return ""
    parts = [f"<h2>{LABEL[importance]} requirements</h2>"]
    for m in chosen:
        items = "".join(f"<li><span class=\"path\">{e(ev.where)}</span> {e(ev.detail)}</li>" for ev in m.evidence[:5])
        parts.append(
            f"<div class=\"finding {CLASS[m.verdict]}\"><span class=\"status\">{e(m.verdict)}</span> <strong>{e(m.requirement.label)}</strong>"
            f" — {e(m.reason)}<ul class=\"evidence\">{items}</ul>"
            f"<div class=\"muted\">posting line {m.requirement.line}: {e(m.requirement.text)}</div></div>"
        )
    return "".join(parts)


def render_match_html(report: Report) -> str:
    """The posting match of REPORT as HTML."""
    match = report.match
    assert match is not None, "render_match_html needs a report with a posting match"
    head = "".join(f"<p class=\"muted\">{e(line)}</p>" for line in headline(report, match))
    cov = (f"<table><tr><th></th><th>coverage</th></tr><tr><td>{LABEL['must']}</td><td>{e(coverage_text(match.must_have))}</td></tr>"
           f"<tr><td>{LABEL['nice']}</td><td>{e(coverage_text(match.nice_to_have))}</td></tr></table>")
    gaps = ""
    if match.gaps:
        rows = "".join(
            f"<tr><td class=\"num\">{g.rank}</td><td>{e(g.label)} ({e(g.verdict)})</td><td>{e(g.importance)}</td><td>{e(g.effort)}</td>"
            f"<td>{e('extend ' + g.extend if g.extend else 'new project')}</td><td>{e(g.suggestion)}</td></tr>" for g in match.gaps
        )
        gaps = f"<h2>What to build next</h2><table><tr><th>#</th><th>requirement</th><th>importance</th><th>effort</th><th>where</th><th>what to build</th></tr>{rows}</table>"
    excluded = f"<p><strong>Ruled out by the posting:</strong> {e('; '.join(match.excluded))}</p>" if match.excluded else ""
    notes = "".join(f"<li>{e(n)}</li>" for n in match.notes)
    if report.advice is not None:
        notes += f"<li>Degree or portfolio: <strong>{e(report.advice.verdict)}</strong> — {e(report.advice.summary)}</li>"
    sources = "".join(f"<li>[{e(sid)}] {e(title)}</li>" for sid, title in match.sources)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">"
        f"<title>Posting match: {e(match.title or match.posting)}</title><style>{STYLE}</style></head><body>"
        f"<h1>Posting match: {e(match.title or match.posting)}</h1>{head}{cov}"
        f"{_requirements(report, 'must')}{_requirements(report, 'nice')}{excluded}{gaps}"
        f"<h2>Notes</h2><ul>{notes}</ul><footer><ul>{sources}</ul></footer></body></html>\n"
    )
