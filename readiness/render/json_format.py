"""The JSON report: the Report dataclasses as plain data, versioned by schema_version."""

from __future__ import annotations

import dataclasses
import json
from enum import Enum
from typing import Any

from readiness.models import Report


def to_data(value: Any) -> Any:
    """Convert dataclasses, enums, tuples and mappings to JSON-ready data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name != "fn"}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [to_data(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in value.items()}
    return value


def render(report: Report) -> str:
    """The report as indented JSON."""
    return json.dumps(to_data(report), indent=2, ensure_ascii=False) + "\n"
