"""GitHub-flavoured Markdown report, sized for a job summary: detail is trimmed to fit, never the summary or advice."""

from __future__ import annotations

import re

from readiness.models import (
    Advice,
    Comparison,
    DimensionScore,
    Finding,
    RepoReport,
    Report,
    Status,
)
from readiness.report.curation import best_work_line, plan_sections
from readiness.report.common import STATUS_LABEL, bar, money, score_text, signed, where
from readiness.report.summary import summary
from readiness.sanitize import sanitize

LIMIT = 1024 * 1024
"""GitHub refuses a step summary over 1 MiB (docs: workflow commands, 'Adding a job summary')."""

MARK = {Status.PASS: "✅", Status.FAIL: "❌", Status.NOT_APPLICABLE: "➖", Status.UNKNOWN: "❔", Status.ERROR: "⚠️"}
EVIDENCE_CAP = 5
"""Evidence lines per finding kept at the first trimming level."""

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#!|~&])")
_LEADING = re.compile(r"^(?:(?P<mark>[-+=])|(?P<num>\d+)(?P<dot>[.)]))")


def md(text: object) -> str:
    """Untrusted text made inert in Markdown: markup escaped, links and @mentions broken, one line."""
    flat = " ".join(sanitize(str(text)).split())
    escaped = _LEADING.sub(lambda m: "\\" + m["mark"] if m["mark"] else m["num"] + "\\" + m["dot"], _SPECIAL.sub(r"\\\1", flat))
    return escaped.replace("://", "\\://").replace("@", "@\u2060")


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A GFM table (cells already escaped)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines + [""]


def _summary(report: Report) -> list[str]:
    """Title, then the bottom line as in the terminal: scores with bands, red flags, verdict, top gaps, repositories."""
    lines = [f"# ML portfolio readiness: {md(report.subject)}", ""]
    if report.partial:
        lines += ["> [!WARNING]", "> Partial report: some data could not be collected (see Problems).", ""]
    s = summary(report)
    lines.append(f"**{md(s.overall)}**")
    if s.target:
        lines.append(f"  \n**Target role {md(s.target)}**")
    elif report.target_role:
        lines.append(f"  \nTarget role: {md(report.target_role)}")
    if s.red_flags:
        lines.append("  \n⚠️ Red flags: " + "; ".join(md(f) for f in s.red_flags))
    if s.verdict:
        lines.append(f"  \nDegree or portfolio? {md(s.verdict)}")
    lines += ["", f"<sub>readiness {report.tool_version} · {report.generated_at}</sub>", ""]
    if s.gaps:
        lines += ["**Top gaps**", ""] + [f"{g.split('. ', 1)[0]}\\. {md(g.split('. ', 1)[1])}" for g in s.gaps] + [""]
    if s.repos:
        lines += [f"**Repositories** (best work: {md(s.best_work or 'none scored')})", ""]
        lines += _table(["repository", "score", "band", "best work", "biggest gap"],
                        [[md(r.name), r.score, md(r.band), md(r.best), md(r.gap)] for r in s.repos])
    return lines


def _curation(report: Report) -> list[str]:
    """Which set the best work came from and the curation plan (never trimmed: it is the to-do list)."""
    sections = plan_sections(report)
    head = best_work_line(report)
    if not sections and not head:
        return []
    lines = ["## Curation plan", "", md(head), ""] if head else ["## Curation plan", ""]
    for title, items in sections:
        lines += [f"**{title}**", ""] + [f"- **{md(name)}**: {md(why)}" for name, why, _ in items] + [""]
    return lines


def _roles(report: Report) -> list[str]:
    """Readiness per role."""
    if not report.roles:
        return []
    rows = [
        [md(r.label) + (" (target)" if r.target else ""), score_text(r.score, 100), f"`{bar(r.score, 10, 100)}`", md(r.band),
         ", ".join(md(m) for m in r.missing_must_haves) or "—"]
        for r in report.roles
    ]
    return ["## Readiness by role", ""] + _table(["role", "score", "", "band", "missing must-haves"], rows)


def _dimensions(report: Report) -> list[str]:
    """The portfolio's dimension scores."""
    rows = [
        [d.dimension.label, score_text(d.score), f"`{bar(d.score)}`" if d.score is not None else "", str(d.scored_checks), str(d.failed_checks)]
        for d in report.portfolio
    ]
    return ["## Portfolio by dimension", ""] + _table(["dimension", "score", "", "checks scored", "failing"], rows) + [f"<sub>{md(report.aggregation)}</sub>", ""]


def _comparison(comparison: Comparison | None) -> list[str]:
    """What improved and what regressed since the earlier report."""
    if comparison is None:
        return []
    c = comparison
    lines = [f"## Since the previous report ({md(c.previous_generated_at)})", ""]
    lines.append(f"Overall: {score_text(c.overall.before, 100)} → {score_text(c.overall.after, 100)} (**{signed(c.overall.delta)}**)")
    lines.append("")
    moved = [s for s in c.dimensions + c.roles if s.delta]
    if moved:
        lines += _table(["score", "before", "after", "change"], [[md(s.label), score_text(s.before, 100 if s in c.roles else 10), score_text(s.after, 100 if s in c.roles else 10), signed(s.delta)] for s in moved])
    for title, changes in (("Improved", c.improved), ("Regressed", c.regressed)):
        lines.append(f"**{title} ({len(changes)})**")
        lines.append("")
        lines += [f"- {md(ch.repo)}: {md(ch.check_id)} {md(ch.title)} ({md(ch.before)} → {md(ch.after)})" for ch in changes] or ["- none"]
        lines.append("")
    if c.repos_added:
        lines += ["New repositories: " + ", ".join(md(n) for n in c.repos_added), ""]
    if c.repos_removed:
        lines += ["No longer assessed: " + ", ".join(md(n) for n in c.repos_removed), ""]
    return lines


def _gaps(report: Report) -> list[str]:
    """The ranked gaps for the target role."""
    if not report.gaps:
        return []
    lines = ["## What to fix first", ""]
    for g in report.gaps:
        lines.append(
            f"{g.rank}. **{md(g.title)}** ({md(g.check_id)}, {g.dimension.label}) — +{g.gain:.1f} points, {g.effort.value} effort"
            f" · in {', '.join(md(r) for r in g.repos) or 'the portfolio'}"
        )
        lines.append(f"   {md(g.advice)}")
        for ev in g.evidence[:EVIDENCE_CAP]:
            lines.append(f"   - {md(where(ev)) + ': ' if where(ev) else ''}{md(ev.detail)}")
    return lines + [""]


def _advice(advice: Advice | None) -> list[str]:
    """Degree-versus-portfolio advice, in full (never trimmed)."""
    if advice is None:
        return []
    lines = [f"## Advice: {md(advice.verdict)}", "", md(advice.summary), ""]
    for line in advice.lines:
        refs = "".join(f" [{md(s)}]" for s in line.sources)
        lines.append(f"- **{md(line.kind)}**: {md(line.text)}{refs}")
        if line.evidence:
            lines.append(f"  <sub>evidence: {'; '.join(md(e) for e in line.evidence)}</sub>")
    if advice.lines:
        lines.append("")
    if advice.costs:
        lines += ["### Cost of a degree", ""]
        lines += _table(["item", "amount", "basis", "source"], [[md(c.label), money(c.amount), md(c.basis), md(c.source)] for c in advice.costs])
        lines.append(f"Total: {money(advice.total_cost)}" + (f" · break-even after {advice.break_even_years:.1f} years" if advice.break_even_years is not None else ""))
        lines.append("")
    if advice.assumptions:
        lines += ["Assumptions:", ""] + [f"- {md(a)}" for a in advice.assumptions] + [""]
    if advice.alternatives:
        lines += ["### Alternatives", ""] + [f"- **{md(a.kind)}**: {md(a.text)}" + "".join(f" [{md(s)}]" for s in a.sources) for a in advice.alternatives] + [""]
    if advice.sources:
        lines += ["### Sources", ""] + [f"- [{md(s.id)}] {md(s.title)}" + (f" — {md(s.detail)}" if s.detail else "") for s in advice.sources] + [""]
    return lines


def _finding(f: Finding, level: int) -> list[str]:
    """One finding as a list item; LEVEL 3 all evidence, 2 capped, 1 the line alone."""
    lines = [f"- {MARK[f.status]} `{f.check_id}` {md(f.slug)} — {md(f.message)}"]
    if level < 2:
        return lines
    evidence = f.evidence if level >= 3 else f.evidence[:EVIDENCE_CAP]
    for ev in evidence:
        lines.append(f"  - {md(where(ev)) + ': ' if where(ev) else ''}{md(ev.detail)}")
    if len(evidence) < len(f.evidence):
        lines.append(f"  - … {len(f.evidence) - len(evidence)} more in the JSON report")
    if f.searched:
        lines.append(f"  - searched: {md('; '.join(f.searched if level >= 3 else f.searched[:EVIDENCE_CAP]))}")
    if f.remediation:
        lines.append(f"  - fix ({f.effort.value} effort): {md(f.remediation)}")
    return lines


def _dimension_line(scores: tuple[DimensionScore, ...]) -> str:
    """A repository's scored dimensions on one line."""
    return " · ".join(f"{d.dimension.label} {score_text(d.score)}" for d in scores if d.scored_checks) or "no scored checks"


def _repo(repo: RepoReport, level: int) -> list[str]:
    """One repository in a collapsed <details> block."""
    counts = {s: sum(1 for f in repo.findings if f.status is s) for s in Status}
    tally = ", ".join(f"{n} {STATUS_LABEL[s]}" for s, n in counts.items() if n)
    lines = ["<details>", f"<summary><b>{md(repo.name)}</b>{' (fork)' if repo.fork else ''} — {tally or 'no findings'}</summary>", ""]
    lines.append(f"{_dimension_line(repo.dimensions)}  \nsource: {md(repo.source)} · files: {repo.files_tracked} · commits: {repo.commits}")
    lines.append("")
    if level >= 1:
        for f in repo.findings:
            lines += _finding(f, level)
    else:
        lines.append(f"{len(repo.findings)} findings: see the JSON or HTML report for the detail.")
    for p in repo.problems if level >= 1 else ():
        lines.append(f"- ⚠️ problem: {md(p.path) + ': ' if p.path else ''}{md(p.message)}")
    return lines + ["", "</details>", ""]


def _portfolio_findings(report: Report, level: int) -> list[str]:
    """Portfolio-wide checks."""
    if not report.portfolio_findings:
        return []
    lines = ["### Portfolio-wide checks", ""]
    for f in report.portfolio_findings:
        lines += _finding(f, max(level, 1))
    return lines + [""]


def _tail(report: Report) -> list[str]:
    """Skipped checks, excluded repositories and problems (always shown)."""
    lines = []
    if report.skipped_checks:
        lines += ["## Checks skipped by configuration", ""] + [f"- `{s.check_id}` {md(s.slug)}: {md(s.reason)}" for s in report.skipped_checks] + [""]
    if report.excluded_repos:
        lines += ["Repositories excluded by configuration: " + ", ".join(md(n) for n in report.excluded_repos), ""]
    if report.problems:
        lines += ["## Problems", ""] + [f"- {md(p.path) + ': ' if p.path else ''}{md(p.message)}" for p in report.problems] + [""]
    return lines


def _size(lines: list[str]) -> int:
    """UTF-8 size of LINES joined."""
    return len("\n".join(lines).encode("utf-8")) + 1


def _details(report: Report, level: int) -> list[str]:
    """The drill-down at one level of detail."""
    lines = ["## Repositories", ""] + _portfolio_findings(report, level)
    for repo in report.repos:
        lines += _repo(repo, level)
    return lines


def _fit(report: Report, budget: int) -> tuple[list[str], bool]:
    """The richest drill-down that fits BUDGET bytes, and whether it was trimmed.

    Levels: all evidence; evidence capped per finding; one line per finding; dimension scores per repository;
    as a last resort whole repositories are left out, last first.
    """
    for level in (3, 2, 1, 0):
        lines = _details(report, level)
        if _size(lines) <= budget:
            return lines, level < 3
    lines = ["## Repositories", ""]
    for index, repo in enumerate(report.repos):
        block = _repo(repo, 0)
        note = [f"… {len(report.repos) - index} more repositories: see the JSON or HTML report.", ""]
        if _size(lines + block + note) > budget:
            return lines + note, True
        lines += block
    return lines, True


def render(report: Report, limit: int = LIMIT) -> str:
    """The report as GitHub-flavoured Markdown of at most LIMIT bytes (unless the summary and advice alone exceed it)."""
    head = _summary(report) + _roles(report) + _dimensions(report) + _comparison(report.comparison) + _gaps(report) + _curation(report) + _advice(report.advice)
    tail = _tail(report)
    trimmed_note = ["<sub>Some detail was trimmed to fit GitHub's size limit; the JSON and HTML reports have all of it.</sub>", ""]
    budget = limit - _size(head) - _size(tail) - _size(trimmed_note)
    details, trimmed = _fit(report, budget)
    note = trimmed_note if trimmed else []
    return "\n".join(head + details + tail + note).rstrip("\n") + "\n"
