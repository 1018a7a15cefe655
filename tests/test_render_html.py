"""The HTML report, read as markup: self-contained, strict CSP, SVG charts, drill-down, escaping."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from readiness.report.formats import render
from tests.report_fixtures import HOSTILE, ROLES, fill, tiny_report

SVG = "{http://www.w3.org/2000/svg}"


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> Elements:
    """Parse PAGE."""
    parser = Elements()
    parser.feed(page)
    return parser


def assert_inert(page: str) -> None:
    """No script, no event handler, no javascript: URL, no external resource."""
    tags = parse(page).tags
    assert not [t for t, _ in tags if t in {"script", "iframe", "object", "embed", "img", "link", "form", "base"}]
    for tag, attrs in tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for key in ("href", "src", "action", "xlink:href"):
            value = (attrs.get(key) or "").strip().lower()
            assert not value.startswith("javascript:") and not value.startswith("http:") and not value.startswith("//")
            assert not value or value.startswith("#") or value.startswith("https://"), (tag, key, value)
            assert key != "src" or not value


def test_sample_portfolio_html(sample_report) -> None:
    page = render(fill(sample_report), "html")
    assert_inert(page)
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert meta and "default-src 'none'" in meta.group(1) and "img-src data:" in meta.group(1)
    assert "@media print" in page
    text = " ".join(parse(page).text)
    for repo in sample_report.repos:
        assert repo.name in text
    for needle in ("Portfolio by dimension", "Readiness by role", "What to fix first", "Advice: Build the portfolio first", "Cost of a degree"):
        assert needle in text
    assert f"{sample_report.overall:.1f}/100" in text
    ids = {a.get("id") for _, a in parse(page).tags}
    links = {a["href"][1:] for t, a in parse(page).tags if t == "a" and (a.get("href") or "").startswith("#")}
    assert {f"repo-{i}" for i in range(len(sample_report.repos))} <= links <= ids


def _charts(page: str) -> dict[str, ET.Element]:
    """Each inline SVG chart, parsed as XML."""
    return {m.group(1): ET.fromstring(m.group(0)) for m in re.finditer(r'<svg id="([^"]+)".*?</svg>', page, re.DOTALL)}


def test_charts_draw_the_report_numbers(sample_report) -> None:
    report = fill(sample_report)
    charts = _charts(render(report, "html"))
    dims = charts["chart-dimensions"]
    assert dims.get("role") == "img" and dims.find(f"{SVG}title").text.startswith("The best work by dimension")
    scored = [d for d in report.portfolio if d.score is not None]
    bars = dims.findall(f"{SVG}rect")
    assert len(bars) == len(scored)
    widths = [float(b.get("width")) for b in bars]
    assert widths == [round(420 * d.score / 10, 1) for d in scored]
    roles = charts["chart-roles"]
    assert [float(b.get("width")) for b in roles.findall(f"{SVG}rect")] == [round(420 * r.score / 100, 1) for r in ROLES if r.score is not None]
    labels = [t.text for t in roles.findall(f"{SVG}text")]
    assert "ML engineer" in labels and "not scored" in labels


def test_hostile_content_is_escaped() -> None:
    page = render(tiny_report(HOSTILE, HOSTILE), "html")
    assert_inert(page)
    assert "&lt;script&gt;document.title=&#x27;PWNED&#x27;&lt;/script&gt;" in page
    title = re.search(r"<title>(.*?)</title>", page, re.DOTALL).group(1)
    assert "<" not in title


def test_repository_links_only_for_https_sources() -> None:
    import dataclasses

    report = tiny_report()
    repo = dataclasses.replace(report.repos[0], source="javascript:alert(1)")
    page = render(dataclasses.replace(report, repos=(repo,)), "html")
    assert_inert(page)
    repo = dataclasses.replace(report.repos[0], source="https://github.com/ada/demo")
    page = render(dataclasses.replace(report, repos=(repo,)), "html")
    assert '<a href="https://github.com/ada/demo" rel="noreferrer">' in page


def test_comparison_in_html(sample_report) -> None:
    from tests.test_render_compare import compared

    page = render(compared(sample_report), "html")
    text = " ".join(parse(page).text)
    assert "Since the previous report" in text and "Improved (1)" in text and "Regressed (1)" in text
