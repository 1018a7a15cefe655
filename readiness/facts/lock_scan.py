"""The package names of a TOML lock file (uv.lock, poetry.lock, pdm.lock) read line by line, as fast as regexes go.

Lock tools write a small subset of TOML: table headers, `key = value` lines with strings, integers, booleans,
arrays and inline tables, and multi-line arrays. `package_names` accepts a document only when every line is of
that subset and the document is valid TOML (no key defined twice, no table opened twice or over a key), so the
names are exactly the ones tomllib would give; anything else returns None and goes to tomllib, whose errors and
limits the caller reports as before. Each line is reduced to its shape (strings to `$`, integers to `0`), and
each distinct shape is analysed once: a lock file of 8,000 lines has about 40 shapes.
"""

from __future__ import annotations

import re

from readiness.facts.bounded import MAX_BYTES, MAX_NODES, check_size

STRING = re.compile(r'"[^"\\\x00-\x08\x0a-\x1f\x7f]*(?:\\["\\][^"\\\x00-\x08\x0a-\x1f\x7f]*)*"')
"""A basic string on one line with no escape but \\" and \\\\ (any other leaves a shape no line of the subset has)."""
INTEGER = re.compile(r"[0-9](?<![\w.+:-][0-9])(?:(?<=0)(?![\w.+:-])|(?<=[1-9])[0-9]*(?![\w.+:-]))")
"""A decimal integer standing alone: 0 or [1-9][0-9]*, with none of [\\w.+:-] before or after; written to start with
a digit, which the regex engine jumps to (a leading look-behind made it try every position, 4x slower)."""
CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
"""Characters TOML forbids in comments and strings (a line of another shape is refused by its tokens)."""
TOKEN = re.compile(r"[ \t]*(\$|[A-Za-z0-9_-]+|[\[\]{},=])")
HEADER = re.compile(r"[ \t]*(\[\[?)[ \t]*([A-Za-z0-9_-]+(?:[ \t]*\.[ \t]*[A-Za-z0-9_-]+)*)[ \t]*(\]\]?)[ \t]*")
MAX_PARTS = 20
"""Header parts and inline nesting accepted here; deeper documents go to tomllib (its depth limit is 100)."""


class _Unknown(Exception):
    """A line outside the subset: the document goes to tomllib."""


def _value(tokens: list[str], at: int, depth: int = 1) -> tuple[int, int]:
    """(values counted, next token index) of the value starting at tokens[AT]."""
    if depth > MAX_PARTS or at >= len(tokens):
        raise _Unknown
    token = tokens[at]
    if token in ("$", "0", "true", "false"):
        return 1, at + 1
    count, at = 1, at + 1
    if token == "[":
        while tokens[at:at + 1] != ["]"]:
            inner, at = _value(tokens, at, depth + 1)
            count += inner
            if tokens[at:at + 1] == [","]:
                at += 1
            elif tokens[at:at + 1] != ["]"]:
                raise _Unknown
        return count, at + 1
    if token == "{":
        keys: set[str] = set()
        while tokens[at:at + 1] != ["}"]:
            key = tokens[at] if at < len(tokens) else "$"
            if key in keys or not _bare(key) or tokens[at + 1:at + 2] != ["="]:
                raise _Unknown
            keys.add(key)
            inner, at = _value(tokens, at + 2, depth + 1)
            count += inner
            if tokens[at:at + 1] == [","] and tokens[at + 1:at + 2] != ["}"]:  # no trailing comma in an inline table
                at += 1
            elif tokens[at:at + 1] != ["}"]:
                raise _Unknown
        return count, at + 1
    raise _Unknown


def _bare(token: str) -> bool:
    """Whether TOKEN is a bare key."""
    return token not in ("$", "[", "]", "{", "}", ",", "=")


def _tokens(shape: str) -> list[str]:
    """The tokens of a shape line, or _Unknown when something else is on it."""
    tokens, at = [], 0
    while (match := TOKEN.match(shape, at)) is not None:
        tokens.append(match.group(1))
        at = match.end()
    if shape[at:].strip(" \t"):
        raise _Unknown
    return tokens


def _analyse(in_array: bool, shape: str) -> tuple:
    """What a line of this shape is: ("blank",), ("header", double), ("pair", values), ("open",), ("item", values,
    comma) or ("close",); _Unknown for anything else."""
    stripped = shape.strip(" \t")
    if not stripped:
        return ("blank",)
    if stripped.startswith("#"):
        if in_array or CONTROL.search(shape):  # valid, but rare enough to leave to tomllib
            raise _Unknown
        return ("blank",)
    if not in_array and (header := HEADER.fullmatch(shape)):
        return ("header", len(header.group(1)) == 2)
    tokens = _tokens(shape)
    if in_array:
        if tokens == ["]"]:
            return ("close",)
        count, at = _value(tokens, 0, 2)
        comma = tokens[at:] == [","]
        if at != len(tokens) and not comma:
            raise _Unknown
        return ("item", count, comma)
    if len(tokens) < 3 or not _bare(tokens[0]) or tokens[1] != "=":
        raise _Unknown
    if tokens[2:] == ["["]:
        return ("open",)
    count, at = _value(tokens, 2)
    if at != len(tokens):
        raise _Unknown
    return ("pair", count)


class _Document:
    """The tables and keys seen so far, enough to tell a valid document from one tomllib refuses."""

    def __init__(self) -> None:
        self.keys: dict[tuple, set[str]] = {(): set()}
        self.explicit: set[tuple] = set()
        self.arrays: dict[str, int] = {}
        self.parents: set[tuple] = set()
        self.current: tuple = ()
        self.values = 1
        self.names: list[str] = []

    def header(self, line: str) -> None:
        """Open a table ([a.b]) or a new element of an array of tables ([[package]]), as LINE names it."""
        match = HEADER.fullmatch(line)
        if match is None or len(match.group(1)) != len(match.group(3)):
            raise _Unknown
        parts = tuple(p.strip(" \t") for p in match.group(2).split("."))
        if len(parts) > MAX_PARTS:
            raise _Unknown
        if len(match.group(1)) == 2:
            self._element(parts)
            return
        first = parts[0]
        if first in self.arrays:
            if len(parts) == 1:
                raise _Unknown
            table, rest = (first, self.arrays[first] - 1), parts[1:]
        else:
            table, rest = (), parts
        if table[:1] == ("package",) and rest[0] == "name":
            raise _Unknown  # a package's name as a table: tomllib's path reports it
        for part in rest:
            if part in self.keys[table]:  # a key of the table above holds this name
                raise _Unknown
            self.parents.add(table)
            table = (*table, part)
            if table not in self.keys:
                self.keys[table] = set()
                self.values += 1
        if table in self.explicit or table in self.parents:
            raise _Unknown  # opened twice, or after its subtables (valid TOML, but left to tomllib)
        self.explicit.add(table)
        self.current = table

    def _element(self, parts: tuple[str, ...]) -> None:
        """A new element of the array of tables PARTS ([[package]]; deeper arrays are left to tomllib)."""
        name = parts[0]
        if len(parts) != 1 or name in self.keys[()] or (name not in self.arrays and (name,) in self.keys):
            raise _Unknown
        if name not in self.arrays:
            self.arrays[name] = 0
            self.values += 1
        self.arrays[name] += 1
        self.current = (name, self.arrays[name] - 1)
        self.keys[self.current] = set()
        self.values += 1
        if name == "package":
            self.names.append("")

    def pair(self, key: str, values: int, line: str) -> None:
        """A `key = value` line of the current table."""
        keys = self.keys[self.current]
        if key in keys or (*self.current, key) in self.keys or (self.current == () and key == "package"):
            raise _Unknown
        keys.add(key)
        self.values += values
        if key == "name" and len(self.current) == 2 and self.current[0] == "package":
            value = line[line.index('"') + 1:line.rindex('"')] if values == 1 and line.count('"') == 2 else "\\"
            if "\\" in value:
                raise _Unknown
            self.names[-1] = value


def package_names(text: str) -> list[str] | None:
    """The `name` of each [[package]] table of TEXT (an empty string for one without), or None when TEXT is not in
    the subset lock tools write; raises bounded.Refused over the size limit, as tomllib's loader would."""
    check_size(text, "TOML", MAX_BYTES)
    text = text.replace("\r\n", "\n")
    shapes = INTEGER.sub("0", STRING.sub("$", text)).split("\n")
    seen: dict[tuple[bool, str], tuple | None] = {}
    document, in_array, comma = _Document(), False, True
    try:
        for shape, line in zip(shapes, text.split("\n")):
            kind = seen.get((in_array, shape), False)
            if kind is False:
                try:
                    kind = seen[(in_array, shape)] = _analyse(in_array, shape)
                except _Unknown:
                    kind = seen[(in_array, shape)] = None
            if kind is None:
                return None
            tag = kind[0]
            if tag == "blank":
                continue
            if tag == "item":
                if not comma:  # two elements with no comma between them
                    return None
                document.values += kind[1]
                comma = kind[2]
            elif tag == "close":
                in_array = False
            elif tag == "header":
                document.header(line)
            else:
                document.pair(line.split("=", 1)[0].strip(" \t"), kind[1] if tag == "pair" else 1, line)
                in_array, comma = tag == "open", True
    except _Unknown:
        return None
    if in_array or document.values > MAX_NODES:
        return None
    return document.names
