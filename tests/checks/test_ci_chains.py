"""CI that runs the tests through what it calls (Makefile, tox, nox, scripts, runner modules, containers, job scripts), and whether CI exists at all."""

from __future__ import annotations

import pytest

from checks import find_check
from readiness.models import Status
from readiness.pipeline.engine import run_check
from tests.factories import make_facts

CODE = {"pkg/__init__.py": "", "pkg/core.py": "def add(a, b):\n    return a + b\n"}
TESTS = {"tests/test_core.py": "from pkg.core import add\n\n" + "".join(f"def test_add_{i}():\n    assert add({i}, 1) == {i + 1}\n\n" for i in range(3))}
WORKFLOW = "on: [push, pull_request]\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - name: test\n        run: {cmd}\n"


def _ci(cmd: str, files: dict[str, str] | None = None) -> dict[str, str]:
    """A repository with tests, a push workflow whose step 'test' runs CMD, and FILES."""
    return {**CODE, **TESTS, ".github/workflows/ci.yml": WORKFLOW.format(cmd=cmd), **(files or {})}


CHAINS = [
    # (files, passes, text the evidence must hold)
    (_ci("make test", {"Makefile": "PYTHON ?= python3\n\n.PHONY: test\ntest: lint unit\n\nlint:\n\truff check .\n\nunit:\n\t$(PYTHON) -m pytest tests\n"}),
     True, "Makefile:4 test needs unit → Makefile:10 `python3 -m pytest tests`"),
    (_ci("make test", {"Makefile": "test:\n\t@echo 'no tests yet'\n"}), False, "runs no tests"),
    (_ci("make test"), False, "runs no tests"),  # no Makefile in the repository: `make test` would fail
    (_ci("make -C backend check", {"backend/Makefile": "check:\n\t-pytest\n"}), False, "make ignores its failure"),
    (_ci("bash scripts/ci.sh", {"scripts/ci.sh": "#!/usr/bin/env bash\nset -euo pipefail\ncd \"$(dirname \"$0\")/..\"\nruff check .\npython -m pytest -q \\\n  tests\n"}),
     True, "scripts/ci.sh:5 `python -m pytest -q tests`"),
    (_ci("./scripts/ci.sh", {"scripts/ci.sh": "pytest || true\n"}), False, "cannot fail the build"),
    (_ci("./scripts/a.sh", {"scripts/a.sh": "./scripts/b.sh\n", "scripts/b.sh": "./scripts/a.sh\n"}), False, "runs no tests"),  # a cycle is cut
    (_ci("pip install tox && tox -e py311", {"tox.ini": "[tox]\nenvlist = py311\n\n[testenv]\ndeps = pytest\ncommands =\n    pytest {posargs}\n"}),
     True, "tox.ini [testenv] `pytest {posargs}`"),
    (_ci("nox -s tests", {"noxfile.py": "import nox\n\n@nox.session\ndef tests(session):\n    session.install('-e', '.')\n    session.run('pytest', '-q')\n\n@nox.session\ndef lint(session):\n    session.run('ruff', 'check')\n"}),
     True, "noxfile.py:6 session tests `pytest -q`"),
    (_ci("nox -s lint", {"noxfile.py": "import nox\n\n@nox.session\ndef lint(session):\n    session.run('ruff', 'check')\n"}), False, "runs no tests"),
    (_ci("pip install -e . && python -m pkg.tests.run_all --fast", {"pkg/tests/run_all.py": "import subprocess\nimport sys\n\nsys.exit(subprocess.call(['python', '-m', 'pytest', 'tests']))\n"}),
     True, "pkg/tests/run_all.py:4 starts `pytest`"),
    (_ci("python run_tests.py", {"run_tests.py": "import pytest\n\nraise SystemExit(pytest.main(['-q', 'tests']))\n"}), True, "run_tests.py:3 calls pytest.main"),
    (_ci("docker compose run --rm tests", {"docker-compose.yml": "services:\n  tests:\n    build: .\n    command: python -m pytest -q\n"}),
     True, "docker-compose.yml service tests `python -m pytest -q`"),
    (_ci("docker build --target test -t app:test .", {"Dockerfile": "FROM python:3.12-slim AS base\nCOPY . /app\n\nFROM base AS test\nRUN pip install pytest && pytest -q\n\nFROM base\nCMD [\"python\", \"-m\", \"pkg\"]\n"}),
     True, "Dockerfile:5 RUN `pip install pytest && pytest -q`"),
    (_ci("docker build -t app . && docker run --rm app", {"Dockerfile": "FROM python:3.12-slim\nCOPY . /app\nCMD [\"pytest\", \"-q\"]\n"}), True, "Dockerfile:3 CMD `pytest -q`"),
    (_ci("docker build -t app .", {"Dockerfile": "FROM python:3.12-slim\nCOPY . /app\nCMD [\"python\", \"-m\", \"pkg\"]\n"}), False, "runs no tests"),
    (_ci("sbatch --wait jobs/test.slurm", {"jobs/test.slurm": "#!/bin/bash\n#SBATCH --time=00:10:00\nsrun python -m pytest tests\n"}), False, "runs no tests"),  # not a kept text file
    (_ci("sbatch --wait jobs/test.sh", {"jobs/test.sh": "#!/bin/bash\n#SBATCH --time=00:10:00\nmodule load python\nsrun python -m pytest tests\n"}),
     True, "jobs/test.sh:4 `srun python -m pytest tests`"),
    (_ci("poe test", {"pyproject.toml": "[tool.poe.tasks]\ntest = \"pytest -q\"\n"}), True, "pyproject.toml script test `pytest -q`"),
    ({**CODE, **TESTS, ".github/workflows/ci.yml": "on: push\njobs:\n  tests:\n    uses: ./.github/workflows/tests.yml\n",
      ".github/workflows/tests.yml": "on: workflow_call\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: python -m pytest\n"},
     True, ".github/workflows/tests.yml `python -m pytest`"),
    ({**CODE, **TESTS, "Jenkinsfile": "pipeline {\n  stages {\n    stage('Test') {\n      steps {\n        sh 'pip install -r requirements.txt && pytest'\n      }\n    }\n  }\n}\n"},
     True, "runs `pip install -r requirements.txt && pytest`"),
]


def _text(verdict) -> str:
    """A verdict's message and evidence as one string."""
    return verdict.message + " | " + " | ".join(f"{e.path}:{e.line} {e.detail}" for e in verdict.evidence)


@pytest.mark.parametrize(("files", "passes", "evidence"), CHAINS)
def test_ci_follows_what_a_step_calls(files: dict, passes: bool, evidence: str) -> None:
    """A step that reaches pytest through the repository's own files runs the tests, and the evidence names the chain."""
    verdict = run_check(find_check("TST004"), make_facts(files), "repo")  # type: ignore[arg-type]
    assert verdict.status is (Status.PASS if passes else Status.FAIL), _text(verdict)
    assert evidence in _text(verdict)
    assert dict(verdict.values)["runs_tests"] == ("yes" if passes else "no")


def test_the_step_name_and_trigger_are_in_the_evidence() -> None:
    """The evidence reads as the chain a reviewer would follow: workflow step, make target, recipe line."""
    files = _ci("make test", {"Makefile": "test:\n\tpytest\n"})
    verdict = run_check(find_check("TST004"), make_facts(files), "repo")  # type: ignore[arg-type]
    first = verdict.evidence[0]
    assert (first.path, first.line) == (".github/workflows/ci.yml", 8)
    assert first.detail == "step 'test': runs `make test` → Makefile:2 `pytest` on pull_request, push"


MANUAL = WORKFLOW.format(cmd="pytest").replace("[push, pull_request]", "[workflow_dispatch]")
COMMENTED = "# " + WORKFLOW.format(cmd="pytest").replace("\n", "\n# ")
LINT = WORKFLOW.format(cmd="ruff check .")
CI_STATES = [
    ({}, "no"),
    ({".github/workflows/ci.yml": LINT}, "yes"),
    ({".github/workflows/ci.yml": WORKFLOW.format(cmd="pytest").replace("[push, pull_request]", "\n  schedule:\n    - cron: '0 3 * * 1'")}, "yes"),
    ({".github/workflows/ci.yml": MANUAL}, "disabled"),
    ({".github/workflows/ci.yml": COMMENTED}, "disabled"),
    ({".github/workflows/ci.yml.disabled": WORKFLOW.format(cmd="pytest")}, "disabled"),
    ({".github/workflows/ci.yml": MANUAL, ".gitlab-ci.yml": "test:\n  script:\n    - ruff check .\n"}, "yes"),
]


@pytest.mark.parametrize(("files", "state"), CI_STATES)
@pytest.mark.parametrize("with_tests", [True, False])
def test_ci_state_is_reported_with_or_without_tests(files: dict, state: str, with_tests: bool) -> None:
    """`ci` tells no CI from CI that is switched off from CI that runs, on TST004 and TST001, even when there is nothing to test."""
    facts = make_facts({**CODE, **(TESTS if with_tests else {}), **files})
    tst4 = run_check(find_check("TST004"), facts, "repo")  # type: ignore[arg-type]
    tst1 = run_check(find_check("TST001"), facts, "repo")  # type: ignore[arg-type]
    assert dict(tst4.values)["ci"] == state
    assert dict(tst1.values)["ci"] == state
    assert tst4.status is (Status.FAIL if with_tests else Status.NOT_APPLICABLE)


ODD = [
    _ci("poe test", {"pyproject.toml": 'tool = "not a table"\n'}),
    _ci("hatch run test:all", {"pyproject.toml": "[tool.hatch]\nenvs = [1, 2]\n"}),
    _ci("tox", {"pyproject.toml": '[tool.tox]\nenv = ["a"]\nenv_list = "py"\n'}),
    _ci("tox -e", {"tox.ini": "[testenv\ncommands = pytest\n"}),
    _ci("make", {"Makefile": "\t\t\n: :\n=\n$(x):\n\t$(x)\n"}),
    _ci("docker compose run", {"docker-compose.yml": "- just\n- a list\n"}),
    _ci("docker compose up --exit-code-from tests", {"docker-compose.yml": "services:\n  tests: [1]\n"}),
    _ci("docker run", {"Dockerfile": ""}),
    _ci("docker build --target missing .", {"Dockerfile": "RUN pytest\nFROM\n"}),
    _ci("nox", {"noxfile.py": "def broken(:\n"}),
    _ci("bash 'unclosed", {}),
    _ci("python -m", {}),
    _ci("sbatch", {}),
    _ci("cd .. && cd ../.. && bash ../../x.sh", {}),
]


@pytest.mark.parametrize("files", ODD)
def test_odd_configurations_never_break_the_check(files: dict) -> None:
    """Malformed or unusual files along the chain leave the check with a verdict, never an error."""
    verdict = run_check(find_check("TST004"), make_facts(files), "repo")  # type: ignore[arg-type]
    assert verdict.status in (Status.PASS, Status.FAIL), verdict.message
