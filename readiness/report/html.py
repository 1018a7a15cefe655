"""One self-contained HTML file: strict CSP, no script, inline SVG charts, a drill-down per repository, print-ready."""

from __future__ import annotations

from html import escape

from readiness.models import (
    Advice,
    Comparison,
    DimensionScore,
    Finding,
    RepoReport,
    Report,
    RoleScore,
    Status,
)
from readiness.report.curation import best_work_line, plan_sections
from readiness.report.common import STATUS_LABEL, money, score_text, signed, where
from readiness.report.summary import BAND_COLOURS, cap_note, summary
from readiness.sanitize import sanitize

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

STYLE = """
:root { --ink:#1b1f24; --muted:#57606a; --line:#d0d7de; --pass:#1a7f37; --fail:#cf222e; --na:#8c959f; --warn:#9a6700; --accent:#0969da; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 1.7em; margin: 0 0 4px; } h2 { border-bottom: 1px solid var(--line); padding-bottom: 4px; margin-top: 2em; }
h3 { margin: 1.2em 0 .4em; } .muted, footer { color: var(--muted); } footer { font-size: .85em; margin-top: 3em; }
.headline { display: flex; gap: 32px; flex-wrap: wrap; align-items: baseline; margin: 12px 0; }
.big { font-size: 2.4em; font-weight: 700; } .partial { background: #fff8c5; border: 1px solid #d4a72c; padding: 8px 12px; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; } a { color: var(--accent); }
table { border-collapse: collapse; margin: 8px 0 16px; } th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.s-hi { background: #dafbe1; } .s-mid { background: #fff8c5; } .s-lo { background: #ffebe9; } .s-none { color: var(--na); }
.finding { border-left: 4px solid var(--na); padding: 2px 10px; margin: 6px 0; break-inside: avoid; }
.finding.pass { border-color: var(--pass); } .finding.fail { border-color: var(--fail); } .finding.error { border-color: var(--warn); }
.status { font-weight: 700; text-transform: uppercase; font-size: .8em; } .pass .status { color: var(--pass); } .fail .status { color: var(--fail); }
.evidence { margin: 2px 0 4px; padding-left: 20px; font-size: .9em; } code, .path { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .9em; }
.fix { font-size: .9em; } .up { color: var(--pass); } .down { color: var(--fail); }
svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
.band { border-left: 6px solid var(--na); padding: 0 6px; white-space: nowrap; } .flags { color: var(--fail); }
article.repo { border-top: 2px solid var(--line); margin-top: 24px; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; } nav { display: none; }
  a { color: inherit; text-decoration: none; } h2 { break-after: avoid; } article.repo { break-before: page; }
  .s-hi, .s-mid, .s-lo, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def e(value: object) -> str:
    """Escape any untrusted value for HTML text and attribute values."""
    return escape(sanitize(str(value)), quote=True)


def _band(value: float | None, scale: float) -> str:
    """A CSS class for a score's colour band."""
    if value is None:
        return "s-none"
    ratio = value / scale
    return "s-hi" if ratio >= 0.75 else "s-mid" if ratio >= 0.5 else "s-lo"


_FILL = {"s-hi": "#2da44e", "s-mid": "#d4a72c", "s-lo": "#cf222e", "s-none": "#8c959f"}


def bar_chart(chart_id: str, title: str, rows: list[tuple[str, float | None]], scale: float, colours: list[str] | None = None) -> str:
    """A horizontal bar chart as inline SVG: one labelled bar per row (coloured by COLOURS, else by score), gridlines every quarter of SCALE."""
    label_w, bar_w, row_h, top = 200, 420, 26, 8  # labels up to ~28 characters fit
    height = top + row_h * len(rows) + 22
    parts = [
        f'<svg id="{e(chart_id)}" class="chart" role="img" aria-labelledby="{e(chart_id)}-t" width="{label_w + bar_w + 80}" '
        f'height="{height}" viewBox="0 0 {label_w + bar_w + 80} {height}" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{e(chart_id)}-t">{e(title)}</title>',
    ]
    for q in range(5):
        x = label_w + bar_w * q / 4
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - 18}" stroke="#d0d7de" stroke-width="1"/>')
        parts.append(f'<text x="{x:.1f}" y="{height - 4}" text-anchor="middle">{scale * q / 4:g}</text>')
    for index, (label, value) in enumerate(rows):
        y = top + index * row_h
        parts.append(f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end">{e(label)}</text>')
        if value is None:
            parts.append(f'<text x="{label_w + 6}" y="{y + 17}" fill="#8c959f">not scored</text>')
            continue
        width = bar_w * max(0.0, min(1.0, value / scale))
        fill = colours[index] if colours else _FILL[_band(value, scale)]
        parts.append(f'<rect x="{label_w}" y="{y + 5}" width="{width:.1f}" height="{row_h - 10}" rx="2" fill="{e(fill)}"/>')
        parts.append(f'<text x="{label_w + width + 6:.1f}" y="{y + 17}">{value:.1f}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _score_cell(value: float | None, scale: int) -> str:
    """A table cell coloured by score."""
    return f'<td class="num {_band(value, scale)}">{e(score_text(value, scale))}</td>'


def _header(report: Report) -> str:
    """Title block with the headline numbers."""
    target = next((r for r in report.roles if r.target), None)
    role = ""
    if target is not None:
        role = f'<div><div class="muted">target role: {e(target.label)}</div><div class="big">{e(score_text(target.score, 100))}</div><div>{e(target.band)}</div></div>'
    elif report.target_role:
        role = f'<div><div class="muted">target role</div><div>{e(report.target_role)}</div></div>'
    partial = '<p class="partial">Partial report: some data could not be collected (see Problems).</p>' if report.partial else ""
    return (
        f'<header><h1>ML portfolio readiness</h1><p class="subject">{e(report.subject)}</p>{partial}'
        f'<div class="headline"><div><div class="muted">overall</div><div class="big" id="overall">{e(score_text(report.overall, 100))}</div><div>{_band_tag(report.overall_band) if report.overall_band else ""}</div></div>'
        f'{role}<div><div class="muted">repositories assessed</div><div class="big">{len(report.repos)}</div></div></div></header>'
    )


def _nav(report: Report) -> str:
    """Links to the sections and to each repository."""
    items = [("summary", "Summary"), ("dimensions", "Dimensions")]
    items += [("roles", "Roles")] if report.roles else []
    items += [("changes", "Changes")] if report.comparison else []
    items += [("gaps", "What to fix first")] if report.gaps else []
    items += [("curation", "Curation plan")] if report.storefront else []
    items += [("advice", "Advice")] if report.advice else []
    items += [("repositories", "Repositories")] + [(f"repo-{i}", r.name) for i, r in enumerate(report.repos)]
    return "<nav><ul>" + "".join(f'<li><a href="#{e(a)}">{e(t)}</a></li>' for a, t in items) + "</ul></nav>"


def _dimension_table(scores: tuple[DimensionScore, ...]) -> str:
    """Dimension scores as a table (the chart's numbers, accessible and printable)."""
    rows = "".join(
        f"<tr><td>{e(d.dimension.label)}</td>{_score_cell(d.score, 10)}<td class=\"num\">{d.scored_checks}</td><td class=\"num\">{d.failed_checks}</td></tr>"
        for d in scores
    )
    return f"<table><tr><th>dimension</th><th>score</th><th>checks scored</th><th>failing</th></tr>{rows}</table>"


def _dimensions(report: Report) -> str:
    """Portfolio dimension chart and table."""
    chart = bar_chart("chart-dimensions", "The best work by dimension (0-10)", [(d.dimension.label, d.score) for d in report.portfolio], 10)
    return f'<section id="dimensions"><h2>Portfolio by dimension</h2>{chart}{_dimension_table(report.portfolio)}<p class="muted">{e(report.aggregation)}</p></section>'


def _roles(roles: tuple[RoleScore, ...]) -> str:
    """Readiness per role: chart and table."""
    if not roles:
        return ""
    chart = bar_chart("chart-roles", "Readiness by role (0-100), coloured by band", [(r.label, r.score) for r in roles], 100,
                      [BAND_COLOURS.get(r.band, BAND_COLOURS["no evidence"]) for r in roles])
    rows = "".join(
        f"<tr><td>{e(r.label)}{' <strong>(target)</strong>' if r.target else ''}</td>{_score_cell(r.score, 100)}<td>{_band_tag(r.band)}</td>"
        f"<td>{e(cap_note(r) or '—')}</td></tr>"
        for r in roles
    )
    return (f'<section id="roles"><h2>Readiness by role</h2>{chart}<table><tr><th>role</th><th>score</th><th>band</th>'
            f'<th>red flags and must-have caps</th></tr>{rows}</table></section>')


def _band_tag(band: str) -> str:
    """A band name with its colour."""
    return f'<span class="band" style="border-color:{BAND_COLOURS.get(band, BAND_COLOURS["no evidence"])}">{e(band)}</span>'


def _summary(report: Report) -> str:
    """The bottom line, as in the terminal: red flags, verdict, top gaps, and every repository's score and band."""
    s = summary(report)
    parts = ['<section id="summary"><h2>Summary</h2>']
    if s.target:
        parts.append(f"<p><strong>{e(s.target)}</strong></p>")
    if s.red_flags:
        parts.append('<p class="flags">Red flags: ' + "; ".join(e(f) for f in s.red_flags) + "</p>")
    if s.verdict:
        parts.append(f"<p>Degree or portfolio? {e(s.verdict)}</p>")
    parts.append("<h3>Top gaps</h3><ol>" + "".join(f"<li>{e(g.split('. ', 1)[1])}</li>" for g in s.gaps) + "</ol>" if s.gaps else "")
    if report.repo_scores:
        chart = bar_chart("chart-repositories", "Every repository's own score (0-100), coloured by band",
                          [(r.name, r.score) for r in report.repo_scores], 100,
                          [BAND_COLOURS.get(r.band, BAND_COLOURS["no evidence"]) for r in report.repo_scores])
        rows = "".join(f'<tr><td>{e(r.name)}</td><td class="num">{e(r.score)}</td><td>{_band_tag(r.band)}</td><td>{e(r.best)}</td><td>{e(r.gap)}</td></tr>'
                       for r in s.repos)
        parts.append(f"<h3>Repositories (best work: {e(s.best_work or 'none scored')})</h3>{chart}"
                     f"<table><tr><th>repository</th><th>score</th><th>band</th><th>best work</th><th>biggest gap</th></tr>{rows}</table>")
    return "".join(parts) + "</section>"


def _comparison(c: Comparison | None) -> str:
    """What improved and what regressed since the earlier report."""
    if c is None:
        return ""
    arrow = "up" if (c.overall.delta or 0) > 0 else "down" if (c.overall.delta or 0) < 0 else ""
    parts = [f'<section id="changes"><h2>Since the previous report</h2><p class="muted">previous report: {e(c.previous_generated_at)} ({e(c.previous_subject)})</p>']
    parts.append(f'<p>Overall {e(score_text(c.overall.before, 100))} → {e(score_text(c.overall.after, 100))} <strong class="{arrow}">{e(signed(c.overall.delta))}</strong></p>')
    moved = [(s, 10) for s in c.dimensions if s.delta] + [(s, 100) for s in c.roles if s.delta]
    if moved:
        rows = "".join(
            f'<tr><td>{e(s.label)}</td><td class="num">{e(score_text(s.before, k))}</td><td class="num">{e(score_text(s.after, k))}</td>'
            f'<td class="num {"up" if (s.delta or 0) > 0 else "down"}">{e(signed(s.delta))}</td></tr>'
            for s, k in moved
        )
        parts.append(f"<table><tr><th>score</th><th>before</th><th>after</th><th>change</th></tr>{rows}</table>")
    for title, css, changes in (("Improved", "up", c.improved), ("Regressed", "down", c.regressed)):
        items = "".join(f"<li><strong>{e(ch.repo)}</strong>: {e(ch.check_id)} {e(ch.title)} ({e(ch.before)} → {e(ch.after)})</li>" for ch in changes)
        parts.append(f'<h3 class="{css}">{title} ({len(changes)})</h3><ul>{items or "<li>none</li>"}</ul>')
    if c.repos_added:
        parts.append(f"<p>New repositories: {e(', '.join(c.repos_added))}</p>")
    if c.repos_removed:
        parts.append(f"<p>No longer assessed: {e(', '.join(c.repos_removed))}</p>")
    return "".join(parts) + "</section>"


def _evidence_list(items: list[str]) -> str:
    """An evidence list (items already escaped)."""
    return f'<ul class="evidence">{"".join(f"<li>{i}</li>" for i in items)}</ul>' if items else ""


def _ev_items(evidence) -> list[str]:
    """Escaped evidence lines."""
    return [(f'<span class="path">{e(where(ev))}</span>: ' if where(ev) else "") + e(ev.detail) for ev in evidence]


def _gaps(report: Report) -> str:
    """The ranked gaps."""
    if not report.gaps:
        return ""
    items = "".join(
        f"<li><strong>{e(g.title)}</strong> <code>{e(g.check_id)}</code> ({e(g.dimension.label)}) — +{g.gain:.1f} points, "
        f"{e(g.effort.value)} effort, {g.gain_per_effort:.2f} per unit of effort; in {e(', '.join(g.repos) or 'the portfolio')}"
        f"<div>{e(g.advice)}</div>{_evidence_list(_ev_items(g.evidence))}</li>"
        for g in report.gaps
    )
    return f'<section id="gaps"><h2>What to fix first</h2><ol>{items}</ol></section>'


def _curation(report: Report) -> str:
    """Which set the best work came from and the curation plan."""
    sections, head = plan_sections(report), best_work_line(report)
    if not sections and not head:
        return ""
    parts = ['<section id="curation"><h2>Curation plan</h2>'] + ([f"<p>{e(head)}</p>"] if head else [])
    for title, items in sections:
        parts.append(f"<h3>{e(title)}</h3><ul>" + "".join(f"<li><strong>{e(name)}</strong>: {e(why)}</li>" for name, why, _ in items) + "</ul>")
    return "".join(parts) + "</section>"


def _advice(advice: Advice | None) -> str:
    """Degree-versus-portfolio advice."""
    if advice is None:
        return ""
    parts = [f'<section id="advice"><h2>Advice: {e(advice.verdict)}</h2><p>{e(advice.summary)}</p>']
    if advice.lines:
        parts.append("<ul>" + "".join(
            f"<li><strong>{e(line.kind)}</strong>: {e(line.text)}{''.join(f' <sup>[{e(s)}]</sup>' for s in line.sources)}"
            + (f'<div class="muted">evidence: {e("; ".join(line.evidence))}</div>' if line.evidence else "") + "</li>"
            for line in advice.lines) + "</ul>")
    if advice.costs:
        rows = "".join(f'<tr><td>{e(c.label)}</td><td class="num">{e(money(c.amount))}</td><td>{e(c.basis)}</td><td>{e(c.source)}</td></tr>' for c in advice.costs)
        parts.append(f"<h3>Cost of a degree</h3><table><tr><th>item</th><th>amount</th><th>basis</th><th>source</th></tr>{rows}</table>")
        parts.append(f"<p>Total: {e(money(advice.total_cost))}" + (f" · break-even after {advice.break_even_years:.1f} years" if advice.break_even_years is not None else "") + "</p>")
    if advice.assumptions:
        parts.append("<h3>Assumptions</h3><ul>" + "".join(f"<li>{e(a)}</li>" for a in advice.assumptions) + "</ul>")
    if advice.alternatives:
        parts.append("<h3>Alternatives</h3><ul>" + "".join(f"<li><strong>{e(a.kind)}</strong>: {e(a.text)}</li>" for a in advice.alternatives) + "</ul>")
    if advice.sources:
        parts.append("<h3>Sources</h3><ul>" + "".join(f"<li>[{e(s.id)}] {e(s.title)}{' — ' + e(s.detail) if s.detail else ''}</li>" for s in advice.sources) + "</ul>")
    return "".join(parts) + "</section>"


def _overview(report: Report) -> str:
    """Repository × dimension table linking to each drill-down."""
    dims = [d.dimension for d in report.portfolio]
    head = "".join(f"<th>{e(d.label)}</th>" for d in dims)
    rows = []
    for index, repo in enumerate(report.repos):
        by_dim = {d.dimension: d for d in repo.dimensions}
        cells = "".join(_score_cell(by_dim[d].score if d in by_dim else None, 10) for d in dims)
        fails = sum(1 for f in repo.findings if f.status is Status.FAIL)
        rows.append(f'<tr><td><a href="#repo-{index}">{e(repo.name)}</a>{" (fork)" if repo.fork else ""}</td><td class="num">{fails}</td>{cells}</tr>')
    return f'<table class="overview"><tr><th>repository</th><th>failing</th>{head}</tr>{"".join(rows)}</table>'


def _finding(f: Finding) -> str:
    """One finding with its evidence, what was searched and the fix."""
    items = _ev_items(f.evidence)
    if f.searched:
        items.append("searched: " + e("; ".join(f.searched)))
    fix = f'<div class="fix">fix ({e(f.effort.value)} effort): {e(f.remediation)}</div>' if f.remediation else ""
    points = f" · {f.points:.1f}/10" if f.points is not None else ""
    return (
        f'<div class="finding {e(f.status.value)}"><span class="status">{e(STATUS_LABEL[f.status])}</span> '
        f"<code>{e(f.check_id)}</code> {e(f.title)}{points}<div>{e(f.message)}</div>{_evidence_list(items)}{fix}</div>"
    )


def _source(source: str) -> str:
    """A repository's origin: a link for https URLs, plain text otherwise."""
    if source.startswith("https://"):
        return f'<a href="{e(source)}" rel="noreferrer">{e(source)}</a>'
    return f'<span class="path">{e(source)}</span>'


def _repo(index: int, repo: RepoReport) -> str:
    """A repository's drill-down."""
    skipped = ", ".join(f"{d} ({n})" for d, n in repo.files_skipped)
    head = repo.head[:10] if repo.head else "no commits"
    meta = f"source: {_source(repo.source)} · HEAD {e(head)} · files: {repo.files_tracked} · commits: {repo.commits}"
    if skipped:
        meta += f" · left out as vendored or generated: {e(skipped)}"
    scored = tuple(d for d in repo.dimensions if d.scored_checks)
    problems = "".join(f"<li>{e(p.path) + ': ' if p.path else ''}{e(p.message)}</li>" for p in repo.problems)
    return (
        f'<article class="repo" id="repo-{index}"><h3>{e(repo.name)}{" (fork)" if repo.fork else ""}</h3><p class="muted">{meta}</p>'
        f"{_dimension_table(scored) if scored else ''}{''.join(_finding(f) for f in repo.findings)}"
        f"{'<h4>Problems</h4><ul>' + problems + '</ul>' if problems else ''}</article>"
    )


def _repositories(report: Report) -> str:
    """Overview, portfolio-wide checks and every repository's drill-down."""
    portfolio = ""
    if report.portfolio_findings:
        portfolio = "<h3>Portfolio-wide checks</h3>" + "".join(_finding(f) for f in report.portfolio_findings)
    repos = "".join(_repo(i, r) for i, r in enumerate(report.repos))
    return f'<section id="repositories"><h2>Repositories</h2>{_overview(report)}{portfolio}{repos}</section>'


def _configuration(report: Report) -> str:
    """Skipped checks, excluded repositories and problems."""
    parts = []
    if report.skipped_checks:
        parts.append("<h3>Checks skipped by configuration</h3><ul>" + "".join(f"<li><code>{e(s.check_id)}</code> {e(s.slug)}: {e(s.reason)}</li>" for s in report.skipped_checks) + "</ul>")
    if report.excluded_repos:
        parts.append(f"<p>Repositories excluded by configuration: {e(', '.join(report.excluded_repos))}</p>")
    if report.problems:
        parts.append("<h3>Problems</h3><ul>" + "".join(f"<li>{e(p.path) + ': ' if p.path else ''}{e(p.message)}</li>" for p in report.problems) + "</ul>")
    return f'<section id="configuration"><h2>Configuration and problems</h2>{"".join(parts)}</section>' if parts else ""


def render(report: Report) -> str:
    """The whole report as one HTML document with no external resources and no script."""
    body = (
        _header(report) + _nav(report) + _summary(report) + _dimensions(report) + _roles(report.roles) + _comparison(report.comparison)
        + _gaps(report) + _curation(report) + _advice(report.advice) + _repositories(report) + _configuration(report)
        + f"<footer>readiness {e(report.tool_version)} · generated {e(report.generated_at)} · report schema {e(report.schema_version)}</footer>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="referrer" content="no-referrer"><meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>ML portfolio readiness — {e(report.subject)}</title><style>{STYLE}</style></head>"
        f"<body>{body}</body></html>\n"
    )
