"""The cohort report as text, Markdown, CSV (one row per candidate, for spreadsheets) and JSON; HTML is in cohort_html."""

from __future__ import annotations

import csv
import io
import json
from readiness.models import Dimension
from readiness.report.cohort_model import CandidateRow, CohortReport, RoleSummary
from readiness.report.markdown import md
from readiness.serialize import to_data

SHORT = {d: d.prefix.lower() for d in Dimension}
"""Heat-map column heads: the dimension's check-id prefix (doc, dep, tst ...)."""


def _num(value: float | None, digits: int = 1) -> str:
    """A number for a table, or a dash."""
    return "—" if value is None else f"{value:.{digits}f}"


def _bands(role: RoleSummary) -> str:
    """'not yet 3 · emerging 5 · ...'."""
    return " · ".join(f"{band} {n}" for band, n in role.bands)


def _heat_cell(row: CandidateRow, dimension: Dimension) -> str:
    """A dimension score for the text heat map: the number and a shade."""
    value = row.dimension(dimension)
    if value is None:
        return "  ·  "
    shade = " ░▒▓█"[min(4, int(value // 2.5) + 1)]
    return f"{value:4.1f}{shade}"


def headline(report: CohortReport) -> str:
    """Candidates assessed, failed and roster rows skipped, in one line."""
    skipped = sum("skipped" in p.message for p in report.roster_problems)
    return (f"{len(report.candidates)} candidates assessed, {len(report.failures)} failed, "
            f"{skipped} roster rows skipped")


def render_text(report: CohortReport) -> str:
    """The cohort for a terminal: role distributions, common gaps, the heat map, who is ready, one line per candidate."""
    out = [f"readiness {report.tool_version} — cohort {report.roster}   ({report.generated_at})", headline(report), ""]
    out.append("Role readiness across the cohort (0-100)")
    for role in report.roles:
        out.append(f"  {role.label:<28} mean {_num(role.mean)}  median {_num(role.median)}  range {_num(role.low, 0)}-"
                   f"{_num(role.high, 0)}  |  {_bands(role)}  |  ready: {len(role.ready)}")
    out += ["", "Most common gaps (each candidate's target role)"]
    for gap in report.gaps:
        out.append(f"  {gap.check_id:<7} {gap.title:<56} {gap.candidates:>5} candidates ({gap.share:.0%})")
    if not report.gaps:
        out.append("  none")
    heads = " ".join(f"{SHORT[d]:>5}" for d in report.dimensions)
    out += ["", "Dimension heat map (0-10; · = nothing scored)", f"  {'candidate':<24} {heads}"]
    for row in report.candidates:
        out.append(f"  {row.name[:24]:<24} " + " ".join(_heat_cell(row, d) for d in report.dimensions))
    out += ["", "Who is ready for which role (competitive or strong)"]
    for role in report.roles:
        out.append(f"  {role.label}: {', '.join(role.ready) if role.ready else 'nobody yet'}")
    out += ["", "Candidates"]
    for row in report.candidates:
        out.append(f"  {row.name} (row {row.row}): {row.summary} -> {row.report}")
    if report.failures:
        out += ["", "Not assessed"] + [f"  row {f.row} {f.name}: {f.reason}" for f in report.failures]
    if report.roster_problems:
        out += ["", "Roster problems"] + [f"  row {p.row}: {p.message}" for p in report.roster_problems]
    return "\n".join(out) + "\n"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A GitHub-flavoured Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(cells) + " |" for cells in rows]


def render_markdown(report: CohortReport) -> str:
    """The cohort as GitHub-flavoured Markdown (text from the roster and repositories escaped)."""
    out = [f"# Cohort readiness: {md(report.roster)}", "", headline(report), "", "## Role readiness", ""]
    out += _table(["role", "scored", "mean", "median", "range", "bands", "ready"],
                  [[md(r.label), str(r.scored), _num(r.mean), _num(r.median), f"{_num(r.low, 0)}-{_num(r.high, 0)}",
                    md(_bands(r)), str(len(r.ready))] for r in report.roles])
    out += ["", "## Most common gaps", ""]
    out += _table(["check", "title", "candidates", "share"],
                  [[g.check_id, md(g.title), str(g.candidates), f"{g.share:.0%}"] for g in report.gaps])
    out += ["", "## Dimension heat map (0-10)", ""]
    out += _table(["candidate"] + [SHORT[d] for d in report.dimensions],
                  [[md(row.name)] + [_num(row.dimension(d)) for d in report.dimensions] for row in report.candidates])
    out += ["", "## Who is ready for which role", ""]
    out += [f"- **{md(r.label)}**: {md(', '.join(r.ready)) if r.ready else 'nobody yet'}" for r in report.roles]
    out += ["", "## Candidates", ""]
    out += [f"- [{md(row.name)}]({row.report}) (row {row.row}): {md(row.summary)}" for row in report.candidates]
    if report.failures:
        out += ["", "## Not assessed", ""] + [f"- row {f.row} {md(f.name)}: {md(f.reason)}" for f in report.failures]
    if report.roster_problems:
        out += ["", "## Roster problems", ""] + [f"- row {p.row}: {md(p.message)}" for p in report.roster_problems]
    out += ["", f"<sub>readiness {report.tool_version} · {report.generated_at}</sub>"]
    return "\n".join(out) + "\n"


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render_csv(report: CohortReport) -> str:
    """One row per candidate (failed ones too): role scores and bands, dimension scores, first gaps, report file."""
    roles = [r.role for r in report.roles]
    header = ["row", "login", "status", "source", "target_role", "overall"]
    header += [f"{role}_{part}" for role in roles for part in ("score", "band")]
    header += [d.value for d in report.dimensions] + ["gaps", "partial", "report", "reason"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in report.candidates:
        scores = {r.role: r for r in row.roles}
        cells: list[object] = [row.row, row.name, "assessed", row.source, row.target_role, _num(row.overall)]
        for role in roles:
            score = scores.get(role)
            cells += [_num(score.score) if score else "", score.band if score else ""]
        cells += [_num(row.dimension(d)) for d in report.dimensions]
        cells += [";".join(g.check_id for g in row.gaps[:5]), "yes" if row.partial else "no", row.report, ""]
        writer.writerow([_cell(c) for c in cells])
    for failure in report.failures:
        blanks = [""] * (len(header) - 4)
        writer.writerow([_cell(c) for c in [failure.row, failure.name, "failed"] + blanks + [failure.reason]])
    return buffer.getvalue()


def render_json(report: CohortReport) -> str:
    """The cohort report as JSON: every field of the model, each candidate's one-line summary added."""
    data = to_data(report)
    for item, row in zip(data["candidates"], report.candidates):
        item["summary"] = row.summary
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"
