"""The terminal report: a one-screen summary by default; with details, every finding with its evidence."""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from readiness.models import DimensionScore, Finding, RepoReport, Report, Status
from readiness.report.advice_text import render_advice
from readiness.report.curation import plan_text
from readiness.report.summary import text_lines
from readiness.sanitize import sanitize

WIDTH = 120
MARK = {
    Status.PASS: "pass",
    Status.FAIL: "FAIL",
    Status.NOT_APPLICABLE: "n/a",
    Status.UNKNOWN: "unknown",
    Status.ERROR: "ERROR",
}


def _score(value: float | None, scale: int = 10) -> str:
    """A score for display, or a dash when nothing was scored."""
    return "—" if value is None else f"{value:.1f}/{scale}"


def _bar(value: float | None) -> str:
    """A ten-cell bar for a 0-10 score."""
    if value is None:
        return ""
    filled = int(round(value))
    return "█" * filled + "·" * (10 - filled)


def _dimension_table(title: str, scores: tuple[DimensionScore, ...]) -> Table:
    """A table of dimension scores."""
    table = Table(title=title, box=box.SIMPLE_HEAVY, title_justify="left", expand=False)
    table.add_column("dimension")
    table.add_column("score", justify="right")
    table.add_column("", no_wrap=True)
    table.add_column("checks scored", justify="right")
    table.add_column("failing", justify="right")
    for item in scores:
        table.add_row(item.dimension.label, _score(item.score), _bar(item.score), str(item.scored_checks), str(item.failed_checks))
    return table


def _evidence_lines(finding: Finding) -> list[str]:
    """Evidence and searched-for lines under a finding."""
    lines = []
    for ev in finding.evidence:
        where = ev.where
        lines.append(f"    - {where + ': ' if where else ''}{ev.detail}")
    if finding.searched:
        lines.append("    searched: " + "; ".join(finding.searched))
    if finding.remediation:
        lines.append(f"    fix ({finding.effort.value} effort): {finding.remediation}")
    return lines


def _repo(console: Console, repo: RepoReport) -> None:
    """One repository's section."""
    head = repo.head[:10] if repo.head else "no commits"
    skipped = ", ".join(f"{d} ({n})" for d, n in repo.files_skipped)
    console.rule(Text(f"{repo.name}{' (fork)' if repo.fork else ''}", style="bold"), align="left")
    console.print(f"source: {repo.source}   HEAD: {head}   files: {repo.files_tracked}   commits: {repo.commits}")
    if skipped:
        console.print(f"left out as vendored or generated: {skipped}")
    console.print(_dimension_table("Dimensions", tuple(d for d in repo.dimensions if d.scored_checks)))
    for finding in repo.findings:
        console.print(f"  [{MARK[finding.status]:>7}] {finding.check_id} {finding.slug}: {finding.message}", markup=False, highlight=False)
        for line in _evidence_lines(finding):
            console.print(line, markup=False, highlight=False)
    if repo.problems:
        console.print("  problems:")
        for problem in repo.problems:
            console.print(f"    - {problem.path + ': ' if problem.path else ''}{problem.message}", markup=False, highlight=False)


def _comparison(console: Console, report: Report) -> None:
    """What improved and regressed since the earlier report, when one was given."""
    c = report.comparison
    if c is None:
        return
    delta = "—" if c.overall.delta is None else f"{c.overall.delta:+.1f}"
    console.print()
    console.print(f"Since the previous report ({c.previous_generated_at}): overall {_score(c.overall.before, 100)} -> {_score(c.overall.after, 100)} ({delta})", markup=False)
    for title, changes in (("improved", c.improved), ("regressed", c.regressed)):
        console.print(f"  {title} ({len(changes)}):")
        for ch in changes:
            console.print(f"    - {ch.repo}: {ch.check_id} {ch.slug} ({ch.before} -> {ch.after})", markup=False, highlight=False)
    if c.repos_added or c.repos_removed:
        console.print(f"  new repositories: {', '.join(c.repos_added) or '—'}; no longer assessed: {', '.join(c.repos_removed) or '—'}", markup=False)


def _header(console: Console, report: Report) -> None:
    """The title line, the partial-report warning and the summary."""
    console.print(f"readiness {report.tool_version} — portfolio: {report.subject}   ({report.generated_at})", markup=False)
    if report.partial:
        console.print("PARTIAL REPORT: some data could not be collected (see problems).")
    for line in text_lines(report):
        console.print(line, markup=False, highlight=False)


def _console(buffer: io.StringIO) -> Console:
    """A plain console writing to BUFFER (no colour codes)."""
    return Console(file=buffer, width=WIDTH, color_system=None, force_terminal=False, no_color=True, highlight=False)


def render(report: Report) -> str:
    """The one-screen summary: scores with bands, red flags, verdict, top gaps, one row per repository."""
    buffer = io.StringIO()
    console = _console(buffer)
    _header(console, report)
    _comparison(console, report)
    for item in report.skipped_checks:
        console.print(f"Skipped by configuration: {item.check_id} {item.slug} ({item.reason})", markup=False, highlight=False)
    if report.problems:
        console.print(f"Problems: {len(report.problems)} (see --details)")
    console.print()
    console.print("Every finding with its evidence: --details (or -v); the full report: --format html -o report.html", markup=False)
    return sanitize(buffer.getvalue())


def render_details(report: Report) -> str:
    """The summary, then every dimension, role, gap, the advice and every finding with its evidence."""
    buffer = io.StringIO()
    console = _console(buffer)
    _header(console, report)
    console.print()
    console.print(_dimension_table("Portfolio by dimension", report.portfolio))
    console.print(report.aggregation, markup=False)
    for finding in report.portfolio_findings:
        console.print(f"  [{MARK[finding.status]:>7}] {finding.check_id} {finding.slug}: {finding.message}", markup=False)
        for line in _evidence_lines(finding):
            console.print(line, markup=False, highlight=False)
    console.print()
    console.print(render_advice(report), markup=False, highlight=False, end="")
    for line in plan_text(report):
        console.print(line, markup=False, highlight=False)
    for repo in report.repos:
        console.print()
        _repo(console, repo)
    _comparison(console, report)
    if report.skipped_checks:
        console.print()
        console.print("Checks skipped by configuration:")
        for item in report.skipped_checks:
            console.print(f"  - {item.check_id} {item.slug}: {item.reason}", markup=False)
    if report.excluded_repos:
        console.print("Repositories excluded by configuration: " + ", ".join(report.excluded_repos), markup=False)
    if report.problems:
        console.print("Problems:")
        for problem in report.problems:
            console.print(f"  - {problem.path + ': ' if problem.path else ''}{problem.message}", markup=False)
    return sanitize(buffer.getvalue())
