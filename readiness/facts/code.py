"""Summarise Python code from its AST (imports, calls, functions, literals) and radon's metrics, in one walk."""

from __future__ import annotations

import ast
import re
import zlib
from bisect import bisect_right
from typing import Sequence

from radon.complexity import cc_rank
from radon.metrics import mi_compute, mi_rank

from readiness.facts.model import Block, CodeFacts, Metrics
from readiness.facts.raw_metrics import raw_metrics
from readiness.facts.walk import RADON_DEPTH, Walker, dotted

__all__ = ["CellMap", "analyze_code", "dotted", "line_hashes"]


class CellMap:
    """Maps a line of concatenated notebook code back to its cell index."""

    def __init__(self, starts: Sequence[int], cells: Sequence[int]) -> None:
        self.starts = list(starts)
        self.cells = list(cells)

    def cell(self, line: int) -> int | None:
        """The notebook cell index that holds LINE (1-based)."""
        position = bisect_right(self.starts, line) - 1
        return self.cells[position] if position >= 0 else None


TRIVIAL_LINE = re.compile(r"^(import |from |#|@|\)|\]|\}|else:|try:|return$|pass$|break$|continue$)")
MEANINGFUL = 12
"""The length from which a normalised line counts (`return`, `pass`... are shorter: only TRIVIAL_LINE's prefixes matter)."""
_TRIVIAL_PREFIXES = ("import ", "from ", "#", "@", ")", "]", "}", "else:", "try:")


def line_hashes(text: str, stripped: list[str] | None = None) -> tuple[int, ...]:
    """Stable hashes of meaningful normalised lines (at least MEANINGFUL characters, not TRIVIAL_LINE), for
    duplicate-code detection across files; STRIPPED: TEXT's lines (str.splitlines) each stripped, when at hand (a
    line normalises the same either way, never longer than it stands stripped)."""
    crc32 = zlib.crc32
    trivial = _TRIVIAL_PREFIXES
    # a line that opens with a trivial prefix still does once normalised, or is too short (each prefix opens with a
    # character that is not whitespace, and normalising never lengthens a line): it is dropped before normalising. A
    # stripped ASCII line is already normal without a tab, two spaces in a row or \x1f (the other characters that
    # str.split takes for space end a line in str.splitlines)
    return tuple([
        crc32(line.encode("utf-8", "replace"))
        for raw in ([line.strip() for line in text.splitlines()] if stripped is None else stripped)
        if len(raw) >= MEANINGFUL and not raw.startswith(trivial)
        and len(line := raw if raw.isascii() and "  " not in raw and "\t" not in raw and "\x1f" not in raw else " ".join(raw.split())) >= MEANINGFUL
        and not line.startswith(trivial)
    ])


def _radon_figures(tree: ast.Module) -> tuple[list, int, float]:
    """Blocks (sorted), total complexity and Halstead volume from radon's own visitors (for very deep trees)."""
    from radon.complexity import sorted_results
    from radon.metrics import h_visit_ast
    from radon.visitors import ComplexityVisitor

    visitor = ComplexityVisitor.from_ast(tree)
    return sorted_results(visitor.blocks), visitor.total_complexity, h_visit_ast(tree).total.volume


def _metrics(text: str, tree: ast.Module, walker: Walker, cells: CellMap | None, stripped: list[str]) -> Metrics:
    """radon's metrics: raw line counts from the text, complexity and Halstead volume from the walk (radon's own
    visitors for a tree deeper than the walk mirrors), radon's ranks and maintainability-index formula."""
    raw = raw_metrics(text, stripped)  # radon.raw.analyze's figures, in one tokenizer pass
    if walker.max_depth > RADON_DEPTH:
        ranked, total_complexity, volume = _radon_figures(tree)
    else:
        ranked, total_complexity, volume = walker.ranked_blocks(), walker.total_complexity(), walker.halstead_volume()
    blocks = tuple(
        Block(b.fullname, b.lineno, b.complexity, cc_rank(b.complexity), cells.cell(b.lineno) if cells else None)
        for b in ranked
    )
    mi = None
    rank = None
    if raw.sloc:
        comments = (raw.comments + raw.multi) / float(raw.sloc) * 100
        mi = round(mi_compute(volume, total_complexity, raw.lloc, comments), 2)
        rank = mi_rank(mi)
    return Metrics(raw.loc, raw.lloc, raw.sloc, raw.comments, mi, rank, blocks)


def analyze_code(path: str, text: str, cells: CellMap | None = None, metrics: bool = True) -> CodeFacts:
    """Parse TEXT and summarise it; a syntax error is recorded, never raised."""
    try:
        tree = ast.parse(text, filename=path)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        where = f" (line {exc.lineno})" if isinstance(exc, SyntaxError) and exc.lineno else ""
        return CodeFacts(path, parse_error=f"{type(exc).__name__}{where}: {getattr(exc, 'msg', str(exc))}", line_hashes=line_hashes(text))
    visitor = Walker(cells, path)
    try:
        visitor.module(tree)
    except RecursionError:
        return CodeFacts(path, parse_error="code nested too deeply to analyse")
    measured = None
    stripped = [line.strip() for line in text.splitlines()]
    if metrics:
        try:
            measured = _metrics(text, tree, visitor, cells, stripped)
        except MemoryError:
            raise
        except Exception:  # radon is third-party code on arbitrary input: a failure leaves metrics empty
            measured = None
    return CodeFacts(
        path,
        None,
        tuple(visitor.imports),
        tuple(visitor.calls),
        tuple(f for f in visitor.functions if f is not None),
        tuple(visitor.classes),
        tuple(visitor.strings),
        visitor.module_statements,
        measured,
        line_hashes(text, stripped),
        tuple(visitor.credentials),
    )
