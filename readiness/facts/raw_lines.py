"""The shapes of lines `raw_metrics` counts from their characters alone: names, numbers and operators, one-line
strings, and whether a line's brackets pair up (a whole statement on its line)."""

from __future__ import annotations

import re
import sys
import tokenize


def uncaptured(pattern: str) -> str:
    """PATTERN with its capturing groups made non-capturing."""
    return re.sub(r"(?<!\\)\((?!\?)", "(?:", pattern)


# Python 3.12 splits an f-string into several tokens (radon then counts its `:`): the tokenizer takes those there.
PREFIX = tokenize.StringPrefix if sys.version_info < (3, 12) else tokenize.group(
    *(p for p in tokenize._all_string_prefixes() if "f" not in p.lower())
)
FLAT = r"A-Za-z0-9_ \t.,:=+\-*/%<>&|^~@"
"""Names, numbers and operators but brackets."""
CODE = FLAT + r"()\[\]{}"
SIMPLE = re.compile("[" + CODE + "]++").fullmatch
"""A line of names, numbers and operators only (no string, comment, `;` or continuation): every character is part of
a token (each operator character is a token on its own), so its tokens need not be listed to count it."""
STRING = r"'[^'\\\n]*'|" + r'"[^"\\\n]*"'
"""A string on one line without a backslash (its prefix, if any, is read as a name: no bracket or `:` either way)."""


def nested(levels: int, strings: bool = False) -> str:
    """A regex of `SIMPLE` text (with STRINGS, `QUOTED` text) whose brackets pair up, nested at most LEVELS deep."""
    flat = "[" + FLAT + "]++" + ("|" + STRING if strings else "")
    inner = "(?:" + flat + ")*+"
    for _ in range(levels):
        inner = "(?:" + flat + "|" + "|".join(f"\\{o}{inner}\\{c}" for o, c in ("()", "[]", "{}")) + ")*+"
    return inner


BALANCED = re.compile(nested(3)).fullmatch
"""A line `SIMPLE` matches whose brackets pair up (a statement on its own line), nested at most three deep: what
`SIMPLE(line) and not open_brackets(line)` says of most lines, in one match."""
QUOTED_BALANCED = re.compile(nested(3, strings=True)).fullmatch
"""`BALANCED` for `QUOTED` lines: strings read as `STRINGS` reads them (from a quote to the next one)."""
QUOTED = re.compile("(?:[" + CODE + "]++|" + STRING + ")++").fullmatch  # `SIMPLE` but for such strings
STRINGS = re.compile(STRING).sub
ONE_STRING = re.compile(uncaptured(PREFIX) + "(?:" + STRING + ")").fullmatch
F_STRING = re.compile(r"[fF][rR]?['\"]|[rR][fF]['\"]").search if sys.version_info >= (3, 12) else None
"""From Python 3.12 the tokenizer splits an f-string into tokens (radon counts its `:`): a line that may hold one is
left to the tokenizer."""


def _quotable(line: str) -> bool:
    """Whether LINE holds a quote but no triple quote (`'''x'''` would read as three strings) nor, from Python 3.12,
    what may open an f-string: its one-line strings are then read by `STRING`."""
    return ("'" in line or '"' in line) and "'''" not in line and '"""' not in line and (F_STRING is None or not F_STRING(line))


def outside_strings(line: str) -> str | None:
    """A line with one-line strings, each replaced by `0`, when it is `SIMPLE` but for them; else None."""
    return STRINGS("0", line) if _quotable(line) and QUOTED(line) else None


def quoted_statement(line: str) -> str | None:
    """`outside_strings(line)` when it leaves no bracket open (the line is a whole statement), else None."""
    if not _quotable(line):
        return None
    if QUOTED_BALANCED(line):
        return STRINGS("0", line)
    outside = STRINGS("0", line) if QUOTED(line) else None
    return outside if outside is not None and not open_brackets(outside) else None


def open_brackets(line: str) -> int:
    """How many brackets a line without strings or comments leaves open (negative: more closed than opened)."""
    count = line.count
    return count("(") + count("[") + count("{") - count(")") - count("]") - count("}")
