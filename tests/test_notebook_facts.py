"""Bad notebooks on the facts stage: each is a problem on that file; other notebooks and every check still run."""

from __future__ import annotations

import json

import pytest

from checks import all_checks
from readiness.facts import build_facts
from readiness.facts.notebooks import code_of, read_notebook
from readiness.models import Status
from readiness.pipeline.engine import run_check
from tests.factories import make_repo, notebook

GOOD = notebook([
    {"cell_type": "markdown", "source": "# Good\n\nA notebook that reads fine, next to broken ones."},
    {"cell_type": "code", "source": "import pandas as pd\ndf = pd.read_csv('data.csv')", "execution_count": 1},
])
V3 = json.dumps({"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [{"cells": [
    {"cell_type": "code", "input": "import numpy as np\nx = np.random.rand(3)", "language": "python", "outputs": [], "prompt_number": 2},
    {"cell_type": "code", "input": "import scipy", "language": "python", "outputs": [], "prompt_number": 1},
]}]})
MISSING_FIELDS = json.dumps({"nbformat": 4, "nbformat_minor": 4, "metadata": {}, "cells": [
    {"source": "x = 1"},
    {"cell_type": "code"},
    "not a cell",
    {"cell_type": "code", "source": "y = 2", "execution_count": "7", "outputs": "none"},
]})
NON_STRING = json.dumps({"nbformat": 4, "nbformat_minor": 4, "metadata": {}, "cells": [
    {"cell_type": "code", "source": 42, "execution_count": 1, "outputs": []},
    {"cell_type": "code", "source": ["a = 1\n", 2], "execution_count": 2, "outputs": []},
    {"cell_type": "markdown", "source": {"text": "hi"}},
]})
HUGE_OUTPUT = json.dumps({"nbformat": 4, "nbformat_minor": 4, "metadata": {}, "cells": [
    {"cell_type": "code", "source": "print(log)", "execution_count": 1, "metadata": {},
     "outputs": [{"output_type": "stream", "name": "stdout", "text": "epoch 1 loss 0.25\n" * 400_000}]},
]})
MANY_CELLS = json.dumps({"nbformat": 4, "nbformat_minor": 4, "metadata": {}, "cells": [
    {"cell_type": "code", "source": f"x{i} = {i}", "execution_count": i + 1, "metadata": {}, "outputs": []} for i in range(50_000)
]})
BAD = {
    "broken.ipynb": "{ \"cells\": [ <<<<<<< HEAD",
    "old.ipynb": V3,
    "fields.ipynb": MISSING_FIELDS,
    "types.ipynb": NON_STRING,
    "log.ipynb": HUGE_OUTPUT,
    "long.ipynb": MANY_CELLS,
    "future.ipynb": json.dumps({"nbformat": 5, "cells": []}),
    "list.ipynb": "[1, 2, 3]",
    "deep.ipynb": "[" * 100_000 + "]" * 100_000,
}
EXPECTED_PROBLEMS = {
    "broken.ipynb": "invalid JSON",
    "old.ipynb": "nbformat v3",
    "fields.ipynb": "missing or malformed fields",
    "types.ipynb": "missing or malformed fields",
    "log.ipynb": "output of",
    "long.ipynb": "50000 cells",
    "future.ipynb": "unsupported nbformat",
    "list.ipynb": "not a JSON object",
    "deep.ipynb": "JSON nested too deeply; not parsed",
}


@pytest.fixture(scope="module")
def bad_facts(tmp_path_factory):
    """Facts of a real git repository holding one good notebook and every kind of bad one."""
    root = make_repo(tmp_path_factory.mktemp("bad-notebooks") / "repo", {"good.ipynb": GOOD, "data.csv": "a\n1\n", **BAD})
    return build_facts(root, "repo")


@pytest.mark.parametrize("path", sorted(BAD))
def test_each_bad_notebook_is_a_problem_on_that_file(bad_facts, path: str) -> None:
    messages = [p.message for p in bad_facts.problems if p.path == path]
    assert any(EXPECTED_PROBLEMS[path] in m for m in messages), messages


def test_the_good_notebook_is_still_analysed(bad_facts) -> None:
    good = next(nb for nb in bad_facts.notebooks if nb.path == "good.ipynb")
    assert good.error is None and good.code is not None and {i.module for i in good.code.imports} == {"pandas"}
    assert not [p for p in bad_facts.problems if p.path == "good.ipynb"]


def test_every_check_still_runs(bad_facts) -> None:
    """No check errors on the mixture; the notebook checks judge what could be read."""
    for spec in all_checks():
        if spec.scope == "repo":
            finding = run_check(spec, bad_facts, "repo")
            assert finding.status is not Status.ERROR, (spec.id, finding.message)


def test_broken_notebooks_fail_readability_with_their_names(bad_facts) -> None:
    finding = run_check(next(s for s in all_checks() if s.id == "NBK001"), bad_facts, "repo")
    assert finding.status is Status.FAIL
    named = {e.path for e in finding.evidence}
    assert {"broken.ipynb", "future.ipynb"} <= named or len(finding.evidence) > 8


def test_v3_is_converted_and_checked(bad_facts) -> None:
    """The v3 notebook's cells become v4 cells: its out-of-order counts are seen."""
    old = next(nb for nb in bad_facts.notebooks if nb.path == "old.ipynb")
    assert [c.execution_count for c in old.cells] == [2, 1]
    assert {i.module for i in old.code.imports} == {"numpy", "scipy"}


def test_malformed_fields_are_tolerated(bad_facts) -> None:
    fields = next(nb for nb in bad_facts.notebooks if nb.path == "fields.ipynb")
    assert fields.error is None and [c.execution_count for c in fields.cells if c.kind == "code"] == [None, None]
    types = next(nb for nb in bad_facts.notebooks if nb.path == "types.ipynb")
    assert types.cells[0].source == "42" and types.error is None


def test_huge_output_is_summarised_not_kept(bad_facts) -> None:
    log = next(nb for nb in bad_facts.notebooks if nb.path == "log.ipynb")
    output = log.cells[0].outputs[0]
    assert output.size > 7_000_000 and len(output.text) <= 1000


def test_long_notebook_keeps_every_cell(bad_facts) -> None:
    long = next(nb for nb in bad_facts.notebooks if nb.path == "long.ipynb")
    assert len(long.cells) == 50_000 and long.code is not None


def test_magics_are_stripped_before_parsing() -> None:
    """Shell escapes, line magics, help and non-Python cell magics never reach the AST (radon's own notebook support fails on them)."""
    source = notebook([
        {"cell_type": "code", "source": "!pip install -q xgboost\n%matplotlib inline\nfiles = !ls data\ndf.head?\nimport xgboost"},
        {"cell_type": "code", "source": "%%bash\nfor f in *.csv; do echo $f; done"},
        {"cell_type": "code", "source": "%%time\nfor i in range(3):\n    %time x = i"},
    ])
    nb, _, problems = read_notebook("a.ipynb", source.encode())
    assert nb.code.parse_error is None and not nb.syntax_errors and not problems
    assert [i.module for i in nb.code.imports] == ["xgboost"]
    text, _ = code_of(nb.cells)
    assert "!pip" not in text and "%%bash" not in text and "for f in" not in text


def test_nothing_is_executed(tmp_path) -> None:
    """Reading a notebook whose code would write a marker file leaves no marker."""
    marker = tmp_path / "ran"
    source = notebook([{"cell_type": "code", "source": f"open({str(marker)!r}, 'w').write('x')\n!touch {marker}", "execution_count": 1}])
    read_notebook("a.ipynb", source.encode())
    assert not marker.exists()
