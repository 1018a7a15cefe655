"""The posting match as GitHub-flavoured Markdown; text from the posting and the repositories is escaped."""

from __future__ import annotations

from readiness.models import Report
from readiness.report.markdown import md
from readiness.report.match_text import LABEL, by_importance, coverage_text, headline

MARK = {"met": "✅", "partly-met": "🟡", "missing": "❌", "not-checkable": "❔"}


def render_match_markdown(report: Report) -> str:
    """The posting match of REPORT as Markdown."""
    match = report.match
    assert match is not None, "render_match_markdown needs a report with a posting match"
    lines = [f"# Posting match: {md(match.title or match.posting)}", ""] + [md(line) + "  " for line in headline(report, match)] + [""]
    lines += ["| | coverage |", "|---|---|", f"| {LABEL['must']} | {md(coverage_text(match.must_have))} |", f"| {LABEL['nice']} | {md(coverage_text(match.nice_to_have))} |", ""]
    for importance in ("must", "nice"):
        chosen = by_importance(match, importance)
        if not chosen:
            continue
        lines += [f"## {LABEL[importance]} requirements", "", "| | requirement | verdict | evidence |", "|---|---|---|---|"]
        for m in chosen:
            evidence = "<br>".join(f"`{md(ev.where)}` {md(ev.detail)}" for ev in m.evidence[:3]) or md(m.reason)
            lines.append(f"| {MARK[m.verdict]} | {md(m.requirement.label)} | {m.verdict}: {md(m.reason)} | {evidence} |")
        lines.append("")
    if match.excluded:
        lines += ["**Ruled out by the posting:** " + "; ".join(md(x) for x in match.excluded), ""]
    if match.gaps:
        lines += ["## What to build next", "", "| # | requirement | importance | effort | where | what to build |", "|---|---|---|---|---|---|"]
        for gap in match.gaps:
            where = f"extend {md(gap.extend)}" if gap.extend else "new project"
            lines.append(f"| {gap.rank} | {md(gap.label)} ({gap.verdict}) | {gap.importance} | {gap.effort} | {where} | {md(gap.suggestion)} |")
        lines.append("")
    lines += [f"- {md(n)}" for n in match.notes]
    if report.advice is not None:
        lines += [f"- Degree or portfolio: **{md(report.advice.verdict)}** — {md(report.advice.summary)}"]
    if match.sources:
        lines += ["", "Sources: " + "; ".join(f"[{md(sid)}] {md(title)}" for sid, title in match.sources)]
    return "\n".join(lines).rstrip() + "\n"
