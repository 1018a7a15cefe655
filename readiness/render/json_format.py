"""The JSON report: the Report dataclasses as plain data, versioned by schema_version."""

from __future__ import annotations

import json

from readiness.models import Report
from readiness.serialize import to_data

__all__ = ["render", "to_data"]


def render(report: Report) -> str:
    """The report as indented JSON."""
    return json.dumps(to_data(report), indent=2, ensure_ascii=False) + "\n"
