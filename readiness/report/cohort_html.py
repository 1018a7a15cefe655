"""The cohort report as one self-contained HTML file: band distributions, score histograms and the dimension heat map
as inline SVG (the same numbers in tables), common gaps, who is ready, and each candidate linked to their own report."""

from __future__ import annotations

from urllib.parse import quote

from readiness.report.cohort_formats import SHORT, headline
from readiness.report.cohort_model import CohortReport, RoleSummary
from readiness.report.html import CSP, STYLE, e

BAND_FILLS = ("#cf222e", "#d4a72c", "#2da44e", "#1a7f37", "#0969da", "#8250df")
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


def heat_map(report: CohortReport) -> str:
    """Candidates × dimensions as coloured cells (SVG), up to 400 rows; the table below has every number."""
    rows = report.candidates[:400]
    name_w, cell, top = 180, 34, 22
    width, height = name_w + cell * len(report.dimensions) + 10, top + 16 * len(rows) + 4
    parts = [f'<svg id="chart-heat" role="img" aria-labelledby="chart-heat-t" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
             '<title id="chart-heat-t">Dimension scores per candidate (0-10)</title>']
    for j, dimension in enumerate(report.dimensions):
        parts.append(f'<text x="{name_w + j * cell + cell / 2}" y="14" text-anchor="middle">{SHORT[dimension]}</text>')
    for i, row in enumerate(rows):
        y = top + i * 16
        parts.append(f'<text x="{name_w - 6}" y="{y + 12}" text-anchor="end">{e(row.name[:24])}</text>')
        for j, dimension in enumerate(report.dimensions):
            value = row.dimension(dimension)
            label = "not scored" if value is None else f"{value:.1f}"
            parts.append(f'<rect x="{name_w + j * cell}" y="{y}" width="{cell - 2}" height="14" fill="{_heat_fill(value)}">'
                         f'<title>{e(row.name)} · {e(dimension.label)}: {label}</title></rect>')
    parts.append("</svg>")
    return "".join(parts)


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


def _heat(report: CohortReport) -> str:
    """The heat map and its table."""
    heads = "".join(f"<th title=\"{e(d.label)}\">{SHORT[d]}</th>" for d in report.dimensions)
    rows = "".join(f"<tr><td>{e(r.name)}</td>" + "".join(_heat_td(r.dimension(d)) for d in report.dimensions) + "</tr>"
                   for r in report.candidates)
    return (f'<section id="heat"><h2>Dimension heat map</h2>{heat_map(report)}'
            f'<table class="heat"><tr><th>candidate</th>{heads}</tr>{rows}</table></section>')


def _heat_td(value: float | None) -> str:
    """A heat-map table cell with the number on its colour."""
    return f'<td style="background:{_heat_fill(value)};color:#fff">{_n(value)}</td>'


def _ready(report: CohortReport) -> str:
    """Who is ready (competitive or strong) for each role."""
    items = "".join(f"<li><strong>{e(r.label)}</strong>: {e(', '.join(r.ready)) if r.ready else 'nobody yet'}</li>" for r in report.roles)
    return f'<section id="ready"><h2>Who is ready for which role</h2><ul>{items}</ul></section>'


def _candidates(report: CohortReport) -> str:
    """Each candidate's one-line summary, linking to their own JSON report; failures and roster problems after."""
    items = "".join(f'<li><a href="{e(quote(r.report))}">{e(r.name)}</a> <span class="muted">(row {r.row})</span>: {e(r.summary)}</li>'
                    for r in report.candidates)
    parts = [f'<section id="candidates"><h2>Candidates</h2><ul>{items}</ul>']
    if report.failures:
        parts.append("<h3>Not assessed</h3><ul>" + "".join(f"<li>row {f.row} {e(f.name)}: {e(f.reason)}</li>" for f in report.failures) + "</ul>")
    if report.roster_problems:
        parts.append("<h3>Roster problems</h3><ul>" + "".join(f"<li>row {p.row}: {e(p.message)}</li>" for p in report.roster_problems) + "</ul>")
    return "".join(parts) + "</section>"


def render(report: CohortReport) -> str:
    """The cohort report as one HTML document with no script and no external resource."""
    body = (f"<header><h1>Cohort readiness</h1><p class=\"subject\">{e(report.roster)}</p><p>{e(headline(report))}</p></header>"
            + _roles(report) + _gaps(report) + _heat(report) + _ready(report) + _candidates(report)
            + f"<footer>readiness {e(report.tool_version)} · generated {e(report.generated_at)} · {e(report.schema)}</footer>")
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            '<meta name="referrer" content="no-referrer"><meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Cohort readiness — {e(report.roster)}</title><style>{STYLE}{EXTRA_STYLE}</style></head>"
            f"<body>{body}</body></html>\n")

