"""The pull-request comment: a hidden marker to find it again, the Markdown summary sized for a comment, a footer."""

from __future__ import annotations

from readiness.models import Report
from readiness.report import markdown

MARKER = "<!-- readiness:pull-request-comment -->"
"""Starts every comment readiness writes; hidden when GitHub renders the Markdown."""
LIMIT = 65536
"""GitHub refuses a comment body over 65,536 characters."""


def footer(run_url: str | None) -> str:
    """Where the full reports are: the workflow run's artifacts, when the run is known."""
    where = f"the [workflow run]({run_url})" if run_url else "the workflow run"
    return f"<sub>Updated on every push to this pull request. Full JSON and HTML reports: {where}.</sub>\n"


def comment_body(report: Report, run_url: str | None = None) -> str:
    """MARKER, the Markdown report trimmed to fit a comment, and the footer; never over LIMIT characters."""
    tail = footer(run_url)
    budget = LIMIT - len(MARKER) - len(tail) - 4
    text = markdown.render(report, limit=budget)  # a byte limit: at most as many characters
    if len(text) > budget:  # the summary and advice alone do not fit: cut at a line
        cut = text.rfind("\n", 0, budget - 80)
        text = text[: max(cut, 0)] + "\n\n… cut to fit a pull-request comment.\n"
    return f"{MARKER}\n{text}\n{tail}"
