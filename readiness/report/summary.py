"""The bottom line every format opens with: scores with bands, red flags, the top gaps, the verdict, one row per repository."""

from __future__ import annotations

from dataclasses import dataclass

from readiness.models import Gap, Report, RoleScore
from readiness.report.curation import best_work_from, plan_compact

BAND_COLOURS = {"strong": "#1a7f37", "competitive": "#2f81f7", "emerging": "#d4a72c", "not yet": "#cf222e", "no evidence": "#8c959f"}
"""One colour per band, shared by the HTML charts and tables."""


@dataclass(frozen=True, slots=True)
class RepoRow:
    """One repository's line: score, band, place in the best work and biggest gap."""

    name: str
    score: str
    band: str
    best: str
    gap: str


@dataclass(frozen=True, slots=True)
class Summary:
    """The summary's lines, formatted once for every renderer."""

    overall: str
    target: str
    roles: tuple[tuple[str, str, str, str], ...]
    red_flags: tuple[str, ...]
    verdict: str
    gaps: tuple[str, ...]
    repos: tuple[RepoRow, ...]
    best_work: str


def points(value: float | None) -> str:
    """A 0-100 score as '67.7', or a dash."""
    return "—" if value is None else f"{value:.1f}"


def cap_note(role: RoleScore) -> str:
    """Why a role score is lower than its evidence: the red-flag penalty and the must-have cap, with points."""
    notes = []
    if role.penalty:
        notes.append(f"red flags −{role.penalty:g}")
    if role.missing_must_haves and role.uncapped is not None and role.score is not None and role.uncapped > role.score:
        notes.append(f"capped from {role.uncapped:.1f} by must-have {', '.join(role.missing_must_haves)}")
    elif role.missing_must_haves:
        notes.append(f"must-have {', '.join(role.missing_must_haves)} not met")
    return "; ".join(notes)


def gap_line(gap: Gap) -> str:
    """One gap as advice: what to do, where, the points it is worth and the effort."""
    where = ", ".join(gap.repos) or "the portfolio"
    lift = f" (cap lifted: +{gap.cap_lift:g})" if gap.cap_lift else ""
    must = "must-have: " if gap.priority == "must-have" or gap.cap_lift else "first ask: " if gap.priority == "first-ask" else ""
    return f"{gap.rank}. {must}{gap.check_id} {gap.slug} in {where}: +{gap.gain:g} points{lift}, {gap.effort.value} effort"


def summary(report: Report) -> Summary:
    """The summary of REPORT (formatting only: every figure comes from the report)."""
    target = next((r for r in report.roles if r.target), None)
    target_text = ""
    if target is not None:
        note = cap_note(target)
        target_text = f"{target.label}: {points(target.score)}/100 ({target.band})" + (f" — {note}" if note else "")
    roles = tuple((r.label + (" (target)" if r.target else ""), points(r.score), r.band, cap_note(r)) for r in report.roles)
    flags = tuple(f"{p.check_id} in {p.repo} −{p.points:g}" for p in report.penalties)
    verdict = f"{report.advice.verdict}: {report.advice.summary}" if report.advice is not None else ""
    rows = tuple(
        RepoRow(s.name, points(s.score), s.band, f"#{s.best_work}" if s.best_work else "",
                f"{s.top_gap} +{s.top_gap_gain:g}" if s.top_gap else "—")
        for s in report.repo_scores
    )
    best = [s.name for s in sorted(report.repo_scores, key=lambda s: s.best_work) if s.best_work]
    overall = f"Overall: {points(report.overall)}/100 ({report.overall_band or 'no band'}) · {len(report.repos)} repositories assessed"
    return Summary(overall, target_text, roles, flags, verdict, tuple(gap_line(g) for g in report.gaps), rows,
                   ", ".join(best))


def text_lines(report: Report) -> list[str]:
    """The summary as plain lines for the terminal (fits one screen for a portfolio of about twenty repositories)."""
    s = summary(report)
    lines = [s.overall]
    if s.target:
        lines.append(f"Target role — {s.target}")
    if s.red_flags:
        lines.append("Red flags: " + "; ".join(s.red_flags))
    if s.verdict:
        lines.append(f"Degree or portfolio? {s.verdict}")
    lines += ["", "Roles:"] + [f"  {label:<34} {score:>5}  {band:<12} {note}".rstrip() for label, score, band, note in s.roles]
    lines += ["", "Top gaps:"] + [f"  {g}" for g in s.gaps or ("none: no failing check would raise the target role's score",)]
    if s.repos:
        width = max(len(r.name) for r in s.repos)
        chosen = best_work_from(report)
        lines += ["", f"Repositories (best work{' from ' + chosen if chosen else ''}: {s.best_work or 'none scored'}):"]
        lines += [f"  {r.name:<{width}}  {r.score:>5}  {r.band:<12} {r.best:<3} biggest gap: {r.gap}" for r in s.repos]
    return lines + plan_compact(report)
