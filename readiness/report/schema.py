"""Derive the JSON Schema of the JSON report from the Report dataclasses (the committed file must match)."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from enum import Enum
from pathlib import Path
from typing import Any

from readiness.models import Report

SCHEMA_FILE = Path(__file__).resolve().parent / "data" / "report.schema.json"
SCHEMA_ID = "https://readiness.example/schema/report-1.json"


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    """JSON Schema for one Python type annotation."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        options = [_type_schema(a, defs) for a in args]
        return {"anyOf": options}
    if tp is type(None):
        return {"type": "null"}
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if isinstance(tp, type) and issubclass(tp, Enum):
        return {"type": "string", "enum": [m.value for m in tp]}
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": _type_schema(args[0], defs)}
        return {"type": "array", "prefixItems": [_type_schema(a, defs) for a in args], "minItems": len(args), "maxItems": len(args)}
    if dataclasses.is_dataclass(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}
            defs[name] = _object_schema(tp, defs)
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no JSON Schema mapping for {tp!r}")


def _described(schema: dict[str, Any], field: dataclasses.Field) -> dict[str, Any]:
    """A property's schema with the field's documentation (metadata 'doc'), when it has one."""
    doc = field.metadata.get("doc")
    return {**schema, "description": doc} if doc else schema


def _object_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    """Schema of a dataclass: fields without a default required (later additions have one), nothing else allowed."""
    hints = typing.get_type_hints(cls)
    fields = [f for f in dataclasses.fields(cls) if f.name != "fn"]
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {f.name: _described(_type_schema(hints[f.name], defs), f) for f in fields},
        "required": [f.name for f in fields if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING],
        "additionalProperties": False,
    }
    if cls.__doc__:
        schema["description"] = cls.__doc__.strip().splitlines()[0]
    return schema


def build_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of the JSON report."""
    defs: dict[str, Any] = {}
    root = _object_schema(Report, defs)
    root["properties"]["schema_version"] = {"const": "1.0"}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "readiness report",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def schema_text() -> str:
    """The schema as the committed file holds it."""
    return json.dumps(build_schema(), indent=2) + "\n"
