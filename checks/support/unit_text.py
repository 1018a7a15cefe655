"""What rules look up in one code unit, worked out once per unit: its string literals as one folded text (a rule
rules a whole unit out with one screen test before searching its strings one by one) and where each module is
first imported (pure)."""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Iterable

from checks.support.code_graph import call_firsts, unit_memo
from checks.support.lifecycle import heads_index, last_part
from checks.support.prefilter import folded, screen
from readiness.facts.model import CodeFacts, Import, NotebookFacts, StringLiteral


def strings_folded(unit: CodeFacts) -> str:
    """Every string literal of UNIT, `folded`, one a line (a screen word never holds a line break, so a word found
    here is in one literal)."""
    return unit_memo(unit, "strings-folded", lambda u: folded("\n".join(s.value for s in u.strings)))


def string_values(unit: CodeFacts) -> frozenset[str]:
    """The values of UNIT's string literals."""
    return unit_memo(unit, "string-values", lambda u: frozenset(s.value for s in u.strings))


def call_positions(unit: CodeFacts) -> dict[str, int]:
    """The position of the first call of each final name in UNIT."""
    return unit_memo(unit, "first-lasts", _call_positions)


def _call_positions(unit: CodeFacts) -> dict[str, int]:
    """The position of the first call of each final name in UNIT."""
    out: dict[str, int] = {}
    for name, position in call_firsts(unit)[0].items():  # (names in the order first called: the first position of a final name wins)
        out.setdefault(last_part(name), position)
    return out


def _call_names(unit: CodeFacts) -> tuple[list[str], dict[str, int]]:
    """UNIT's distinct call names, sorted, and the position of each name's first call."""
    first = call_firsts(unit)[0]
    return sorted(first), first


def first_call_under(unit: CodeFacts, prefixes: tuple[str, ...], before: int | None = None) -> int | None:
    """The position of UNIT's first call (before position BEFORE, when given) whose name starts with one of PREFIXES,
    or None: the names under a prefix lie together in sorted order, so each prefix is looked up, not every call."""
    names, first = unit_memo(unit, "call-names", _call_names)
    best = None
    for prefix in prefixes:
        at = bisect_left(names, prefix)
        while at < len(names) and names[at].startswith(prefix):
            position = first[names[at]]
            if (before is None or position < before) and (best is None or position < best):
                best = position
            at += 1
    return best


def may_match(unit: CodeFacts, pattern: re.Pattern[str]) -> bool:
    """False when no string literal of UNIT can match PATTERN (none holds one of the words every match contains)."""
    return bool(unit.strings) and not screen(pattern).excludes(strings_folded(unit))


def first_string(unit: CodeFacts, pattern: re.Pattern[str], shorter_than: int | None = None) -> StringLiteral | None:
    """The first string literal of UNIT (shorter than SHORTER_THAN characters, when given) that PATTERN matches."""
    if not may_match(unit, pattern):
        return None
    return next((s for s in unit.strings if (shorter_than is None or len(s.value) < shorter_than) and pattern.search(s.value)), None)


def cells_folded(nb: NotebookFacts) -> str:
    """Every code cell of NB, `folded`, joined with line breaks."""
    return unit_memo(nb, "cells-folded", lambda n: folded("\n".join(c.source for c in n.cells if c.kind == "code")))


def cells_may_match(nb: NotebookFacts, pattern: re.Pattern[str]) -> bool:
    """False when no code cell of NB can match PATTERN (a screen word never holds a line break, so a word found in the
    joined cells is in one cell)."""
    return not screen(pattern).excludes(cells_folded(nb))


def _import_heads(unit: CodeFacts) -> dict[str, list[int]]:
    """Module -> positions in UNIT's imports of the absolute imports of it or of a module under it, in order."""
    return heads_index((position, imp.module) for position, imp in enumerate(unit.imports) if imp.level == 0)


def import_heads(unit: CodeFacts) -> dict[str, list[int]]:
    """Module -> positions in UNIT's imports of the absolute imports of it or of a module under it, found once per unit."""
    return unit_memo(unit, "import-heads", _import_heads)


def first_import(unit: CodeFacts, modules: Iterable[str], skip_roots: frozenset[str] = frozenset()) -> Import | None:
    """UNIT's first absolute import of one of MODULES or of a module under one, whose top-level name is not in
    SKIP_ROOTS (the import positions of each module are found once per unit)."""
    heads = import_heads(unit)
    best: int | None = None
    for module in modules:
        for position in heads.get(module, ()):
            if best is not None and position >= best:
                break
            if not skip_roots or unit.imports[position].root not in skip_roots:
                best = position
                break
    return None if best is None else unit.imports[best]
