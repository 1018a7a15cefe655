"""The cohort report as text, Markdown, CSV (one row per candidate, for spreadsheets) and JSON; HTML is in cohort_html.
Each renderer yields the report a piece at a time (a row per candidate at most), so a cohort of any size is written
without the whole text in memory."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from typing import Any, Callable, Iterable, Iterator

from readiness.models import Dimension
from readiness.report.cohort_model import CandidateRow, CohortReport, RoleSummary
from readiness.report.cohort_stream import Spool
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


def names(items: Iterable[str], none: str, escape: Callable[[str], str] = str) -> Iterator[str]:
    """ITEMS (logins: no markup, no space) joined by ', ' a piece at a time, each through ESCAPE; NONE when there is none."""
    empty = True
    for item in items:
        yield escape(item) if empty else ", " + escape(item)
        empty = False
    if empty:
        yield none


def ready_by_role(report: CohortReport, head: Callable[[str], str], tail: str, escape: Callable[[str], str] = str) -> Iterator[str]:
    """Per role: HEAD of its label, who is ready for it (or 'nobody yet') a name at a time, TAIL."""
    for role in report.roles:
        yield head(role.label)
        yield from names(role.ready, "nobody yet", escape)
        yield tail


def render_text(report: CohortReport) -> Iterator[str]:
    """The cohort for a terminal: role distributions, common gaps, the heat map, who is ready, one line per candidate."""
    yield f"readiness {report.tool_version} — cohort {report.roster}   ({report.generated_at})\n{headline(report)}\n\n"
    yield "Role readiness across the cohort (0-100)\n"
    for role in report.roles:
        yield (f"  {role.label:<28} mean {_num(role.mean)}  median {_num(role.median)}  range {_num(role.low, 0)}-"
               f"{_num(role.high, 0)}  |  {_bands(role)}  |  ready: {len(role.ready)}\n")
    yield "\nMost common gaps (each candidate's target role)\n"
    for gap in report.gaps:
        yield f"  {gap.check_id:<7} {gap.title:<56} {gap.candidates:>5} candidates ({gap.share:.0%})\n"
    if not report.gaps:
        yield "  none\n"
    heads = " ".join(f"{SHORT[d]:>5}" for d in report.dimensions)
    yield f"\nDimension heat map (0-10; · = nothing scored)\n  {'candidate':<24} {heads}\n"
    for row in report.candidates:
        yield f"  {row.name[:24]:<24} " + " ".join(_heat_cell(row, d) for d in report.dimensions) + "\n"
    yield "\nWho is ready for which role (competitive or strong)\n"
    yield from ready_by_role(report, lambda label: f"  {label}: ", "\n")
    yield "\nCandidates\n"
    for row in report.candidates:
        yield f"  {row.name} (row {row.row}): {row.summary} -> {row.report}\n"
    if report.failures:
        yield "\nNot assessed\n"
        yield from (f"  row {f.row} {f.name}: {f.reason}\n" for f in report.failures)
    if report.roster_problems:
        yield "\nRoster problems\n"
        yield from (f"  row {p.row}: {p.message}\n" for p in report.roster_problems)


def _table(header: list[str], rows: Iterable[list[str]]) -> Iterator[str]:
    """A GitHub-flavoured Markdown table, a line at a time."""
    yield "| " + " | ".join(header) + " |\n" + "|" + "---|" * len(header) + "\n"
    for cells in rows:
        yield "| " + " | ".join(cells) + " |\n"


def render_markdown(report: CohortReport) -> Iterator[str]:
    """The cohort as GitHub-flavoured Markdown (text from the roster and repositories escaped)."""
    yield f"# Cohort readiness: {md(report.roster)}\n\n{headline(report)}\n\n## Role readiness\n\n"
    yield from _table(["role", "scored", "mean", "median", "range", "bands", "ready"],
                      ([md(r.label), str(r.scored), _num(r.mean), _num(r.median), f"{_num(r.low, 0)}-{_num(r.high, 0)}",
                        md(_bands(r)), str(len(r.ready))] for r in report.roles))
    yield "\n## Most common gaps\n\n"
    yield from _table(["check", "title", "candidates", "share"],
                      ([g.check_id, md(g.title), str(g.candidates), f"{g.share:.0%}"] for g in report.gaps))
    yield "\n## Dimension heat map (0-10)\n\n"
    yield from _table(["candidate"] + [SHORT[d] for d in report.dimensions],
                      ([md(row.name)] + [_num(row.dimension(d)) for d in report.dimensions] for row in report.candidates))
    yield "\n## Who is ready for which role\n\n"
    yield from ready_by_role(report, lambda label: f"- **{md(label)}**: ", "\n", md)
    yield "\n## Candidates\n\n"
    yield from (f"- [{md(row.name)}]({row.report}) (row {row.row}): {md(row.summary)}\n" for row in report.candidates)
    if report.failures:
        yield "\n## Not assessed\n\n"
        yield from (f"- row {f.row} {md(f.name)}: {md(f.reason)}\n" for f in report.failures)
    if report.roster_problems:
        yield "\n## Roster problems\n\n"
        yield from (f"- row {p.row}: {md(p.message)}\n" for p in report.roster_problems)
    yield f"\n<sub>readiness {report.tool_version} · {report.generated_at}</sub>\n"


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render_csv(report: CohortReport) -> Iterator[str]:
    """One row per candidate (failed ones too): role scores and bands, dimension scores, first gaps, report file."""
    roles = [r.role for r in report.roles]
    header = ["row", "login", "status", "source", "target_role", "overall"]
    header += [f"{role}_{part}" for role in roles for part in ("score", "band")]
    header += [d.value for d in report.dimensions] + ["gaps", "partial", "report", "reason"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")

    def line(cells: list[object]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_cell(c) for c in cells])
        return buffer.getvalue()

    yield line(header)  # type: ignore[arg-type]
    for row in report.candidates:
        scores = {r.role: r for r in row.roles}
        cells: list[object] = [row.row, row.name, "assessed", row.source, row.target_role, _num(row.overall)]
        for role in roles:
            score = scores.get(role)
            cells += [_num(score.score) if score else "", score.band if score else ""]
        cells += [_num(row.dimension(d)) for d in report.dimensions]
        cells += [";".join(g.check_id for g in row.gaps[:5]), "yes" if row.partial else "no", row.report, ""]
        yield line(cells)
    for failure in report.failures:
        blanks = [""] * (len(header) - 4)
        yield line([failure.row, failure.name, "failed"] + blanks + [failure.reason])


def render_json(report: CohortReport) -> Iterator[str]:
    """The cohort report as JSON: every field of the model, each candidate's one-line summary added; the rows and
    names written an item at a time (the same text as json.dumps(to_data(report), indent=1, ensure_ascii=False))."""
    rows = Items({**to_data(row), "summary": row.summary} for row in report.candidates)
    yield from _json(dataclasses.replace(report, candidates=rows), 0)  # type: ignore[arg-type]
    yield "\n"


class Items:
    """A list to write to JSON an item at a time (from a generator over a spool)."""

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items


def _json(value: Any, depth: int) -> Iterator[str]:
    """VALUE as json.dumps(to_data(value), indent=1, ensure_ascii=False) writes it at DEPTH, a piece at a time:
    dataclasses field by field, tuples, spools and Items item by item, anything else in one piece."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        pairs: Iterable[tuple[str | None, Any]] = ((f.name, getattr(value, f.name)) for f in dataclasses.fields(value))
        opening, closing = "{", "}"
    elif isinstance(value, (tuple, Spool, Items)):
        pairs = ((None, v) for v in (value.items if isinstance(value, Items) else value))
        opening, closing = "[", "]"
    else:
        yield json.dumps(to_data(value), indent=1, ensure_ascii=False).replace("\n", "\n" + " " * depth)
        return
    inner = "\n" + " " * (depth + 1)
    empty = True
    for key, item in pairs:
        yield (opening if empty else ",") + inner + ("" if key is None else json.dumps(key, ensure_ascii=False) + ": ")
        yield from _json(item, depth + 1)
        empty = False
    yield opening + closing if empty else "\n" + " " * depth + closing
