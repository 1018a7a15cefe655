"""The cohort's rows on disk: JSON lines appended to an anonymous temporary file as they arrive and read back, in slot
order, as often as a report needs them, so memory holds one row at a time whatever the cohort's size."""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
import types
import typing
import weakref
from array import array
from enum import Enum
from functools import lru_cache
from typing import Any, Callable, Generic, Iterable, Iterator, TypeVar

from readiness.serialize import to_data

T = TypeVar("T")


class Spool(Generic[T]):
    """Items of one dataclass type as JSON lines in a temporary file; an item per slot (SLOTS given: read back in slot
    order, whatever order they were put in) or in the order put. Memory: two 8-byte integers per slot."""

    def __init__(self, kind: type[T], slots: int = 0) -> None:
        self.kind = kind
        self._file = tempfile.TemporaryFile(prefix="readiness-cohort-", suffix=".jsonl")
        self._closer = weakref.finalize(self, self._file.close)  # the file goes with the spool
        self._end = 0
        self._count = 0
        self._slotted = bool(slots)
        self._offsets = array("q", [-1]) * slots
        self._lengths = array("q", [0]) * slots

    def put(self, item: T, slot: int | None = None) -> None:
        """Write ITEM (at SLOT, when the spool has slots) and forget it."""
        line = (json.dumps(to_data(item), ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        os.pwrite(self._file.fileno(), line, self._end)
        if self._slotted:
            if slot is None or self._offsets[slot] >= 0:
                raise ValueError(f"slot {slot} is not free")
            self._offsets[slot], self._lengths[slot] = self._end, len(line)
        else:
            self._offsets.append(self._end)
            self._lengths.append(len(line))
        self._end += len(line)
        self._count += 1

    def __len__(self) -> int:
        """How many items were put."""
        return self._count

    def __bool__(self) -> bool:
        """Whether any item was put."""
        return self._count > 0

    def __iter__(self) -> Iterator[T]:
        """Every item read back from the file, one at a time, in slot order (each iteration reads the file again)."""
        revive = reviver(self.kind)
        descriptor = self._file.fileno()
        for offset, length in zip(self._offsets, self._lengths):
            if offset >= 0:
                yield revive(json.loads(os.pread(descriptor, length, offset)))

    def close(self) -> None:
        """Remove the file now (it also goes when the spool is dropped)."""
        self._closer()


def spooled(kind: type[T], items: Iterable[T]) -> Spool[T]:
    """A spool holding ITEMS in their order."""
    spool: Spool[T] = Spool(kind)
    for item in items:
        spool.put(item)
    return spool


@lru_cache(maxsize=None)
def reviver(tp: Any) -> Callable[[Any], Any]:
    """A function rebuilding a TP from the JSON data to_data gave, numbers kept as written (an int stays an int), so
    a row read back renders exactly as the row that was put."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = reviver(args[0])
            return lambda data: tuple(item(v) for v in data)
        items = [reviver(a) for a in args]
        return lambda data: tuple(revive(v) for revive, v in zip(items, data))
    if origin in (typing.Union, types.UnionType):
        options = [reviver(a) for a in args if a is not type(None)]
        only = options[0] if len(options) == 1 else (lambda data: data)
        return lambda data: None if data is None else only(data)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        fields = [(f.name, reviver(hints[f.name])) for f in dataclasses.fields(tp)]
        return lambda data: tp(**{name: revive(data[name]) for name, revive in fields if name in data})
    return lambda data: data
