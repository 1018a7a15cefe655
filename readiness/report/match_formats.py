"""The posting match's renderers (text, json, markdown, html, sarif), its file names and the --fail-under gate."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from readiness.models import Report
from readiness.report import json_format
from readiness.report.common import EXTENSIONS
from readiness.report.match_html import render_match_html
from readiness.report.match_markdown import render_match_markdown
from readiness.report.match_sarif import render_match_sarif
from readiness.report.match_text import render_match

MATCH_RENDERERS: dict[str, Callable[[Report], str]] = {
    "text": render_match,
    "json": json_format.render,
    "markdown": render_match_markdown,
    "html": render_match_html,
    "sarif": render_match_sarif,
}
"""JSON is the whole report with its `match` field, so `--report` and the schema work on it."""


def rendered_match(report: Report, formats: tuple[str, ...], output: Path | None, output_dir: Path | None) -> list[tuple[Path | None, str]]:
    """(destination, text) per format: OUTPUT (None: stdout) for one format, DIR/readiness-match.EXT each under OUTPUT_DIR."""
    if output_dir is None:
        return [(output, MATCH_RENDERERS[formats[0]](report))]
    return [(output_dir / f"readiness-match.{EXTENSIONS[fmt]}", MATCH_RENDERERS[fmt](report)) for fmt in formats]


def below_coverage(report: Report, fail_under: float | None) -> str | None:
    """The message when must-have coverage (0-100; nothing checkable counts as 0) is below FAIL_UNDER, else None."""
    if fail_under is None or report.match is None:
        return None
    percent = report.match.must_have.percent
    if percent is not None and percent >= fail_under:
        return None
    shown = "nothing checkable" if percent is None else f"{percent:.1f}%"
    return f"readiness: must-have coverage {shown} is below --fail-under {fail_under:g}"
