"""Renderers: each turns a Report into a string; none computes, filters or writes files."""

from __future__ import annotations

from typing import Callable

from readiness.models import Report
from readiness.report import html, json_format, markdown, sarif, text

RENDERERS: dict[str, Callable[[Report], str]] = {
    "text": text.render,
    "json": json_format.render,
    "markdown": markdown.render,
    "html": html.render,
    "sarif": sarif.render,
}


DETAILED: dict[str, Callable[[Report], str]] = {"text": text.render_details}
"""Formats whose default is a summary, and their renderer with every finding (--details)."""


def render(report: Report, fmt: str, details: bool = False) -> str:
    """Render REPORT in format FMT (with DETAILS, the detailed variant where a format has one)."""
    renderer = DETAILED[fmt] if details and fmt in DETAILED else RENDERERS[fmt]
    return renderer(report)
