"""Words a regular expression's every match contains, read from the pattern itself: a cheap test that skips the
strings a pattern cannot match before searching them, and a quicker search of long text (pure).

`screen(pattern)` holds lower-case ASCII words such that every match of PATTERN contains one of them (ignoring
case), or none when no such words can be read. A text whose `folded` form (lower case, and the characters outside
ASCII that match an ASCII letter ignoring case, such as the Kelvin sign, made that letter) holds none of the words
has no match. `leading(pattern)` holds the words every match starts with; `first_match` tries the pattern only there.
"""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Iterator

try:  # the standard library's own pattern parser (private: without it there are no hints, and nothing is skipped)
    import re._constants as sre  # type: ignore[import-not-found]
    import re._parser as sre_parse  # type: ignore[import-not-found]
    _REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT}
    _ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}
except (ImportError, AttributeError):  # pragma: no cover - a Python without them
    sre = sre_parse = None


def _best(options: list[frozenset[str]]) -> frozenset[str] | None:
    """The option whose shortest word is longest (the most selective test), or None."""
    return max(options, key=lambda words: (min(map(len, words)), -len(words)), default=None)


def _words(items: Any) -> frozenset[str] | None:
    """Words one of which every match of the parsed sequence ITEMS contains, or None."""
    options: list[frozenset[str]] = []
    run = ""
    for op, av in items:
        if op is sre.LITERAL and av < 128:  # (a literal outside ASCII ends the word: 'ſ' matches 's' ignoring case)
            run += chr(av).lower()
            continue
        if run:
            options.append(frozenset({run}))
            run = ""
        found: frozenset[str] | None = None
        if op is sre.SUBPATTERN:
            found = _words(av[3])
        elif op is sre.ATOMIC_GROUP:
            found = _words(av)
        elif op in _REPEATS and av[0] >= 1:
            found = _words(av[2])
        elif op is sre.BRANCH:
            branches = [_words(branch) for branch in av[1]]
            if all(branches):
                found = frozenset().union(*branches)  # type: ignore[arg-type]
        if found:
            options.append(found)
    if run:
        options.append(frozenset({run}))
    return _best(options)


def _leading(items: Any) -> frozenset[str] | None:
    """Words one of which every match of the parsed sequence ITEMS starts with (after zero-width assertions), or None."""
    items = list(items)
    for index, (op, av) in enumerate(items):
        if op in _ZERO_WIDTH:
            continue
        if op is sre.LITERAL and av < 128:
            run = ""
            for op2, av2 in items[index:]:
                if op2 is not sre.LITERAL or av2 >= 128:
                    break
                run += chr(av2).lower()
            return frozenset({run})
        if op is sre.SUBPATTERN:
            return _leading(av[3])
        if op is sre.ATOMIC_GROUP:
            return _leading(av)
        if op in _REPEATS and av[0] >= 1:
            return _leading(av[2])
        if op is sre.BRANCH:
            branches = [_leading(branch) for branch in av[1]]
            return frozenset().union(*branches) if all(branches) else None  # type: ignore[arg-type]
        return None
    return None


@lru_cache(maxsize=512)
def leading(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-case ASCII words one of which every match of PATTERN starts with (ignoring case), or None if unknown."""
    if sre_parse is None:
        return None
    try:
        words = _leading(sre_parse.parse(pattern.pattern, pattern.flags))
    except Exception:  # a construct this reading does not know
        return None
    return tuple(sorted(words)) if words and all(words) else None


def _starts(pattern: re.Pattern[str], text: str, lower: str | None = None) -> Iterator[int] | None:
    """Where in a long TEXT a match of PATTERN may start (where one of its leading words stands), in order, found as
    they are asked for, or None when that cannot be read (short text, no leading words, or positions the lower case
    would shift). LOWER is `text.lower()` when the caller has it."""
    words = leading(pattern) if len(text) > 4096 else None
    if words is None:
        return None
    lower = text.lower() if lower is None else lower
    if len(lower) != len(text) or "\u0131" in text or "\u017f" in text:
        return None  # positions would shift, or a letter ignoring case is not its lower case
    return _merged(lower, words)


def _merged(lower: str, words: tuple[str, ...]) -> Iterator[int]:
    """Every position in LOWER where one of WORDS stands, in order, once each (the next place of each word kept)."""
    ahead = [(at, word) for word in words if (at := lower.find(word)) != -1]
    heapq.heapify(ahead)
    last = -1
    while ahead:
        at, word = ahead[0]
        following = lower.find(word, at + 1)
        if following == -1:
            heapq.heappop(ahead)
        else:
            heapq.heapreplace(ahead, (following, word))
        if at != last:
            last = at
            yield at


def first_match(pattern: re.Pattern[str], text: str, lower: str | None = None) -> re.Match[str] | None:
    """`pattern.search(text)`; on long text, by matching only where one of the pattern's leading words stands
    (LOWER: `text.lower()`, when the caller has it).

    Every match starts at one of the words, so the first place among theirs where the pattern matches is where the
    search would find its match, and the match is the same (`match` at a position sees the text before it, as
    `search` does)."""
    starts = _starts(pattern, text, lower)
    if starts is None:
        return pattern.search(text)
    for at in starts:
        if match := pattern.match(text, at):
            return match
    return None


def every_match(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """`list(pattern.finditer(text))`; on long text, by matching only where one of the pattern's leading words stands.

    `finditer` takes the first match, then searches again from its end; every match starts at one of the words, so
    trying the word positions from there on finds the same next match (a pattern that matches empty text has no
    leading words and is searched)."""
    starts = _starts(pattern, text)
    if starts is None:
        return list(pattern.finditer(text))
    out: list[re.Match[str]] = []
    end = 0
    for at in starts:
        if at >= end and (match := pattern.match(text, at)):
            out.append(match)
            end = match.end()
    return out


@dataclass(frozen=True, slots=True)
class Screen:
    """Words one of which every match of some patterns contains; `excludes` rules a text out without searching it."""

    words: tuple[str, ...] | None
    any_word: re.Pattern[str] | None

    def excludes(self, lower: str) -> bool:
        """Whether the text whose `folded` form is LOWER certainly holds no match."""
        if self.any_word is None or self.words is None:
            return False
        if len(lower) > 256:  # on long text, a substring test per word is quicker than one pattern of every word
            return not any(word in lower for word in self.words)
        return self.any_word.search(lower) is None


def _screen(words: Iterable[str] | None) -> Screen:
    """The screen of WORDS (None: nothing can be ruled out)."""
    if words is None:
        return Screen(None, None)
    ordered = tuple(sorted(set(words)))
    return Screen(ordered, re.compile("|".join(map(re.escape, ordered))) if ordered else re.compile(r"(?!)"))


@lru_cache(maxsize=512)
def screen(pattern: re.Pattern[str]) -> Screen:
    """The words one of which every match of PATTERN contains (ignoring case), read from the pattern."""
    if sre_parse is None:
        return _screen(None)
    try:
        words = _words(sre_parse.parse(pattern.pattern, pattern.flags))
    except Exception:  # a construct this reading does not know: no words, the pattern is always searched
        words = None
    return _screen(words)


def screen_all(patterns: Iterable[re.Pattern[str] | None]) -> Screen:
    """The words one of which every match of any of PATTERNS contains (None entries ignored): their sieve's screen."""
    return sieve(patterns).screen


@dataclass(frozen=True, slots=True)
class Sieve:
    """The screens of several patterns tested together: `passing` says which patterns' screens let a text through,
    testing each word once instead of each pattern's words in turn; `screen` rules out a text none of them passes
    (`screen_all` of the same patterns)."""

    always: frozenset[int]
    by_word: tuple[tuple[str, frozenset[int]], ...]
    screen: Screen

    def passing(self, lower: str) -> frozenset[int]:
        """The indices of the patterns whose screens do not exclude the text whose `folded` form is LOWER."""
        found = self.always
        for word, indices in self.by_word:
            if word in lower:
                found = found | indices
        return found

    def candidates(self, lower: str) -> list[int]:
        """`passing(lower)` in the patterns' order, with the one screen tried first (most texts pass no pattern)."""
        return [] if self.screen.excludes(lower) else sorted(self.passing(lower))


def sieve(patterns: Iterable[re.Pattern[str] | None]) -> Sieve:
    """The sieve of PATTERNS, in order (a None entry never passes: it has nothing to match)."""
    always: set[int] = set()
    by_word: dict[str, set[int]] = {}
    for index, pattern in enumerate(patterns):
        if pattern is None:
            continue
        words = screen(pattern).words
        if words is None:
            always.add(index)
            continue
        for word in words:
            by_word.setdefault(word, set()).add(index)
    return Sieve(frozenset(always), tuple((word, frozenset(indices)) for word, indices in sorted(by_word.items())),
                 _screen(None if always else by_word))


def folded(text: str) -> str:
    """TEXT as `Screen.excludes` reads it: lower case, with the only characters outside ASCII that match an ASCII letter
    ignoring case made that letter (the Kelvin sign lowers to k already; tests/checks/test_prefilter.py finds them all)."""
    lower = text.lower()
    if lower.isascii():
        return lower
    if "\u0307" in lower:
        lower = lower.replace("i\u0307", "i")  # the dotted capital I lowers to i and a combining dot
    if "\u0131" in lower:
        lower = lower.replace("\u0131", "i")  # the dotless i
    if "\u017f" in lower:
        lower = lower.replace("\u017f", "s")  # the long s
    return lower


def search(pattern: re.Pattern[str], text: str, lower: str) -> re.Match[str] | None:
    """PATTERN's first match in TEXT (whose `folded` form is LOWER), not searched when the pattern's words rule it out."""
    if screen(pattern).excludes(lower):
        return None
    return first_match(pattern, text, lower if text.isascii() else None)  # an ASCII text's folded form is its lower case
