"""Small presentation helpers shared by the Markdown, HTML and SARIF renderers (formatting only)."""

from __future__ import annotations

from readiness.models import Evidence, Status

STATUS_LABEL = {
    Status.PASS: "pass",
    Status.FAIL: "fail",
    Status.NOT_APPLICABLE: "n/a",
    Status.UNKNOWN: "unknown",
    Status.ERROR: "error",
}

EXTENSIONS = {"text": "txt", "json": "json", "markdown": "md", "html": "html", "sarif": "sarif"}


def score_text(value: float | None, scale: int = 10) -> str:
    """A score for display ('7.5/10'), or a dash when nothing was scored."""
    return "—" if value is None else f"{value:.1f}/{scale}"


def signed(value: float | None) -> str:
    """A difference with its sign ('+1.5', '-0.3', '±0'), or a dash."""
    if value is None:
        return "—"
    if value == 0:
        return "±0"
    return f"{value:+.1f}"


def where(ev: Evidence) -> str:
    """Evidence location as 'path:line [cell n]' (empty when there is none)."""
    return ev.where


def bar(value: float | None, cells: int = 10, scale: float = 10.0) -> str:
    """A bar of CELLS characters for a score on SCALE (empty when unscored)."""
    if value is None:
        return ""
    filled = max(0, min(cells, round(value / scale * cells)))
    return "█" * filled + "░" * (cells - filled)


def money(amount: float | None) -> str:
    """An amount with thousands separators, or a dash."""
    return "—" if amount is None else f"{amount:,.0f}"


def report_name(fmt: str) -> str:
    """The file name a format is written to under --output-dir."""
    return f"readiness-report.{EXTENSIONS[fmt]}"
