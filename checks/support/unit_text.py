"""The string literals of one code unit as one folded text, made once per unit: a rule rules a whole unit out
with one screen test before searching its strings one by one (pure)."""

from __future__ import annotations

import re

from checks.support.code_graph import unit_memo
from checks.support.prefilter import folded, screen
from readiness.facts.model import CodeFacts, StringLiteral


def strings_folded(unit: CodeFacts) -> str:
    """Every string literal of UNIT, `folded`, one a line (a screen word never holds a line break, so a word found
    here is in one literal)."""
    return unit_memo(unit, "strings-folded", lambda u: folded("\n".join(s.value for s in u.strings)))


def may_match(unit: CodeFacts, pattern: re.Pattern[str]) -> bool:
    """False when no string literal of UNIT can match PATTERN (none holds one of the words every match contains)."""
    return bool(unit.strings) and not screen(pattern).excludes(strings_folded(unit))


def first_string(unit: CodeFacts, pattern: re.Pattern[str], shorter_than: int | None = None) -> StringLiteral | None:
    """The first string literal of UNIT (shorter than SHORTER_THAN characters, when given) that PATTERN matches."""
    if not may_match(unit, pattern):
        return None
    return next((s for s in unit.strings if (shorter_than is None or len(s.value) < shorter_than) and pattern.search(s.value)), None)
