"""The JSON report: the Report dataclasses as plain data, versioned by schema_version."""

from __future__ import annotations

import dataclasses
import json
from enum import Enum
from typing import Any

from readiness.models import Report
from readiness.report.layered_json import dumps
from readiness.serialize import to_data


LEVELS = 4  # report > repos > repo > findings: each finding, gap or problem on a line of its own


_NAMES: dict[type, tuple[str, ...]] = {}
"""A dataclass -> the names of its fields that the JSON holds (looked up once per class, not per object)."""


def _shallow(value: Any) -> Any:
    """One level of conversion, called by the encoder object by object, so no whole copy of the report is built."""
    names = _NAMES.get(type(value))
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _NAMES[type(value)] = tuple(f.name for f in dataclasses.fields(value) if f.name != "fn")
    if names is not None:
        return {name: getattr(value, name) for name in names}
    if isinstance(value, Enum):
        return value.value
    if hasattr(value, "items"):
        return dict(value.items())
    raise TypeError(f"cannot encode {type(value).__name__}")


def render(report: Report) -> str:
    """The report as JSON (the same data as `readiness.serialize.to_data(report)`), one finding per line."""
    return dumps(report, LEVELS, default=_shallow) + "\n"


def advice_json(report: Report) -> str:
    """The advice part of a report as JSON: target role, role scores, gaps and advice."""
    data = {key: to_data(getattr(report, key)) for key in ("target_role", "roles", "gaps", "advice")}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
