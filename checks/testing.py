"""Testing checks: count what really tests (discovery as pytest does it, assertions, targets, CI, ML tests, coverage)."""

from __future__ import annotations

from checks.support.code_graph import has_code
from checks.support.common import first_evidence, unparsed
from checks.support.registry import check
from checks.support.testing_evidence import SuiteEvidence, suite_evidence
from readiness.facts.model import RepoFacts
from readiness.models import Dimension, Effort, Evidence, Verdict, failed, not_applicable, passed, unknown

TST = Dimension.TESTING
DISCOVERY = ("test_*.py and *_test.py (or python_files), under testpaths when configured", "test* functions, test* methods of Test* classes and unittest.TestCase subclasses")
CI_SEARCH = (
    ".github/workflows/*.yml", ".gitlab-ci.yml", ".circleci/config.yml", "azure-pipelines.yml", "Jenkinsfile",
    "steps running pytest or python -m unittest, directly or through a Makefile target, tox/nox session, script, runner module, container or job script",
)
SOLID_ANY = 10
SOLID_WITH_CI = 5


def _vendored_note(ev: SuiteEvidence) -> list[Evidence]:
    """Evidence that vendored or environment trees were left out, so their tests are not counted."""
    return [Evidence(f"{count} file(s) under {path} left out as vendored or environment code; tests there are not the candidate's", path) for path, count in ev.vendored[:3]]


def suite_level(ev: SuiteEvidence) -> str:
    """none (no effective test), solid (10+ effective tests, or 5+ run by CI on push/PR), otherwise few."""
    effective = len(ev.effective)
    if effective == 0:
        return "none"
    if effective >= SOLID_ANY or (effective >= SOLID_WITH_CI and ev.ci.runs):
        return "solid"
    return "few"


def _counts(ev: SuiteEvidence) -> tuple[tuple[str, str], ...]:
    """The counts behind the level, as structured values."""
    return (
        ("level", suite_level(ev)),
        ("test_files", str(len(ev.layout.test_modules))),
        ("tests", str(len(ev.tests))),
        ("asserting", str(len(ev.asserting))),
        ("effective", str(len(ev.effective))),
        ("ci_runs_tests", "yes" if ev.ci.runs else "no"),
        ("ci", ev.ci.state),
    )


@check(
    id="TST001",
    slug="test-suite-level",
    dimension=TST,
    title="The project has a test suite that asserts things about its own code (solid, few or none, with counts)",
    remediation="Add pytest tests for your data cleaning, features and model code (assert on outputs, not just that code runs), and run them in CI on every push.",
    effort=Effort.MEDIUM,
    weight=4,
)
def test_suite_level(facts: RepoFacts) -> Verdict:
    """The summary of the testing checks. Tests are discovered as pytest/unittest would (test_*.py and
    *_test.py or the configured python_files, under testpaths when configured; test* functions, test*
    methods of Test* classes and TestCase subclasses) and counted by AST. A test is *effective* when it
    asserts (assert, pytest.raises, self.assert*, numpy/pandas testing helpers, or a local helper that
    asserts, one level deep), is not skipped, and its module imports the project's own code.

    **solid** (10): at least 10 effective tests, or at least 5 that CI runs on push or pull request;
    **few** (5): at least one; **none** (0). The thresholds are a judgement call, not a published figure.
    Tests under vendored or environment trees (vendor/, third_party/, committed virtual environments) are
    not counted. Source: signals.md T1-T3 and T6; TOSEM 2024: 68% of 9,129 deep-learning projects have no
    unit tests; Pimentel et al. 2021: 1.57% of notebooks have tests (signals.md A10, T1).
    """
    ev = suite_evidence(facts)
    if not has_code(facts):
        return not_applicable("no Python code to test", values=(("level", "not-applicable"), ("ci", ev.ci.state)))
    level = suite_level(ev)
    counts = (
        f"{len(ev.layout.test_modules)} test file(s), {len(ev.tests)} test(s), {len(ev.asserting)} asserting, "
        f"{len(ev.effective)} asserting on the project's own code; CI runs them: {'yes' if ev.ci.runs else 'no'}"
    )
    evidence = [Evidence(counts, ev.layout.config.source), *[t.evidence for t in ev.effective[:3]], *ev.ci.runs[:1], *_vendored_note(ev)]
    if level == "solid":
        return passed(f"tests: solid ({counts})", *evidence, values=_counts(ev))
    if level == "few":
        return passed(f"tests: few ({counts})", *evidence, score=5, values=_counts(ev))
    if not ev.tests:
        return failed("tests: none (no test collected)", *_vendored_note(ev), searched=DISCOVERY, values=_counts(ev))
    return failed(f"tests: none ({counts})", *evidence, searched=DISCOVERY, values=_counts(ev))


@check(
    id="TST002",
    slug="tests-assert",
    dimension=TST,
    title="Tests assert something (not only call code)",
    remediation="Give every test an assertion about the result (`assert`, `pytest.raises`, `np.testing.assert_allclose`); delete placeholder tests.",
    effort=Effort.LOW,
    weight=2,
)
def tests_assert(facts: RepoFacts) -> Verdict:
    """Per collected test: assert statements, pytest.raises/warns/approx, self.assert*, numpy.testing and
    pandas.testing helpers, mock assert_* calls, or a call to a helper in the test code that asserts (one level).
    Skipped tests do not count as asserting. Passes when at least 80% of tests assert, scored by the share.
    A test that only runs code proves that it does not crash, nothing more.
    Source: signals.md T2 (trap: assertions hidden in helpers, followed one level).
    """
    ev = suite_evidence(facts)
    if not ev.tests:
        return not_applicable("no tests collected", *_vendored_note(ev), searched=DISCOVERY)
    asserting = frozenset(ev.asserting)
    silent = [t for t in ev.tests if t not in asserting]
    share = 1 - len(silent) / len(ev.tests)
    evidence = [Evidence(f"{t.name}: " + ("skipped" if t.skipped else "no assertion"), t.path, t.line) for t in silent]
    if share >= 0.8:
        helped = [Evidence(f"{t.name} asserts through {t.helper}()", t.path, t.line) for t in ev.tests if t.helper][:2]
        return passed(f"{len(ev.asserting)} of {len(ev.tests)} tests assert", *first_evidence(evidence + helped, 3), score=round(10 * share, 1))
    return failed(f"only {len(ev.asserting)} of {len(ev.tests)} tests assert anything", *first_evidence(evidence), score=round(10 * share, 1))


@check(
    id="TST003",
    slug="tests-target-project-code",
    dimension=TST,
    title="Tests exercise the project's own code, not only third-party or vendored code",
    remediation="Import your own modules in the tests (e.g. `from mypkg.features import build_features`) and test them; tests of vendored or third-party packages are not yours.",
    effort=Effort.MEDIUM,
    weight=2,
)
def tests_target_project_code(facts: RepoFacts) -> Verdict:
    """A test module targets the project when it imports one of the repository's own modules (absolute or
    relative, src layout understood), sits below a conftest.py that does (fixtures), or loads a model file
    committed in the repository (joblib/pickle/torch/keras/onnx loader and a literal naming that file). Vendored and
    environment trees are excluded from the inventory, so their code is third-party here and their own tests
    are not counted. Passes when at least half of the tests target the project, scored by the share.
    Source: signals.md T3 (ML Test Score Data 7 and Infra 2; trap: tests of third-party behaviour) and
    T1's trap (committed third-party packages whose tests would count as the candidate's).
    """
    ev = suite_evidence(facts)
    if not ev.tests:
        return not_applicable("no tests collected", *_vendored_note(ev), searched=DISCOVERY)
    targeting = [t for t in ev.tests if t.targets]
    share = len(targeting) / len(ev.tests)
    modules = sorted({t.path for t in targeting})
    if share >= 0.5:
        return passed(f"{len(targeting)} of {len(ev.tests)} tests import the project's own code", *[Evidence("imports project code", p) for p in modules[:3]], score=round(10 * share, 1))
    others = ", ".join(ev.untargeted_imports[:5]) or "nothing"
    off = sorted({t.path for t in ev.tests if not t.targets})
    evidence = [Evidence(f"imports no module of the project (only {others})", p) for p in off[:3]] + _vendored_note(ev)
    return failed(f"only {len(targeting)} of {len(ev.tests)} tests exercise the project's own code", *evidence, score=round(10 * share, 1))


@check(
    id="TST004",
    slug="ci-runs-tests",
    dimension=TST,
    title="CI runs the tests on every push or pull request, and a failing test fails the build",
    remediation="Add a GitHub Actions workflow `on: [push, pull_request]` with a step `run: pytest` (no `|| true`, no continue-on-error).",
    effort=Effort.LOW,
    weight=3,
)
def ci_runs_tests(facts: RepoFacts) -> Verdict:
    """GitHub Actions, GitLab CI, CircleCI, Azure Pipelines, Travis, Bitbucket and Jenkins configurations,
    parsed as YAML: a step that runs pytest or python -m unittest, in a workflow triggered by push or
    pull_request. The step may reach the tests through what it calls, followed into the repository's own
    files up to four calls deep (cycles cut): a Makefile target and its prerequisites, a tox environment or
    nox session, a shell script read line by line, a pyproject script (hatch, pdm, poe, taskipy), a runner
    module (`python -m pkg.tests.run`, which calls pytest.main or starts pytest), a local composite action or
    reusable workflow, a container (`docker compose run`, `docker run` of an image built earlier, the RUN
    steps of `docker build`) or a cluster job script (sbatch, qsub, bsub); the evidence names the chain.

    Does not count: a workflow that is entirely commented out, renamed (ci.yml.disabled) or invalid,
    `pytest || true` (anywhere along the chain), a Makefile recipe line or tox command starting with `-`, a
    step or job with continue-on-error / allow_failure, an `if: false` job, a lint-only workflow, a workflow
    run only by hand or on a schedule. A README badge is not a workflow. The `ci` value says whether CI runs
    by itself at all (yes, no, disabled) even when there are no tests. Not applicable when there are no
    tests. Source: signals.md T6 (ML Test Score: automated tests earn a full point, manual ones half).
    """
    ev = suite_evidence(facts)
    values = (("ci", ev.ci.state), ("runs_tests", "yes" if ev.ci.runs else "no"))
    if ev.ci.runs:
        return passed("CI runs the tests", *ev.ci.runs[:3], values=values)
    if not ev.tests:
        note = {"yes": "CI is configured", "no": "no CI configuration", "disabled": "CI is configured but switched off"}[ev.ci.state]
        return not_applicable(f"no tests to run ({note})", *ev.ci.rejected[:2], values=values)
    if refused := unparsed(facts, lambda path: any(w.path == path for w in facts.workflows)):
        return unknown(f"{len(refused)} CI file(s) over a parsing limit were not read; whether they run the tests is unknown", *refused[:3], values=values)
    if not ev.ci.configs and ev.ci.state == "no":
        return failed("no CI configuration runs the tests", searched=CI_SEARCH, values=values)
    if ev.ci.state == "disabled":
        return failed("CI is configured but switched off (commented out, renamed, manual-only or invalid), so it does not run the tests", *first_evidence(list(ev.ci.rejected)), searched=CI_SEARCH[-1:], values=values)
    return failed("CI is configured but does not run the tests", *first_evidence(list(ev.ci.rejected)), searched=CI_SEARCH[-1:], values=values)


@check(
    id="TST005",
    slug="ml-specific-tests",
    dimension=TST,
    title="Data and models are tested: data validation, model behaviour or metric thresholds",
    remediation="Add a data test (pandera schema or Great Expectations suite on your inputs) and a model test: a prediction on a known example, an invariance or directional test, or a metric threshold against a baseline.",
    effort=Effort.MEDIUM,
    weight=2,
)
def ml_specific_tests(facts: RepoFacts) -> Verdict:
    """Data validation: Great Expectations expectations (expect_* calls or JSON suites), pandera schemas,
    TFDV, deepchecks, dbt schema and singular tests. Model tests: asserting tests that make predictions
    (predict/predict_proba/generate calls or requests to a /predict route), counted as behavioural when
    they compare two or more predictions or are named for invariance/direction; metric thresholds:
    asserting tests that compute a metric (sklearn.metrics, *_score, evaluate).

    Only for machine-learning projects and data pipelines (dbt, Airflow, Dagster, Prefect). A Great
    Expectations scaffold with no expectation does not count. Source: signals.md T4 and T5 (ML Test Score
    Data 1, Model 5, Infra 4; Made With ML's tests/data and tests/model/test_behavioral.py).
    """
    ev = suite_evidence(facts)
    if not (ev.ml or ev.data_pipeline or ev.data_validation):
        return not_applicable("no model or data pipeline to test")
    asserting = [t for t in ev.asserting if t.targets or t.predicts]
    model = [Evidence(f"{t.name}: " + ("behavioural test (compares predictions)" if t.behaviour else "tests a prediction"), t.path, t.line) for t in asserting if t.predicts]
    metric = [Evidence(f"{t.name}: metric threshold", t.path, t.line) for t in asserting if t.metric]
    kinds = [name for name, found in (("data validation", ev.data_validation), ("model behaviour", model), ("metric thresholds", metric)) if found]
    if kinds:
        return passed(f"ML-specific tests: {', '.join(kinds)}", *first_evidence([*ev.data_validation[:2], *model[:2], *metric[:2]], 6))
    return failed("no data validation, model behaviour or metric tests", searched=("great_expectations, pandera, tfdv, deepchecks, dbt tests", "asserting tests that predict", "asserting tests that compute a metric"))


@check(
    id="TST006",
    slug="coverage-configured",
    dimension=TST,
    title="Test coverage is measured (configured, not a committed data file)",
    remediation="Add pytest-cov to your test dependencies and `[tool.coverage.run] source = [\"src\"]` to pyproject.toml, and run `pytest --cov` in CI.",
    effort=Effort.LOW,
    weight=1,
)
def coverage_configured(facts: RepoFacts) -> Verdict:
    """Coverage configuration: [tool.coverage.*] in pyproject.toml, .coveragerc, [coverage:*] in setup.cfg
    or tox.ini, --cov in pytest's addopts, pytest-cov or coverage declared, codecov.yml, or --cov /
    coverage run / codecov in CI. A committed .coverage (or coverage.xml, htmlcov/) is an artifact, not
    evidence: it is reported but does not count. Not applicable when there are no tests.
    Source: signals.md T7 (pynblint's test-coverage-data-not-available uses the .coverage file as its proxy;
    prefer the configuration).
    """
    ev = suite_evidence(facts)
    if not ev.tests:
        return not_applicable("no tests to measure", *ev.coverage_artifacts)
    if ev.coverage:
        return passed("coverage is configured", *first_evidence(list(ev.coverage), 3))
    note = "; a committed coverage data file is an artifact, not evidence" if ev.coverage_artifacts else ""
    return failed("coverage is not measured" + note, *ev.coverage_artifacts, searched=("[tool.coverage] in pyproject.toml", ".coveragerc", "--cov in addopts or CI", "pytest-cov in dependencies", "codecov.yml"))
