"""The cohort report as one self-contained HTML file: band distributions, score histograms and the dimension heat map
as inline SVG (the same numbers in tables), common gaps, who is ready, and each candidate linked to their own report;
yielded a piece at a time (a candidate at most), so a cohort of any size is written without the whole page in memory."""

from __future__ import annotations

from itertools import islice
from typing import Iterator
from urllib.parse import quote

from readiness.report.cohort_formats import SHORT, headline, ready_by_role
from readiness.report.cohort_model import CohortReport, RoleSummary
from readiness.report.html import CSP, STYLE, e

BAND_FILLS = ("#cf222e", "#d4a72c", "#2da44e", "#1a7f37", "#0969da", "#8250df")
HEAT_MAP_ROWS = 400
"""Rows drawn in the heat-map chart (the table under it has every candidate)."""
EXTRA_STYLE = ".heat td { text-align: center; min-width: 2.6em; } .legend span { display: inline-block; padding: 0 8px; margin-right: 4px; color: #fff; }"


def _heat_fill(value: float | None) -> str:
    """A red-to-green colour for a 0-10 score (grey when unscored)."""
    if value is None:
        return "#eaeef2"
    ratio = max(0.0, min(1.0, value / 10))
    red, green = int(207 - 162 * ratio), int(34 + 130 * ratio)
    return f"rgb({red},{green},{int(46 + 32 * ratio)})"


def band_chart(report: CohortReport) -> str:
    """One stacked bar per role: how many candidates fall in each band."""
    label_w, bar_w, row_h, top = 200, 480, 26, 8
    total = max(1, len(report.candidates))
    height = top + row_h * len(report.roles) + 10
    parts = [f'<svg id="chart-bands" role="img" aria-labelledby="chart-bands-t" width="{label_w + bar_w + 20}" height="{height}" '
             f'viewBox="0 0 {label_w + bar_w + 20} {height}" xmlns="http://www.w3.org/2000/svg">'
             '<title id="chart-bands-t">Candidates per band, by role</title>']
    for index, role in enumerate(report.roles):
        y, x = top + index * row_h, float(label_w)
        parts.append(f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end">{e(role.label)}</text>')
        for band_index, (band, count) in enumerate(role.bands):
            width = bar_w * count / total
            if count:
                parts.append(f'<rect x="{x:.1f}" y="{y + 4}" width="{width:.1f}" height="{row_h - 8}" '
                             f'fill="{BAND_FILLS[band_index % len(BAND_FILLS)]}"><title>{e(band)}: {count}</title></rect>')
            x += width
    parts.append("</svg>")
    return "".join(parts)


def histogram(role: RoleSummary, index: int) -> str:
    """The role's scores in ten 10-point bins, as a small column chart."""
    width, height, col = 260, 90, 24
    peak = max(1, max(role.histogram, default=0))
    parts = [f'<svg id="hist-{index}" role="img" aria-labelledby="hist-{index}-t" width="{width}" height="{height + 18}" '
             f'viewBox="0 0 {width} {height + 18}" xmlns="http://www.w3.org/2000/svg">'
             f'<title id="hist-{index}-t">{e(role.label)}: candidates per 10 points of role score</title>']
    for b, count in enumerate(role.histogram):
        h = (height - 14) * count / peak
        parts.append(f'<rect x="{10 + b * col}" y="{height - h:.1f}" width="{col - 4}" height="{h:.1f}" fill="#0969da">'
                     f'<title>{b * 10}-{b * 10 + 10}: {count}</title></rect>')
        if count:
            parts.append(f'<text x="{10 + b * col + (col - 4) / 2}" y="{height - h - 2:.1f}" text-anchor="middle">{count}</text>')
    parts.append(f'<text x="10" y="{height + 14}">0</text><text x="{10 + 10 * col - 4}" y="{height + 14}" text-anchor="end">100</text></svg>')
    return "".join(parts)


def heat_map(report: CohortReport) -> Iterator[str]:
    """Candidates × dimensions as coloured cells (SVG), up to HEAT_MAP_ROWS rows; the table below has every number."""
    shown = min(len(report.candidates), HEAT_MAP_ROWS)
    name_w, cell, top = 180, 34, 22
    width, height = name_w + cell * len(report.dimensions) + 10, top + 16 * shown + 4
    yield (f'<svg id="chart-heat" role="img" aria-labelledby="chart-heat-t" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
           '<title id="chart-heat-t">Dimension scores per candidate (0-10)</title>')
    yield "".join(f'<text x="{name_w + j * cell + cell / 2}" y="14" text-anchor="middle">{SHORT[dimension]}</text>'
                  for j, dimension in enumerate(report.dimensions))
    for i, row in enumerate(islice(report.candidates, shown)):
        y = top + i * 16
        parts = [f'<text x="{name_w - 6}" y="{y + 12}" text-anchor="end">{e(row.name[:24])}</text>']
        for j, dimension in enumerate(report.dimensions):
            value = row.dimension(dimension)
            label = "not scored" if value is None else f"{value:.1f}"
            parts.append(f'<rect x="{name_w + j * cell}" y="{y}" width="{cell - 2}" height="14" fill="{_heat_fill(value)}">'
                         f'<title>{e(row.name)} · {e(dimension.label)}: {label}</title></rect>')
        yield "".join(parts)
    yield "</svg>"


def _roles(report: CohortReport) -> str:
    """Band chart, the numbers per role, and each role's histogram."""
    head = "<tr><th>role</th><th>scored</th><th>mean</th><th>median</th><th>range</th><th>bands</th><th>ready</th></tr>"
    rows = "".join(
        f"<tr><td>{e(r.label)}</td><td class=num>{r.scored}</td><td class=num>{_n(r.mean)}</td><td class=num>{_n(r.median)}</td>"
        f"<td class=num>{_n(r.low, 0)}-{_n(r.high, 0)}</td><td>{e(' · '.join(f'{b} {n}' for b, n in r.bands))}</td>"
        f"<td class=num>{len(r.ready)}</td></tr>" for r in report.roles)
    legend = "".join(f'<span style="background:{BAND_FILLS[i % len(BAND_FILLS)]}">{e(b)}</span>'
                     for i, (b, _) in enumerate(report.roles[0].bands)) if report.roles else ""
    hists = "".join(f"<figure><figcaption>{e(r.label)}</figcaption>{histogram(r, i)}</figure>" for i, r in enumerate(report.roles))
    return (f'<section id="roles"><h2>Role readiness across the cohort</h2><p class="legend">{legend}</p>{band_chart(report)}'
            f'<table>{head}{rows}</table><div class="headline">{hists}</div></section>')


def _n(value: float | None, digits: int = 1) -> str:
    """A number, or a dash."""
    return "—" if value is None else f"{value:.{digits}f}"


def _gaps(report: CohortReport) -> str:
    """The most common gaps with how many candidates each affects."""
    rows = "".join(f"<tr><td><code>{e(g.check_id)}</code></td><td>{e(g.title)}</td><td>{e(g.dimension.label)}</td>"
                   f"<td class=num>{g.candidates}</td><td class=num>{g.share:.0%}</td><td>{e(', '.join(g.names))}</td></tr>"
                   for g in report.gaps)
    return (f'<section id="gaps"><h2>Most common gaps</h2><table><tr><th>check</th><th>title</th><th>dimension</th>'
            f'<th>candidates</th><th>share</th><th>who (first few)</th></tr>{rows}</table></section>')


def _heat(report: CohortReport) -> Iterator[str]:
    """The heat map and its table, a candidate at a time."""
    heads = "".join(f"<th title=\"{e(d.label)}\">{SHORT[d]}</th>" for d in report.dimensions)
    yield '<section id="heat"><h2>Dimension heat map</h2>'
    yield from heat_map(report)
    yield f'<table class="heat"><tr><th>candidate</th>{heads}</tr>'
    for r in report.candidates:
        yield f"<tr><td>{e(r.name)}</td>" + "".join(_heat_td(r.dimension(d)) for d in report.dimensions) + "</tr>"
    yield "</table></section>"


def _heat_td(value: float | None) -> str:
    """A heat-map table cell with the number on its colour."""
    return f'<td style="background:{_heat_fill(value)};color:#fff">{_n(value)}</td>'


def _ready(report: CohortReport) -> Iterator[str]:
    """Who is ready (competitive or strong) for each role."""
    yield '<section id="ready"><h2>Who is ready for which role</h2><ul>'
    yield from ready_by_role(report, lambda label: f"<li><strong>{e(label)}</strong>: ", "</li>", e)
    yield "</ul></section>"


def _candidates(report: CohortReport) -> Iterator[str]:
    """Each candidate's one-line summary, linking to their own JSON report; failures and roster problems after."""
    yield '<section id="candidates"><h2>Candidates</h2><ul>'
    for r in report.candidates:
        yield f'<li><a href="{e(quote(r.report))}">{e(r.name)}</a> <span class="muted">(row {r.row})</span>: {e(r.summary)}</li>'
    yield "</ul>"
    if report.failures:
        yield "<h3>Not assessed</h3><ul>"
        yield from (f"<li>row {f.row} {e(f.name)}: {e(f.reason)}</li>" for f in report.failures)
        yield "</ul>"
    if report.roster_problems:
        yield "<h3>Roster problems</h3><ul>" + "".join(f"<li>row {p.row}: {e(p.message)}</li>" for p in report.roster_problems) + "</ul>"
    yield "</section>"


def render(report: CohortReport) -> Iterator[str]:
    """The cohort report as one HTML document with no script and no external resource, a piece at a time."""
    yield ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
           f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
           '<meta name="referrer" content="no-referrer"><meta name="viewport" content="width=device-width, initial-scale=1">'
           f"<title>Cohort readiness — {e(report.roster)}</title><style>{STYLE}{EXTRA_STYLE}</style></head><body>")
    yield (f"<header><h1>Cohort readiness</h1><p class=\"subject\">{e(report.roster)}</p><p>{e(headline(report))}</p></header>"
           + _roles(report) + _gaps(report))
    yield from _heat(report)
    yield from _ready(report)
    yield from _candidates(report)
    yield f"<footer>readiness {e(report.tool_version)} · generated {e(report.generated_at)} · {e(report.schema)}</footer></body></html>\n"
