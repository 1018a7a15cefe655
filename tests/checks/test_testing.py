"""Testing checks on hand-built facts: discovery, assertions, targets, CI, ML tests, coverage; each both ways."""

from __future__ import annotations

import pytest

from checks import find_check
from readiness.models import Status
from readiness.pipeline.engine import run_check
from tests.factories import make_facts

CODE = {"pkg/__init__.py": "", "pkg/core.py": "def add(a, b):\n    return a + b\n"}
ASSERTING = "from pkg.core import add\n\n" + "".join(f"def test_add_{i}():\n    assert add({i}, 1) == {i + 1}\n\n" for i in range(6))
SILENT = "from pkg.core import add\n\ndef test_runs():\n    add(1, 2)\n\ndef test_todo():\n    pass\n"
HELPER = "from pkg.core import add\n\ndef check_sum(a, b):\n    assert add(a, b) == a + b\n\ndef test_via_helper():\n    check_sum(1, 2)\n"
UNITTEST = "import unittest\nfrom pkg.core import add\n\nclass AddTest(unittest.TestCase):\n    def test_add(self):\n        self.assertEqual(add(1, 1), 2)\n"
SKIPPED = "import pytest\nfrom pkg.core import add\n\n@pytest.mark.skip(reason='later')\ndef test_later():\n    assert add(1, 1) == 2\n"
MODEL_FILE_TEST = "import joblib\n\nMODEL_DIR = 'models'\n\ndef test_known_case():\n    clf = joblib.load(f'{MODEL_DIR}/clf.joblib')\n    assert clf.predict([[0.1, 0.2]])[0] == 0\n"
THIRD_PARTY = "import requests\n\ndef test_requests_has_get():\n    assert hasattr(requests, 'get')\n"
CI = "on: [push, pull_request]\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pip install pytest\n      - run: {cmd}\n"
GITLAB = "test:\n  script:\n    - pip install -r requirements.txt\n    - python -m pytest\n"
ML_TEST = (
    "from sklearn.metrics import accuracy_score\nfrom pkg.model import train\n\n"
    "def test_accuracy_floor():\n    m, X, y = train()\n    assert accuracy_score(y, m.predict(X)) > 0.8\n\n"
    "def test_invariant_to_case():\n    m, _, _ = train()\n    assert m.predict(['Good']) == m.predict(['good'])\n"
)
ML_CODE = {"pkg/__init__.py": "", "pkg/model.py": "from sklearn.linear_model import LogisticRegression\n\ndef train():\n    return LogisticRegression().fit([[0], [1]], [0, 1]), [[0]], [0]\n"}

CASES = [
    # TST001 test-suite-level
    ("TST001", {**CODE, "tests/test_core.py": ASSERTING, ".github/workflows/ci.yml": CI.format(cmd="pytest")}, Status.PASS, "solid"),
    ("TST001", {**CODE, "tests/test_core.py": ASSERTING}, Status.PASS, "few"),
    ("TST001", {**CODE, "tests/test_core.py": SILENT}, Status.FAIL, "none"),
    ("TST001", {**CODE, "tests/test_http.py": THIRD_PARTY}, Status.FAIL, "none"),
    ("TST001", {**CODE, "tests/test_core.py": SKIPPED}, Status.FAIL, "none"),
    ("TST001", CODE, Status.FAIL, "none"),
    ("TST001", {**CODE, "checks/core_checks.py": ASSERTING}, Status.FAIL, "none"),  # not a test file name
    ("TST001", {**CODE, "tests/test_core.py": ASSERTING, "pyproject.toml": '[tool.pytest.ini_options]\ntestpaths = ["spec"]\n'}, Status.FAIL, "none"),
    ("TST001", {"README.md": "# notes\n"}, Status.NOT_APPLICABLE, "not-applicable"),
    # TST002 tests-assert
    ("TST002", {**CODE, "tests/test_core.py": ASSERTING}, Status.PASS, None),
    ("TST002", {**CODE, "tests/test_core.py": HELPER}, Status.PASS, None),
    ("TST002", {**CODE, "test_core.py": UNITTEST}, Status.PASS, None),
    ("TST002", {**CODE, "tests/test_core.py": SILENT}, Status.FAIL, None),
    ("TST002", CODE, Status.NOT_APPLICABLE, None),
    # TST003 tests-target-project-code
    ("TST003", {**CODE, "tests/test_core.py": ASSERTING}, Status.PASS, None),
    ("TST003", {**CODE, "tests/conftest.py": "import pytest\nfrom pkg import core\n", "tests/test_fixture.py": "def test_it(core_fixture):\n    assert core_fixture\n"}, Status.PASS, None),
    ("TST003", {**CODE, "tests/test_http.py": THIRD_PARTY}, Status.FAIL, None),
    ("TST003", {**CODE, "models/clf.joblib": "binary", "tests/test_model.py": MODEL_FILE_TEST}, Status.PASS, None),  # tests the committed model
    ("TST003", {**CODE, "tests/test_model.py": MODEL_FILE_TEST}, Status.FAIL, None),  # the model it loads is not in the repository
    ("TST003", CODE, Status.NOT_APPLICABLE, None),
    # TST004 ci-runs-tests
    ("TST004", {**CODE, "tests/test_core.py": ASSERTING, ".github/workflows/ci.yml": CI.format(cmd="pytest -q")}, Status.PASS, None),
    ("TST004", {**CODE, "tests/test_core.py": ASSERTING, ".gitlab-ci.yml": GITLAB}, Status.PASS, None),
    ("TST004", {**CODE, "tests/test_core.py": ASSERTING, ".github/workflows/ci.yml": CI.format(cmd="pytest || true")}, Status.FAIL, None),
    ("TST004", {**CODE, "tests/test_core.py": ASSERTING, ".github/workflows/ci.yml": CI.format(cmd="ruff check .")}, Status.FAIL, None),
    ("TST004", {**CODE, "tests/test_core.py": ASSERTING, ".github/workflows/ci.yml": "# " + CI.format(cmd="pytest").replace("\n", "\n# ")}, Status.FAIL, None),
    ("TST004", {**CODE, "tests/test_core.py": ASSERTING, ".github/workflows/ci.yml": CI.format(cmd="pytest").replace("[push, pull_request]", "[workflow_dispatch]")}, Status.FAIL, None),
    ("TST004", {**CODE, "tests/test_core.py": ASSERTING}, Status.FAIL, None),
    ("TST004", CODE, Status.NOT_APPLICABLE, None),
    # TST005 ml-specific-tests
    ("TST005", {**ML_CODE, "tests/test_model.py": ML_TEST}, Status.PASS, None),
    ("TST005", {**ML_CODE, "pkg/schema.py": "import pandera as pa\nSCHEMA = pa.DataFrameSchema({'x': pa.Column(int)})\n"}, Status.PASS, None),
    ("TST005", {"dbt/dbt_project.yml": "name: x\n", "dbt/models/schema.yml": "version: 2\nmodels:\n  - name: t\n    columns:\n      - name: id\n        tests: [unique]\n", "etl.py": "import requests\n"}, Status.PASS, None),
    ("TST005", {**ML_CODE, "tests/test_core.py": "from pkg.model import train\n\ndef test_runs():\n    train()[0].predict([[0]])\n"}, Status.FAIL, None),
    ("TST005", {**ML_CODE, "pkg/gx.py": "import great_expectations as gx\ncontext = gx.get_context()\n"}, Status.FAIL, None),  # scaffold, no expectation
    ("TST005", {**CODE, "tests/test_core.py": ASSERTING}, Status.NOT_APPLICABLE, None),
    # TST006 coverage-configured
    ("TST006", {**CODE, "tests/test_core.py": ASSERTING, "pyproject.toml": "[tool.coverage.run]\nsource = ['pkg']\n"}, Status.PASS, None),
    ("TST006", {**CODE, "tests/test_core.py": ASSERTING, ".github/workflows/ci.yml": CI.format(cmd="pytest --cov=pkg")}, Status.PASS, None),
    ("TST006", {**CODE, "tests/test_core.py": ASSERTING, ".coverage": b"SQLite format 3\x00"}, Status.FAIL, None),
    ("TST006", CODE, Status.NOT_APPLICABLE, None),
]


@pytest.mark.parametrize(("check_id", "files", "expected", "level"), CASES)
def test_testing_check(check_id: str, files: dict, expected: Status, level: str | None) -> None:
    spec = find_check(check_id)
    assert spec is not None
    result = run_check(spec, make_facts(files), "repo")
    assert result.status is expected, result.message
    assert result.evidence or result.searched or result.status is not Status.FAIL
    if level:
        assert dict(result.values)["level"] == level


def test_vendored_tests_are_left_out_and_said_so() -> None:
    facts = make_facts({**CODE, "tests/test_core.py": SILENT}, skipped=(("third_party/", 12), ("__pycache__/", 3)))
    result = run_check(find_check("TST001"), facts, "repo")  # type: ignore[arg-type]
    notes = [e.detail for e in result.evidence if e.path == "third_party/"]
    assert notes and "not the candidate's" in notes[0]
    assert not any(e.path == "__pycache__/" for e in result.evidence)


def test_counts_are_structured_values() -> None:
    facts = make_facts({**CODE, "tests/test_core.py": ASSERTING + SILENT.split("\n", 1)[1]})
    values = dict(run_check(find_check("TST001"), facts, "repo").values)  # type: ignore[arg-type]
    assert values == {"level": "few", "test_files": "1", "tests": "8", "asserting": "6", "effective": "6", "ci_runs_tests": "no", "ci": "no"}


def test_parametrised_and_class_tests_count_once_each() -> None:
    text = "import pytest\nfrom pkg.core import add\n\n@pytest.mark.parametrize('a', [1, 2, 3])\ndef test_p(a):\n    assert add(a, 0) == a\n\nclass TestAdd:\n    def test_m(self):\n        assert add(1, 1) == 2\n    def helper(self):\n        return 1\n"
    values = dict(run_check(find_check("TST001"), make_facts({**CODE, "tests/test_x.py": text}), "repo").values)  # type: ignore[arg-type]
    assert values["tests"] == "2"
