"""Notebook order and Python 2: repeated counts are out of order, all-null counts are unknown, Python 2 code is not broken."""

from __future__ import annotations

import pytest

from checks import find_check
from readiness.models import Status
from readiness.pipeline.engine import run_check
from tests.factories import make_facts, notebook


def _nb(*cells: tuple[str, int | None]) -> str:
    """A notebook of code cells (source, execution count)."""
    return notebook([{"cell_type": "code", "source": source, "execution_count": count} for source, count in cells])


ORDER = [
    # (notebooks, status, out_of_order, unknown_order)
    ({"a.ipynb": _nb(("a = 1", 1), ("b = 2", 2), ("c = a + b", 3))}, Status.PASS, 0, 0),
    ({"a.ipynb": _nb(("a = 1", 1), ("b = 2", 2), ("c = a + b", 2))}, Status.FAIL, 1, 0),  # a repeat in sequence
    ({"a.ipynb": _nb(("a = 1", 4), ("b = 2", 5), ("c = a + b", 4))}, Status.FAIL, 1, 0),  # a repeat further down
    ({"a.ipynb": _nb(("a = 1", None), ("b = 2", None))}, Status.UNKNOWN, 0, 1),
    ({"a.ipynb": _nb(("", None))}, Status.UNKNOWN, 0, 1),  # a fresh notebook: one empty code cell, never run
    ({"a.ipynb": _nb(("a = 1", 1), ("b = 2", 2)), "b.ipynb": _nb(("a = 1", None), ("b = 2", None)), "c.ipynb": _nb(("a = 1", 2), ("b = 2", 1))}, Status.FAIL, 1, 1),
]


@pytest.mark.parametrize(("files", "status", "out_of_order", "unknown_order"), ORDER)
def test_order_counts(files: dict, status: Status, out_of_order: int, unknown_order: int) -> None:
    """NBK002 counts notebooks run out of order (a repeated count too) and those whose order is unknown (all counts null), as values."""
    verdict = run_check(find_check("NBK002"), make_facts(files), "repo")  # type: ignore[arg-type]
    assert verdict.status is status
    values = dict(verdict.values)
    assert (int(values["out_of_order"]), int(values["unknown_order"])) == (out_of_order, unknown_order)
    if unknown_order:
        assert "never executed" in " ".join(e.detail for e in verdict.evidence)


PY2 = [
    ("print 'accuracy', acc", "print statement"),
    ("print acc", "print statement"),
    ("try:\n    f()\nexcept ValueError, e:\n    pass", "multiple exception types must be parenthesized"),
    ("if a <> b:\n    pass", "`<>` operator"),
    ("raise ValueError, 'bad'", "`raise E, message`"),
]


@pytest.mark.parametrize(("source", "reason"), PY2)
def test_python2_code_is_python2_not_broken(source: str, reason: str) -> None:
    """NBK001 reports Python 2 code as such, passes with a small deduction, and still analyses the other cells."""
    files = {"old.ipynb": _nb(("import pandas as pd", 1), (source, 2)), "new.ipynb": _nb(("print('ok')", 1))}
    verdict = run_check(find_check("NBK001"), make_facts(files), "repo")  # type: ignore[arg-type]
    assert verdict.status is Status.PASS and verdict.points == 8
    assert "are broken" not in verdict.message and "1 hold Python 2 code" in verdict.message
    assert [e.detail.startswith(f"Python 2 code ({reason})") for e in verdict.evidence] == [True]
    assert dict(verdict.values) == {"broken": "0", "python2": "1"}


def test_a_real_syntax_error_next_to_python2_is_still_broken() -> None:
    """A typo is broken code; the Python 2 notebook beside it is named as Python 2, not counted as broken."""
    files = {"old.ipynb": _nb(("print 'x'", 1)), "typo.ipynb": _nb(("df = load(", 1))}
    verdict = run_check(find_check("NBK001"), make_facts(files), "repo")  # type: ignore[arg-type]
    assert verdict.status is Status.FAIL and verdict.message.startswith("1 of 2 notebook(s) are broken")
    assert dict(verdict.values) == {"broken": "1", "python2": "1"}
