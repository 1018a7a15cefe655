"""Where each rendered report goes, and the --fail-under gate's message (the command line writes and exits)."""

from __future__ import annotations

from pathlib import Path

from readiness.models import Report
from readiness.report.actions import gate, gate_score
from readiness.report.common import report_name
from readiness.report.formats import render


def rendered(report: Report, formats: tuple[str, ...], output: Path | None, output_dir: Path | None, details: bool = False) -> list[tuple[Path | None, str]]:
    """(destination, text) per format: OUTPUT (None: stdout) for one format, DIR/readiness-report.EXT each under OUTPUT_DIR;
    DETAILS asks for every finding where a format's default is a summary (text)."""
    if output_dir is None:
        return [(output, render(report, formats[0], details))]
    return [(output_dir / report_name(fmt), render(report, fmt, details)) for fmt in formats]


def below_gate(report: Report, fail_under: float | None) -> str | None:
    """The message when the target role's readiness (0-100; no evidence counts as 0) is below FAIL_UNDER, else None."""
    if gate(report, fail_under) != "fail":
        return None
    target = next((r for r in report.roles if r.target), None)
    label = target.label if target is not None else "target role"
    return f"readiness: {label} readiness {gate_score(report):.1f} is below --fail-under {fail_under:g}"
