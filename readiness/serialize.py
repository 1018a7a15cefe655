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


class _Mismatch(Exception):
    """Raised inside a loader; the JSON path is built as it travels up, so the happy path formats nothing."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path: list[str] = []


Loader = typing.Callable[[Any], Any]


def from_data(tp: Any, data: Any, where: str = "$") -> Any:
    """Rebuild a value of type TP from JSON data; raise LoadError with the JSON path on a mismatch."""
    try:
        return _loader(tp)(data)
    except _Mismatch as exc:
        raise LoadError(f"{where}{''.join(reversed(exc.path))}: {exc.reason}") from None


def _at(part: str, exc: _Mismatch) -> _Mismatch:
    """EXC with PART ('.field' or '[3]') added in front of its path."""
    exc.path.append(part)
    return exc


@lru_cache(maxsize=None)
def _loader(tp: Any) -> Loader:
    """A function that rebuilds a TP from JSON data (built once per type, guided by the type hints)."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        return _union_loader(args)
    if tp is Any:
        return lambda data: data
    if isinstance(tp, type) and issubclass(tp, Enum):
        return _enum_loader(tp)
    if tp is float:
        def load_float(data: Any) -> float:
            if isinstance(data, (int, float)) and not isinstance(data, bool):
                return data  # an int stays an int (PEP 484 takes it as a float): a report reads back exactly as written
            raise _Mismatch("expected a number")
        return load_float
    if tp in (str, int, bool):
        def load_plain(data: Any) -> Any:
            if isinstance(data, tp) and not (tp is int and isinstance(data, bool)):
                return data
            raise _Mismatch(f"expected {tp.__name__}")
        return load_plain
    if origin is tuple:
        return _tuple_loader(args)
    if dataclasses.is_dataclass(tp):
        return _dataclass_loader(tp)
    raise LoadError(f"cannot load type {tp!r}")


def _union_loader(args: tuple[Any, ...]) -> Loader:
    """X | Y | None: null when allowed, else the first option that fits (the first option's error otherwise)."""
    nullable = type(None) in args
    options = [_loader(a) for a in args if a is not type(None)]

    def load(data: Any) -> Any:
        if data is None and nullable:
            return None
        first: _Mismatch | None = None
        for option in options:
            try:
                return option(data)
            except _Mismatch as exc:
                first = first or exc
        raise first or _Mismatch("unexpected null")
    return load


def _enum_loader(tp: type[Enum]) -> Loader:
    """An enum member from its value."""
    def load(data: Any) -> Enum:
        try:
            return tp(data)
        except (ValueError, TypeError) as exc:
            raise _Mismatch(f"{data!r} is not a valid {tp.__name__}") from exc
    return load


def _tuple_loader(args: tuple[Any, ...]) -> Loader:
    """tuple[X, ...] or a fixed tuple[X, Y] from a JSON array."""
    variadic = len(args) == 2 and args[1] is Ellipsis
    items = [_loader(args[0])] if variadic else [_loader(a) for a in args]

    def load(data: Any) -> tuple:
        if not isinstance(data, list):
            raise _Mismatch("expected an array")
        if not variadic and len(items) != len(data):
            raise _Mismatch(f"expected {len(items)} items")
        out = []
        for index, value in enumerate(data):
            try:
                out.append((items[0] if variadic else items[index])(value))
            except _Mismatch as exc:
                raise _at(f"[{index}]", exc) from None
        return tuple(out)
    return load


def _dataclass_loader(tp: type) -> Loader:
    """A dataclass from a JSON object: every field loaded by its hint, required fields checked."""
    hints = typing.get_type_hints(tp)
    fields = [
        (f.name, _loader(hints[f.name]), f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
        for f in dataclasses.fields(tp)
    ]

    def load(data: Any) -> Any:
        if not isinstance(data, dict):
            raise _Mismatch("expected an object")
        values = {}
        for name, field_loader, required in fields:
            if name in data:
                try:
                    values[name] = field_loader(data[name])
                except _Mismatch as exc:
                    raise _at(f".{name}", exc) from None
            elif required:
                raise _Mismatch(f"missing {name}")
        return tp(**values)
    return load
