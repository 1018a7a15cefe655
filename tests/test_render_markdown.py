"""The Markdown report: content on the sample portfolio, escaping, and trimming to GitHub's 1 MiB summary limit."""

from __future__ import annotations

import re

from readiness.report import markdown
from readiness.report.formats import render
from tests.report_fixtures import HOSTILE, fill, tiny_report


def test_sample_portfolio_in_markdown(sample_report) -> None:
    text = render(fill(sample_report), "markdown")
    assert "# ML portfolio readiness: sample portfolio of ada" in text.splitlines()[0]
    assert f"**Overall: {sample_report.overall:.1f}/100 ({sample_report.overall_band})" in text
    assert "**Target role ML engineer: 62.5/100 (almost ready)" in text
    assert "| ML engineer (target) | 62.5/100 |" in text
    assert "## Portfolio by dimension" in text and "| documentation |" in text
    assert "1. **A trained model is served behind an API** (DEP001, deployment) — +8.5 points, medium effort" in text
    assert "## Advice: Build the portfolio first" in text and "| Tuition | 30,000 |" in text and "break-even after 7.5 years" in text
    for repo in sample_report.repos:
        assert repo.name.replace("-", "\\-") in text or repo.name in text
    assert "❌ `DOC012` no-secrets-committed" in text or "❌ `DOC012` no\\-secrets\\-committed" in text
    assert "<details>" in text and text.count("<details>") == text.count("</details>") == len(sample_report.repos)
    assert "trimmed" not in text


def test_hostile_text_is_inert() -> None:
    text = markdown.render(tiny_report("@octocat " + HOSTILE, HOSTILE + "\n# heading\n| a | b |"))
    raw_tags = set(re.findall(r"(?<!\\)</?([a-zA-Z]+)", text))
    assert raw_tags <= {"details", "summary", "b", "sub"}, raw_tags  # only the renderer's own markup
    assert "\\<script\\>" in text
    assert "@octocat" not in text and "@\u2060octocat" in text
    assert not re.search(r"^# heading", text, re.MULTILINE)  # line breaks in untrusted text are flattened
    assert "\\| a \\| b \\|" in text  # pipes cannot open table cells


def test_trimming_keeps_summary_advice_and_fits() -> None:
    huge = tiny_report("big", "x" * 200, findings_per_repo=40, repos=60, evidence=30)
    full = markdown.render(huge, limit=10**9)
    assert len(full.encode()) > 4 * 1024 * 1024
    text = markdown.render(huge)
    assert len(text.encode()) <= markdown.LIMIT
    assert text == markdown.render(huge)  # deterministic
    for needle in ("**Overall: 50.0/100", "## Readiness by role", "## What to fix first", "## Advice: Build the portfolio first",
                   "### Cost of a degree", "## Checks skipped by configuration", "## Problems", "was trimmed"):
        assert needle in text
    assert text.count("<details>") == 60  # every repository is still listed


def test_trimming_levels_in_order() -> None:
    report = tiny_report("mid", "y" * 100, findings_per_repo=10, repos=3, evidence=20)
    full = markdown.render(report, limit=10**9)
    capped = markdown.render(report, limit=len(full.encode()) - 1)
    assert "more in the JSON report" in capped and "was trimmed" in capped
    tiny = markdown.render(report, limit=len(markdown.render(report, limit=0).encode()))
    assert "## Advice" in tiny
    nothing = markdown.render(report, limit=0)
    assert "more repositories: see the JSON or HTML report" in nothing and "## Advice" in nothing


def test_comparison_section(sample_report) -> None:
    from tests.test_render_compare import compared

    text = markdown.render(compared(sample_report))
    assert "## Since the previous report" in text and "**Improved (1)**" in text and "**Regressed (1)**" in text
