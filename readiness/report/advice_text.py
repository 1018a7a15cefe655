"""The plain-text role table, ranked gaps and degree-versus-portfolio advice (a pure `report -> str`)."""

from __future__ import annotations

import io

from rich import box
from rich.console import Console
from rich.table import Table

from readiness.models import Advice, AdviceLine, Gap, Report, RoleScore
from readiness.report.summary import cap_note
from readiness.sanitize import sanitize

WIDTH = 120


def _console(buffer: io.StringIO) -> Console:
    """A plain console writing to BUFFER (no colour, no markup)."""
    return Console(file=buffer, width=WIDTH, color_system=None, force_terminal=False, no_color=True, highlight=False)


def _role_table(roles: tuple[RoleScore, ...]) -> Table:
    """Readiness per role, target first."""
    table = Table(title="Role readiness (0-100; target role first)", box=box.SIMPLE_HEAVY, title_justify="left")
    for name, justify in (("role", "left"), ("score", "right"), ("band", "left"), ("red flags and must-have caps", "left")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for role in roles:
        score = "—" if role.score is None else f"{role.score:.1f}"
        table.add_row(f"{role.label}{' (target)' if role.target else ''}", score, role.band, cap_note(role) or "—")
    return table


def _gap_lines(gaps: tuple[Gap, ...]) -> list[str]:
    """The ranked gaps with their evidence."""
    lines = []
    for gap in gaps:
        lift = f" (lifts the must-have cap worth {gap.cap_lift:g})" if gap.cap_lift else " (first ask: the best work lacks it)" if gap.priority == "first-ask" else ""
        lines.append(f"  {gap.rank}. {gap.check_id} {gap.slug} [{gap.dimension.label}] +{gap.gain:g} points{lift}, {gap.effort.value} effort "
                     f"({gap.gain_per_effort:g} per unit) in {', '.join(gap.repos)}")
        lines.append(f"     {gap.advice}")
        for ev in gap.evidence:
            where = ev.where
            lines.append(f"     - {where + ': ' if where else ''}{ev.detail}")
    return lines


def _advice_line(line: AdviceLine) -> list[str]:
    """One advice line with its evidence and sources."""
    return [f"  - [{line.kind}] {line.text}", f"      evidence: {'; '.join(line.evidence)}", f"      sources: {', '.join(line.sources)}"]


def _advice_lines(advice: Advice) -> list[str]:
    """The verdict, the traceable lines, the cost model, the alternatives and the sources."""
    out = [f"Degree or portfolio? {advice.verdict} (for {advice.role})", ""]
    for line in advice.lines:
        out += _advice_line(line)
    out += ["", "Cost model (the sources' figures with their year, not predictions):"]
    for cost in advice.costs:
        out.append(f"  {cost.label:<14} {'$' + format(cost.amount, ',.0f'):>10}   {cost.basis} [{cost.source}]")
    total = "—" if advice.total_cost is None else "$" + format(advice.total_cost, ",.0f")
    years = "—" if advice.break_even_years is None else f"{advice.break_even_years:g} years"
    out.append(f"  {'total':<14} {total:>10}   break-even: {years}")
    out += [f"  * {a}" for a in advice.assumptions]
    out += ["", "Alternatives:"]
    for line in advice.alternatives:
        out += _advice_line(line)
    out += ["", "Sources:"] + [f"  [{s.id}] {s.title}" for s in advice.sources]
    return out


def render_advice(report: Report) -> str:
    """Role readiness, the ranked gaps for the target role and the advice, as plain text."""
    buffer = io.StringIO()
    console = _console(buffer)
    if report.roles:
        console.print(_role_table(report.roles))
    if report.target_role:
        console.print(f"Top gaps for {next((r.label for r in report.roles if r.target), report.target_role)} "
                      "(must-haves first, then what a reviewer asks first, then role points gained per unit of effort):", markup=False)
        for line in _gap_lines(report.gaps) or ["  none: no failing scored check would raise this role's score"]:
            console.print(line, markup=False, highlight=False)
    if report.advice is not None:
        console.print()
        for line in _advice_lines(report.advice):
            console.print(line, markup=False, highlight=False)
    return sanitize(buffer.getvalue())
