"""Compare readiness's metrics with radon's own: the one-walk complexity and Halstead figures (readiness.facts.walk)
and the raw line counts (readiness.facts.raw_metrics).

Usage: python bench/metrics_compare.py [--no-raw] [ROOT ...]   (default: this Python's library, with site-packages)

For every .py file under the roots that parses, it compares radon's sorted complexity blocks (name, line,
complexity, rank), the module's total complexity, the Halstead operator and operand counts and volume, and
radon.raw.analyze's figures, and prints the files compared, those that differ (the first few in full), and the
seconds each side took (parsing excluded). radon's raw analysis gets RADON_SECONDS a file (it is quadratic in a
statement's length); a file it cannot finish in that time is counted and not compared. Exit status 1 when any
file differs.
"""

from __future__ import annotations

import ast
import os
import signal
import sys
import sysconfig
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from radon.complexity import cc_rank, sorted_results  # noqa: E402
from radon.metrics import h_visit_ast  # noqa: E402
from radon.raw import analyze  # noqa: E402
from radon.visitors import ComplexityVisitor  # noqa: E402

from readiness.facts.raw_metrics import raw_metrics  # noqa: E402
from readiness.facts.walk import RADON_DEPTH, Walker  # noqa: E402

RADON_SECONDS = 5


class _TooSlow(Exception):
    """radon's raw analysis ran past RADON_SECONDS."""


def _alarm(signum, frame) -> None:
    """SIGALRM handler: stop radon's raw analysis of this file."""
    raise _TooSlow()


def compare_raw(files: list[Path]) -> int:
    """Compare raw_metrics with radon.raw.analyze on FILES (those that parse), print the summary, return the differing count."""
    compared = slow = 0
    differ = []
    ours = theirs = 0.0
    signal.signal(signal.SIGALRM, _alarm)
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            ast.parse(text)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        start = time.perf_counter()
        try:
            got = raw_metrics(text)
        except SyntaxError as exc:  # radon's own code (used for text this cannot mirror) gave up: so must radon
            got = exc
        middle = time.perf_counter()
        signal.alarm(RADON_SECONDS)
        try:
            expected = analyze(text)
        except _TooSlow:
            slow += 1
            continue
        except SyntaxError as exc:
            expected = exc
        finally:
            signal.alarm(0)
        ours += middle - start
        theirs += time.perf_counter() - middle
        compared += 1
        if (str(got), type(got)) != (str(expected), type(expected)):
            differ.append((path, expected, got))
    print(f"raw figures compared: {compared}; radon slower than {RADON_SECONDS}s a file (not compared): {slow}; differing: {len(differ)}")
    for path, expected, got in differ[:5]:
        print(f"  {path}\n    radon: {expected}\n    ours:  {got}")
    print(f"seconds: radon.raw.analyze {theirs:.2f}s (files it finished), raw_metrics {ours:.2f}s")
    return len(differ)


def radon_figures(tree: ast.Module) -> tuple:
    """radon's blocks, total complexity and Halstead counts for TREE."""
    visitor = ComplexityVisitor.from_ast(tree)
    blocks = [(b.fullname, b.lineno, b.complexity, cc_rank(b.complexity)) for b in sorted_results(visitor.blocks)]
    total = h_visit_ast(tree).total
    return blocks, visitor.total_complexity, (total.h1, total.h2, total.N1, total.N2), total.volume


def walk_figures(tree: ast.Module) -> tuple | None:
    """The same figures from one walk (None when the tree is deeper than the walk mirrors)."""
    walker = Walker(None)
    walker.module(tree)
    if walker.max_depth > RADON_DEPTH:
        return None
    blocks = [(b.fullname, b.lineno, b.complexity, cc_rank(b.complexity)) for b in walker.ranked_blocks()]
    counts = (len(walker.operators_seen), len(walker.operands_seen), walker.operators, walker.operands)
    return blocks, walker.total_complexity(), counts, walker.halstead_volume()


def python_files(roots: list[Path]) -> list[Path]:
    """Every .py file under ROOTS, sorted, without following links."""
    found = []
    for root in roots:
        for folder, dirs, names in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != ".git")
            found += [Path(folder, n) for n in sorted(names) if n.endswith(".py")]
    return found


def main(argv: list[str]) -> int:
    """Compare every file and print the summary."""
    raw = "--no-raw" not in argv
    argv = [a for a in argv if a != "--no-raw"]
    roots = [Path(a) for a in argv] or [Path(sysconfig.get_paths()["stdlib"]), Path(sysconfig.get_paths()["purelib"])]
    compared = deeper = unparsed = radon_failed = 0
    differ: list[tuple[Path, tuple, tuple]] = []
    radon_seconds = walk_seconds = 0.0
    warnings.simplefilter("ignore")
    files = python_files(roots)
    for path in files:
        try:
            tree = ast.parse(path.read_bytes())
        except (SyntaxError, ValueError, RecursionError, MemoryError, OSError):
            unparsed += 1
            continue
        start = time.perf_counter()
        try:
            expected = radon_figures(tree)
        except RecursionError:
            radon_failed += 1
            expected = None
        middle = time.perf_counter()
        try:
            got = walk_figures(tree)
        except RecursionError:
            got = None
        walk_seconds += time.perf_counter() - middle
        radon_seconds += middle - start
        if got is None:
            deeper += 1  # measured by radon's own visitors in readiness, so the same by construction
            continue
        if expected is None:
            differ.append((path, ("radon failed",), got))
            continue
        compared += 1
        if got != expected:
            differ.append((path, expected, got))
    print(f"files compared: {compared} (roots: {', '.join(map(str, roots))})")
    print(f"left to radon's own visitors (deeper than {RADON_DEPTH} levels): {deeper}; radon failed: {radon_failed}; not parsed: {unparsed}")
    print(f"differing: {len(differ)}")
    for path, expected, got in differ[:5]:
        print(f"  {path}\n    radon: {str(expected)[:600]}\n    walk:  {str(got)[:600]}")
    print(f"seconds (parsing excluded): radon's two visitors {radon_seconds:.2f}s, the facts walk with both {walk_seconds:.2f}s")
    raw_differ = compare_raw(files) if raw else 0
    return 1 if differ or raw_differ else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
