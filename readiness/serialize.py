"""Turn report dataclasses into JSON-ready data and back, guided by their type hints."""

from __future__ import annotations

import dataclasses
import types
import typing
from enum import Enum
from functools import lru_cache
from typing import Any, TypeVar

T = TypeVar("T")


class LoadError(ValueError):
    """Data does not have the shape of the dataclass it should become."""


def to_data(value: Any) -> Any:
    """Convert dataclasses, enums, tuples and mappings to JSON-ready data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name != "fn"}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [to_data(v) for v in value]
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(k): to_data(v) for k, v in value.items()}
    return value


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    """Resolved type hints of a dataclass (cached)."""
    return typing.get_type_hints(cls)


def from_data(tp: Any, data: Any, where: str = "$") -> Any:
    """Rebuild a value of type TP from JSON data; raise LoadError with the JSON path on a mismatch."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        if data is None and type(None) in args:
            return None
        errors = []
        for option in (a for a in args if a is not type(None)):
            try:
                return from_data(option, data, where)
            except LoadError as exc:
                errors.append(str(exc))
        raise LoadError(errors[0] if errors else f"{where}: unexpected null")
    if tp is Any:
        return data
    if isinstance(tp, type) and issubclass(tp, Enum):
        try:
            return tp(data)
        except ValueError as exc:
            raise LoadError(f"{where}: {data!r} is not a valid {tp.__name__}") from exc
    if tp is float:
        if isinstance(data, (int, float)) and not isinstance(data, bool):
            return float(data)
        raise LoadError(f"{where}: expected a number")
    if tp in (str, int, bool):
        if isinstance(data, tp) and not (tp is int and isinstance(data, bool)):
            return data
        raise LoadError(f"{where}: expected {tp.__name__}")
    if origin is tuple:
        if not isinstance(data, list):
            raise LoadError(f"{where}: expected an array")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_data(args[0], item, f"{where}[{i}]") for i, item in enumerate(data))
        if len(args) != len(data):
            raise LoadError(f"{where}: expected {len(args)} items")
        return tuple(from_data(a, item, f"{where}[{i}]") for i, (a, item) in enumerate(zip(args, data)))
    if dataclasses.is_dataclass(tp):
        if not isinstance(data, dict):
            raise LoadError(f"{where}: expected an object")
        hints = _hints(tp)
        values = {}
        for field in dataclasses.fields(tp):
            if field.name in data:
                values[field.name] = from_data(hints[field.name], data[field.name], f"{where}.{field.name}")
            elif field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
                raise LoadError(f"{where}: missing {field.name}")
        return tp(**values)
    raise LoadError(f"{where}: cannot load type {tp!r}")
