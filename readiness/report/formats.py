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


def render(report: Report, fmt: str) -> str:
    """Render REPORT in format FMT."""
    return RENDERERS[fmt](report)
