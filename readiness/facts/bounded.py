"""Bounded parsing of YAML, TOML and JSON from a repository: size, node, alias-expansion and depth limits checked
before any object is built, so a small hostile file cannot take minutes or gigabytes."""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

import yaml

MAX_BYTES = 1024 * 1024
"""Structured files larger than this are not parsed (notebooks have their own cap)."""
MAX_NODES = 250_000
"""Nodes of a YAML document once every alias is expanded; also the JSON/TOML value count."""
MAX_DEPTH = 100
"""Nesting depth of mappings and sequences."""


class ParseError(ValueError):
    """The text is not valid YAML, TOML or JSON; the message says why (and where, when known)."""


class Refused(ParseError):
    """The file is over a parsing limit and was not parsed; what it holds is unknown."""


def magnitude(count: int) -> str:
    """A count for a message: exact up to a million, else a power of ten (10^9)."""
    return f"{count:,}" if count < 1_000_000 else f"10^{len(str(count)) - 1}"


def check_size(text: str | bytes, kind: str, max_bytes: int) -> None:
    """Refuse text over the size cap before anything reads it."""
    size = len(text.encode("utf-8", "surrogatepass") if isinstance(text, str) and len(text) * 4 > max_bytes else text)
    if size > max_bytes:
        raise Refused(f"{kind} of {size / 1024:.0f} KiB (limit {max_bytes // 1024} KiB); not parsed")


class _Counting:
    """Counts nodes and depth while a YAML composer builds the node graph (nothing is constructed yet)."""

    depth: int
    composed: int
    max_nodes: int

    def _limits(self, max_nodes: int) -> None:
        """Start counting, with MAX_NODES the most nodes composed."""
        self.depth = 0
        self.composed = 0
        self.max_nodes = max_nodes

    def compose_node(self, parent: Any, index: Any) -> Any:
        """Compose one node, refusing past the depth and node limits."""
        self.depth += 1
        self.composed += 1
        if self.depth > MAX_DEPTH:
            raise Refused(f"YAML nested deeper than {MAX_DEPTH} levels; not parsed")
        if self.composed > self.max_nodes:
            raise Refused(f"YAML with more than {magnitude(self.max_nodes)} nodes; not parsed")
        try:
            return super().compose_node(parent, index)  # type: ignore[misc]
        finally:
            self.depth -= 1


class _Loader(_Counting, yaml.SafeLoader):
    """YAML's safe loader in pure Python, counting while it composes: the reference every document is loaded by when
    libyaml is missing or the fast loader does not load it."""

    def __init__(self, text: str, max_nodes: int) -> None:
        super().__init__(text)
        self._limits(max_nodes)


_FastLoader: type | None = None
UNLIKE_IN_LIBYAML = re.compile(r"[\t\ufeff?\x85\u2028\u2029]|^%|[|>][-+0-9]*#|(?:^|[ \[{,])![ \r]*(?:$|[,\]}:#])", re.MULTILINE)
"""What libyaml reads otherwise than PyYAML (found by differential fuzzing): tabs between tokens, a byte-order mark
after the start, `?` in flow collections, a block scalar's header with a comment and no space (`|#`), the bare tag `!`
on an empty node; also directives and the rarer line breaks. A text with any of these is read by the pure-Python
loader only (so is `?` anywhere, and `!` before a line's end, `,`, `]`, `}`, `:` or `#` in any scalar)."""
if getattr(yaml, "__with_libyaml__", False):
    from yaml._yaml import CParser  # type: ignore[import-not-found]

    class _FastLoader(_Counting, yaml.composer.Composer, CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):  # type: ignore[no-redef]
        """libyaml's parser (events only: it scans without recursion), composed by PyYAML's own composer with the same
        counting, and built by the safe constructor: the pure-Python loader's steps and limits, about 5x faster."""

        def __init__(self, text: str, max_nodes: int) -> None:
            CParser.__init__(self, text)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            self._limits(max_nodes)


def _expanded(root: yaml.Node) -> tuple[int, int, int]:
    """(nodes once aliases are expanded, distinct nodes, depth once expanded) of a composed graph, without expanding it."""
    sizes: dict[int, tuple[int, int]] = {}
    active: set[int] = set()

    def visit(node: yaml.Node) -> tuple[int, int]:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise Refused("YAML with a recursive alias (a node that contains itself); not parsed")
        active.add(key)
        children: list[yaml.Node] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [item for pair in node.value for item in pair]
        size, depth = 1, 0
        for child in children:
            child_size, child_depth = visit(child)
            size, depth = size + child_size, max(depth, child_depth)
        active.discard(key)
        sizes[key] = (size, depth + 1)
        return sizes[key]

    size, depth = visit(root)
    return size, len(sizes), depth


def _parse_error(exc: Exception, kind: str) -> Exception:
    """What a parser's exception becomes: ParseError or Refused; a MemoryError stays one (the worker's limit, not the file's)."""
    if isinstance(exc, (ParseError, MemoryError)):
        return exc
    if isinstance(exc, RecursionError):
        return Refused(f"{kind} nested too deeply; not parsed")
    if isinstance(exc, yaml.YAMLError):
        mark = getattr(exc, "problem_mark", None)
        return ParseError(f"invalid YAML{f' at line {mark.line + 1}' if mark is not None else ''}")
    if isinstance(exc, (tomllib.TOMLDecodeError, json.JSONDecodeError)):
        return ParseError(f"invalid {kind}: {exc}")
    # a value the parser rejects: a timestamp out of range, an integer of 5,000 digits, bytes in no Unicode encoding
    return ParseError(f"invalid {kind} value: {type(exc).__name__}: {str(exc)[:120]}")


def load_yaml(text: str, max_bytes: int = MAX_BYTES, max_nodes: int = MAX_NODES) -> Any:
    """The first YAML document of TEXT with the safe loader, or ParseError / Refused (over a limit); never anything else.

    With libyaml, the fast loader is tried first; a document it does not load is loaded again by the pure-Python
    loader, whose answer stands: libyaml refuses some documents on its own terms (its own nesting limit, other error
    positions), and every refusal and error stays the one the pure-Python loader gives.
    """
    check_size(text, "YAML", max_bytes)
    if _FastLoader is not None and not UNLIKE_IN_LIBYAML.search(text):
        try:
            return _load(_FastLoader, text, max_nodes)
        except MemoryError:
            raise
        except Exception:  # noqa: BLE001 - the pure-Python loader decides what is wrong with it
            pass
    try:
        return _load(_Loader, text, max_nodes)
    except Exception as exc:
        raise _parse_error(exc, "YAML") from None


def _load(loader_type: type, text: str, max_nodes: int) -> Any:
    """Compose TEXT's single document with LOADER_TYPE, check the graph's size and depth once aliases are expanded, and
    build it with the safe constructor; any exception is the caller's to map."""
    loader = loader_type(text, max_nodes)  # the reader checks the characters here already
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        size, distinct, depth = _expanded(node)
        if size > max_nodes:
            if size - distinct > distinct:
                raise Refused(f"YAML with {magnitude(size - distinct)} alias expansions; not parsed")
            raise Refused(f"YAML with {magnitude(size)} nodes (limit {magnitude(max_nodes)}); not parsed")
        if depth > MAX_DEPTH:
            raise Refused(f"YAML nested {depth} levels deep once aliases are expanded (limit {MAX_DEPTH}); not parsed")
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _shape(value: Any, kind: str, max_values: int = MAX_NODES) -> None:
    """Refuse parsed data with more values or deeper nesting than the limits (walked without recursion)."""
    if _within(value, max_values):
        return
    count, stack = 0, [(value, 1)]  # over a limit: find the first value past it, as the message names
    while stack:
        item, depth = stack.pop()
        count += 1
        if count > max_values:
            raise Refused(f"{kind} with more than {magnitude(max_values)} values; not parsed")
        if depth > MAX_DEPTH:
            raise Refused(f"{kind} nested deeper than {MAX_DEPTH} levels; not parsed")
        if isinstance(item, dict):
            stack += [(child, depth + 1) for child in item.values()]
        elif isinstance(item, list):
            stack += [(child, depth + 1) for child in item]


def _within(value: Any, max_values: int) -> bool:
    """Whether VALUE holds at most MAX_VALUES values (itself included) nested at most MAX_DEPTH deep; only containers
    are visited (a container's values are counted by its length)."""
    count, stack = 1, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        if not children:
            continue
        count += len(children)
        if count > max_values or depth >= MAX_DEPTH:
            return False
        stack += [(child, depth + 1) for child in children if isinstance(child, (dict, list))]
    return count <= max_values


def load_toml(text: str, max_bytes: int = MAX_BYTES) -> dict[str, Any]:
    """TEXT parsed as TOML, or ParseError / Refused (over a limit); never anything else."""
    check_size(text, "TOML", max_bytes)
    try:
        data = tomllib.loads(text)
    except Exception as exc:
        raise _parse_error(exc, "TOML") from None
    _shape(data, "TOML")
    return data


def json_values_bound(data: str | bytes) -> int:
    """An upper bound on the values in a JSON text (each value after the first follows a comma or opens a container)."""
    if isinstance(data, str):
        return data.count(",") + data.count("[") + data.count("{") + 1
    return data.count(b",") + data.count(b"[") + data.count(b"{") + 1


def load_json(data: str | bytes, max_bytes: int = MAX_BYTES, max_values: int = MAX_NODES) -> Any:
    """DATA parsed as JSON, or ParseError / Refused (over a limit, checked on the text before parsing); never anything else."""
    check_size(data, "JSON", max_bytes)
    # a text shorter than the limit holds fewer commas and brackets: no need to count them
    if len(data) >= max_values and json_values_bound(data) > max_values and _count_values(data) > max_values:
        raise Refused(f"JSON with more than {magnitude(max_values)} values; not parsed")
    try:
        value = json.loads(data)
    except Exception as exc:
        raise _parse_error(exc, "JSON") from None
    _shape(value, "JSON", max_values)
    return value


def _count_values(data: str | bytes) -> int:
    """The commas and brackets outside JSON strings (the upper bound without what strings hold)."""
    pattern = rb'"(?:[^"\\]|\\.)*"' if isinstance(data, bytes) else r'"(?:[^"\\]|\\.)*"'
    return json_values_bound(re.sub(pattern, b'""' if isinstance(data, bytes) else '""', data))
