"""JSON indented for its outer levels and compact below them, encoded by the C encoder (fast, few objects)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

_PLAIN = (str, int, float, bool, type(None))


def dumps(value: Any, levels: int, default: Callable[[Any], Any] | None = None, indent: int = 2) -> str:
    """VALUE as JSON: containers nested less than LEVELS deep are indented, deeper values sit on one line each.

    `json.dumps(indent=...)` falls back to the pure-Python encoder, which builds one string per token: for a
    1,000-repository report that is millions of objects. The data is the same as `json.dumps(value, default=default)`;
    the text is ASCII (other characters escaped), so one accented name does not double or quadruple the string's size.
    """
    encode = json.JSONEncoder(default=default, separators=(", ", ": ")).encode
    parts: list[str] = []

    def plain(item: Any) -> Any:
        """Apply DEFAULT to what JSON cannot hold, as the encoder would."""
        if isinstance(item, (_PLAIN, dict, list, tuple)) or default is None:
            return item
        return plain(default(item))

    def emit(item: Any, depth: int) -> None:
        item = plain(item)
        if depth >= levels or isinstance(item, _PLAIN) or not item:
            parts.append(encode(item))
            return
        pad, inner = "\n" + " " * (indent * depth), "\n" + " " * (indent * (depth + 1))
        if isinstance(item, dict):
            parts.append("{")
            for number, (key, child) in enumerate(item.items()):
                parts.append(("," if number else "") + inner + encode(str(key)) + ": ")
                emit(child, depth + 1)
            parts.append(pad + "}")
        else:
            parts.append("[")
            for number, child in enumerate(item):
                parts.append(("," if number else "") + inner)
                emit(child, depth + 1)
            parts.append(pad + "]")

    emit(value, 0)
    return "".join(parts)
