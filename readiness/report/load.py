"""Load a JSON report back into the Report dataclasses, after validating it against the committed schema."""

from __future__ import annotations

from pathlib import Path

from readiness.errors import InputError
from readiness.models import Report
from readiness.serialize import LoadError, from_data


def load_report(path: Path) -> Report:
    """Read, validate (readiness.report.compare.load_previous) and rebuild a JSON report; a bad file is one InputError."""
    from readiness.report.compare import load_previous

    data = load_previous(path)
    try:
        return from_data(Report, data)
    except LoadError as exc:
        raise InputError(f"{path}: not a readiness JSON report ({exc})") from exc
