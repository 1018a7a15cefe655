"""The cohort report's formats: each turns a CohortReport into its text, a piece at a time (the command line writes them)."""

from __future__ import annotations

from typing import Callable, Iterable

from readiness.report import cohort_html
from readiness.report.cohort_formats import render_csv, render_json, render_markdown, render_text
from readiness.report.cohort_model import CohortReport

RENDERERS: dict[str, Callable[[CohortReport], Iterable[str]]] = {
    "text": render_text,
    "json": render_json,
    "markdown": render_markdown,
    "html": cohort_html.render,
    "csv": render_csv,
}
EXTENSIONS = {"text": "txt", "json": "json", "markdown": "md", "html": "html", "csv": "csv"}


def file_name(fmt: str) -> str:
    """The file a format is written to under --output-dir."""
    return f"cohort-report.{EXTENSIONS[fmt]}"
