"""Code-quality checks on hand-built facts: radon complexity and MI, flat scripts, duplicated code."""

from __future__ import annotations

import pytest

from checks import find_check
from readiness.models import Status
from readiness.pipeline.engine import run_check
from tests.checks.test_breadth import values_of
from tests.factories import make_facts, notebook


def branches(name: str, count: int) -> str:
    """A function with COUNT if-branches (cyclomatic complexity COUNT + 1)."""
    body = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(count))
    return f"def {name}(x):\n{body}    return -1\n"


def module(functions: int, lines: int = 6) -> str:
    """A tidy module of small functions, each several statements long."""
    out = []
    for f in range(functions):
        body = "".join(f"    value_{i} = compute_step_{f}(value_{i - 1 if i else 'start'}, {i})\n" for i in range(lines))
        out.append(f"def step_{f}(value_start):\n    \"\"\"Step {f}.\"\"\"\n{body}    return value_{lines - 1}\n")
    return "\n\n".join(out)


FLAT = "import pandas as pd\n" + "".join(f"frame_{i} = pd.read_csv('part_{i}.csv').dropna()\n" for i in range(32))
SHARED = "".join(f"result_{i} = transform_values(source_table, column_{i}, threshold={i})\n" for i in range(10))

CASES = [
    # COD001 function-complexity
    ("COD001", {"a.py": module(3)}, Status.PASS),
    ("COD001", {"a.py": branches("messy", 25)}, Status.FAIL),  # rank D
    ("COD001", {"a.py": branches("c_one", 12) + "\n" + module(6)}, Status.PASS),  # one C among many: listed, passes at 8
    ("COD001", {"a.py": branches("c_one", 12) + "\n" + branches("c_two", 12) + "\n" + module(2)}, Status.FAIL),  # half rank C
    ("COD001", {"a.ipynb": notebook([{"cell_type": "code", "source": "x = 1\nprint(x)\n"}])}, Status.NOT_APPLICABLE),
    ("COD001", {"gen_pb2.py": branches("generated", 45)}, Status.NOT_APPLICABLE),
    # COD002 maintainability-index
    ("COD002", {"a.py": module(3)}, Status.PASS),
    ("COD002", {"a.py": "\n".join(branches(f"messy_{i}", 40) for i in range(4))}, Status.FAIL),
    ("COD002", {"tiny.py": "def f():\n    return 1\n"}, Status.NOT_APPLICABLE),  # tiny files are not a perfect 100
    # COD003 no-long-flat-scripts
    ("COD003", {"report.py": FLAT}, Status.FAIL),
    ("COD003", {"report.py": module(4)}, Status.PASS),
    ("COD003", {"settings.py": FLAT}, Status.NOT_APPLICABLE),
    ("COD003", {"tests/test_x.py": FLAT}, Status.NOT_APPLICABLE),
    # COD004 no-duplicated-code
    ("COD004", {"a.py": SHARED, "b.ipynb": notebook([{"cell_type": "code", "source": SHARED}])}, Status.FAIL),
    ("COD004", {"a.py": SHARED, "b.py": module(3)}, Status.PASS),
    ("COD004", {"a.py": "x = 1\n"}, Status.NOT_APPLICABLE),
]


@pytest.mark.parametrize(("check_id", "files", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_code_quality_check(check_id: str, files: dict, expected: Status) -> None:
    finding = run_check(find_check(check_id), make_facts(files), "repo")
    assert finding.status is expected, finding.message


def test_complexity_evidence_names_the_function_and_rank() -> None:
    finding = run_check(find_check("COD001"), make_facts({"clean.py": branches("normalise_row", 45)}), "repo")
    assert finding.evidence[0].detail == "normalise_row: complexity 46 (rank F)"
    assert finding.evidence[0].path == "clean.py" and finding.evidence[0].line == 1
    assert values_of(finding)["worst"] == "46"


def test_notebook_without_functions_reports_statement_counts() -> None:
    code = "import pandas as pd\ndf = pd.read_csv('a.csv')\ndf.describe()\ndf.head()\n"
    finding = run_check(find_check("COD001"), make_facts({"a.ipynb": notebook([{"cell_type": "code", "source": code}])}), "repo")
    assert values_of(finding)["statements"] == "3"
    assert "module-level statements" in finding.message


def test_tiny_files_are_left_out_of_the_maintainability_index() -> None:
    files = {"tiny.py": "def f():\n    return 1\n", "big.py": module(3)}
    finding = run_check(find_check("COD002"), make_facts(files), "repo")
    assert values_of(finding)["tiny"] == "1" and values_of(finding)["measured"] == "1"


def test_duplicate_evidence_names_both_files() -> None:
    finding = run_check(find_check("COD004"), make_facts({"a.py": SHARED, "b.py": SHARED}), "repo")
    assert finding.evidence[0].path == "b.py" and "also in a.py" in finding.evidence[0].detail


def test_copy_within_one_file_counts() -> None:
    finding = run_check(find_check("COD004"), make_facts({"a.py": SHARED + SHARED}), "repo")
    assert finding.status is Status.FAIL
    assert "within the file" in finding.evidence[0].detail
