"""What a repository's tests really do, computed once per repository from its facts (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass


from checks.support.ci_chain import Context, built_images, follow, follow_uses
from checks.support.code_graph import Layout, files_with_suffix, layout, memo, module_index, pipelines, repo_paths, resolve_import, sorted_paths
from checks.support.common import code_units, ml_project, stdlib
from readiness.facts.bounded import ParseError, load_yaml
from readiness.facts.ci_steps import Pipeline, Step, command_lines
from readiness.facts.model import Call, CodeFacts, FunctionInfo, RepoFacts
from readiness.models import Evidence

SKIP_DECORATORS = ("pytest.mark.skip", "unittest.skip", "unittest.case.skip")
PUSH_TRIGGERS = frozenset({"push", "pull_request", "pull_request_target", "merge_group"})
MANUAL_TRIGGERS = frozenset({"workflow_dispatch", "workflow_call"})
STRAY_WORKFLOW = re.compile(r"^\.github/workflows/[^/]+\.ya?ml\.[\w-]+$|^\.github/[^/]*workflows[-_.][^/]*/[^/]+\.ya?ml$")
LINT_COMMAND = re.compile(r"\b(ruff|flake8|pylint|black|isort|mypy|pre-commit|pyright|pycodestyle|pydocstyle|bandit)\b")
PREDICT_LAST = frozenset({"predict", "predict_proba", "predict_log_proba", "decision_function", "generate", "classify", "infer", "inference"})
BEHAVIOUR_NAME = re.compile(r"(?i)invarian|directional|monoton|robust|behaviou?r|perturb|counterfactual|do_not|does_not|should_not|increase|decrease|lower|higher|minimum_functionality|mft")
METRIC_LAST = frozenset({
    "accuracy_score", "f1_score", "roc_auc_score", "precision_score", "recall_score", "mean_squared_error", "mean_absolute_error",
    "r2_score", "log_loss", "balanced_accuracy_score", "average_precision_score", "evaluate", "score", "accuracy", "rmse", "mae",
})
COVERAGE_DEPS = frozenset({"pytest-cov", "coverage"})
COVERAGE_ARTIFACT = re.compile(r"(^|/)(\.coverage(\.[\w.-]+)?|coverage\.xml|htmlcov/.*)$")
MODEL_SUFFIXES = frozenset({".pkl", ".pickle", ".joblib", ".pt", ".pth", ".h5", ".keras", ".onnx", ".safetensors", ".cbm", ".ubj"})
MODEL_LOADERS = frozenset({"load", "load_model", "InferenceSession", "load_learner", "Booster", "load_state_dict"})
CACHE_DIRS = frozenset({"__pycache__", ".ipynb_checkpoints", ".pytest_cache", ".mypy_cache", ".ruff_cache", "build", "dist", ".eggs", ".tox", ".nox", ".history"})


@dataclass(frozen=True, slots=True)
class CollectedTest:
    """One test function or method as pytest/unittest would collect it, and what it does."""

    path: str
    name: str
    line: int
    asserts: bool
    helper: str | None
    skipped: bool
    targets: bool
    predicts: int
    behaviour: bool
    metric: bool

    @property
    def effective(self) -> bool:
        """Asserts something about the project's own code, and is not skipped."""
        return (self.asserts or bool(self.helper)) and self.targets and not self.skipped

    @property
    def evidence(self) -> Evidence:
        """Where the test is."""
        return Evidence(self.name, self.path, self.line)


@dataclass(frozen=True, slots=True)
class CiRun:
    """How the CI configurations relate to tests: runs that count, and why others do not."""

    runs: tuple[Evidence, ...]
    rejected: tuple[Evidence, ...]
    configs: int
    state: str = "no"
    """Whether CI runs by itself at all: yes, no (no CI file), disabled (commented out, renamed, manual-only or invalid)."""


@dataclass(frozen=True, slots=True)
class SuiteEvidence:
    """Everything the testing checks judge, for one repository."""

    layout: Layout
    tests: tuple[CollectedTest, ...]
    untargeted_imports: tuple[str, ...]
    vendored: tuple[tuple[str, int], ...]
    ci: CiRun
    coverage: tuple[Evidence, ...]
    coverage_artifacts: tuple[Evidence, ...]
    data_validation: tuple[Evidence, ...]
    ml: bool
    data_pipeline: bool

    @property
    def effective(self) -> tuple[CollectedTest, ...]:
        """Tests that assert something about the project's own code."""
        return tuple(t for t in self.tests if t.effective)

    @property
    def asserting(self) -> tuple[CollectedTest, ...]:
        """Tests that assert, directly or through a local helper."""
        return tuple(t for t in self.tests if (t.asserts or t.helper) and not t.skipped)


def _is_test(fn: FunctionInfo) -> bool:
    """pytest's rule: module-level test* functions, test* methods of Test* classes or of TestCase subclasses."""
    if not fn.name.startswith("test"):
        return False
    parts = fn.qualname.split(".")
    if len(parts) == 1:
        return True
    if len(parts) == 2:
        return parts[0].startswith("Test") or any(b.rsplit(".", 1)[-1].endswith("TestCase") for b in fn.class_bases)
    return False


def _helpers(units: tuple[CodeFacts, ...]) -> frozenset[str]:
    """Names of non-test functions in test code that assert (followed one level from a test)."""
    return frozenset(fn.name for unit in units for fn in unit.functions if fn.asserts and not _is_test(fn))


def _targets(unit: CodeFacts, lay: Layout, index: dict[str, list[str]], project_paths: frozenset[str]) -> tuple[bool, list[str]]:
    """Whether a test module imports the project's own code; the other non-standard imports otherwise."""
    others = []
    for imp in unit.imports:
        if imp.level:
            if any(p in project_paths for p in resolve_import(imp, unit.path, index)):
                return True, []
            continue
        if imp.root in lay.project_roots:
            return True, []
        if imp.root and imp.root not in stdlib() and imp.root not in ("pytest", "unittest", "hypothesis", "numpy", "pandas", "mock"):
            others.append(imp.module)
    return False, others


def _conftest_targets(lay: Layout, index: dict[str, list[str]], project_paths: frozenset[str]) -> list[str]:
    """Folders whose conftest.py imports project code (their tests reach it through fixtures)."""
    out = []
    for unit in lay.support_modules:
        if unit.path.rsplit("/", 1)[-1] == "conftest.py" and _targets(unit, lay, index, project_paths)[0]:
            out.append(unit.path.rsplit("/", 1)[0] if "/" in unit.path else "")
    return out


def _loads_own_model(unit: CodeFacts, artifacts: list[str]) -> str | None:
    """The committed model file a test module loads (joblib/pickle/torch/keras/onnx loader and a literal naming the file), if any."""
    if not artifacts or not any(c.name.rsplit(".", 1)[-1] in MODEL_LOADERS for c in unit.calls):
        return None
    for literal in unit.strings:
        name = literal.value.strip().lstrip("./")
        if len(name) > 4 and "." in name.rsplit("/", 1)[-1]:
            hit = next((a for a in artifacts if a == name or a.endswith("/" + name)), None)
            if hit:
                return hit
    return None


def _test_functions(facts: RepoFacts, lay: Layout) -> tuple[list[CollectedTest], list[str]]:
    """Every collected test with its assertions, target and ML flavour; imports of tests that reach no project code."""
    index = module_index(lay.project_modules)
    project_paths = frozenset(u.path for u in lay.project_modules)
    helpers = _helpers(lay.test_modules + lay.support_modules)
    fixture_dirs = _conftest_targets(lay, index, project_paths)
    artifacts = [f.path for f in files_with_suffix(facts, frozenset(MODEL_SUFFIXES)) if not f.path.startswith(("tests/", "test/"))]
    tests: list[CollectedTest] = []
    untargeted: list[str] = []
    for unit in lay.test_modules:
        targets, others = _targets(unit, lay, index, project_paths)
        folder = unit.path.rsplit("/", 1)[0] if "/" in unit.path else ""
        targets = targets or any(folder == d or folder.startswith(d + "/") or d == "" for d in fixture_dirs) or bool(_loads_own_model(unit, artifacts))
        if not targets:
            untargeted += others
        by_function: dict[str | None, list[Call]] | None = None  # (each unit's calls grouped and strings read once, for all its tests)
        predict_lines: list[int] = []
        for fn in unit.functions:
            if _is_test(fn):
                if by_function is None:
                    by_function = {}
                    for call in unit.calls:
                        by_function.setdefault(call.function, []).append(call)
                    predict_lines = [s.line for s in unit.strings if "predict" in s.value.lower()]
                tests.append(_describe(unit, fn, helpers, targets, by_function.get(fn.qualname, []), predict_lines))
    return tests, list(dict.fromkeys(untargeted))


def _describe(unit: CodeFacts, fn: FunctionInfo, helpers: frozenset[str], targets: bool, mine: list[Call], predict_lines: list[int]) -> CollectedTest:
    """What one test does: assertions (or a helper that asserts), skips, predictions and metrics (MINE: the unit's calls
    made in FN; PREDICT_LINES: the lines of the unit's string literals that say predict)."""
    helper = next((c for c in fn.calls if c.rsplit(".", 1)[-1] in helpers), None) if not fn.asserts else None
    skipped = any(d.startswith(SKIP_DECORATORS) and not d.endswith("skipif") for d in fn.decorators)
    predicts = sum(1 for c in mine if c.name.rsplit(".", 1)[-1] in PREDICT_LAST)
    predicts += sum(1 for line in predict_lines if fn.line <= line <= fn.end_line)
    metric = any(c.name.startswith("sklearn.metrics.") or c.name.rsplit(".", 1)[-1] in METRIC_LAST for c in mine)
    behaviour = predicts >= 2 or (predicts >= 1 and bool(BEHAVIOUR_NAME.search(fn.name)))
    return CollectedTest(unit.path, fn.qualname, fn.line, fn.asserts > 0, helper, skipped, targets, predicts, behaviour, metric)


def _stray_workflows(facts: RepoFacts) -> list[Evidence]:
    """Workflow files switched off by renaming (ci.yml.disabled, a workflows-disabled/ folder): GitHub runs none of them."""
    return [Evidence("workflow switched off by its file name: GitHub does not run it", p) for p in sorted_paths(facts) if STRAY_WORKFLOW.search(p)][:3]


def _active(pipeline: Pipeline) -> bool:
    """Whether a CI file runs by itself: parsed, with a trigger other than by hand or by another workflow, and a job that can run."""
    if pipeline.inert or not set(pipeline.triggers) - MANUAL_TRIGGERS:
        return False
    return not pipeline.steps or not all(s.disabled == "job condition is always false" for s in pipeline.steps)


def _step_runs(ctx: Context, workflow_path: str, step: Step) -> tuple[list[Evidence], list[Evidence], bool]:
    """(test runs that can fail the build, runs that cannot, lint seen) of one CI step, each with the chain that reaches the test command."""
    found, notes, lint = [], [], False
    named = f"step '{step.name}': " if step.name else ""
    lines = list(command_lines(step)) if not step.uses else [(step.command, step.line)]
    for line, number in lines:
        lint = lint or bool(LINT_COMMAND.search(line))
        trace = follow_uses(ctx, step.uses, step.with_) if step.uses else follow(ctx, line, step.cwd)
        if trace is None:
            continue
        shown = f"`{line[:80]}`" + "".join(f" → {hop}" for hop in trace.hops)
        why = step.disabled or trace.neutral
        if why:
            notes.append(Evidence(f"{named}{shown} cannot fail the build ({why})", workflow_path, number))
        else:
            found.append(Evidence(f"{named}runs {shown}", workflow_path, number))
    return found, notes, lint


def _ci(facts: RepoFacts) -> CiRun:
    """CI steps that run tests on push or pull request (directly or through what they call), and why other CI files do not count."""
    runs, rejected = [], []
    active = False
    for workflow, pipeline in pipelines(facts):
        if pipeline.inert:
            rejected.append(Evidence(f"runs nothing: {pipeline.inert}", workflow.path))
            continue
        active = active or _active(pipeline)
        ctx = Context(facts)
        built_images(ctx, [(line, step.cwd) for step in pipeline.steps for line, _ in command_lines(step)])
        found, notes, lint = [], [], False
        for step in pipeline.steps:
            step_found, step_notes, step_lint = _step_runs(ctx, workflow.path, step)
            found, notes, lint = found + step_found, notes + step_notes, lint or step_lint
        triggers = set(pipeline.triggers)
        if found and triggers & PUSH_TRIGGERS:
            runs += [Evidence(f"{e.detail} on {', '.join(sorted(triggers & PUSH_TRIGGERS))}", e.path, e.line) for e in found[:2]]
        elif found:
            rejected.append(Evidence(f"runs tests only on {', '.join(sorted(triggers)) or 'no trigger'}, not on push or pull request", workflow.path))
        elif notes:
            rejected += notes[:2]
        else:
            rejected.append(Evidence("lint only: runs no tests" if lint else "runs no tests", workflow.path))
    stray = _stray_workflows(facts)
    state = "yes" if active else ("disabled" if facts.workflows or stray else "no")
    return CiRun(tuple(runs), tuple(rejected + stray), len(facts.workflows), state)


def _coverage(facts: RepoFacts, lay: Layout, ci_lines: list[tuple[str, str, int | None]]) -> tuple[list[Evidence], list[Evidence]]:
    """Coverage configuration (config sections, --cov, pytest-cov, codecov), and committed coverage data files."""
    found = []
    pyproject = facts.text("pyproject.toml") or ""
    if match := re.search(r"(?m)^\[tool\.coverage[.\]\w]*", pyproject):
        found.append(Evidence(match.group(0), "pyproject.toml", pyproject.count("\n", 0, match.start()) + 1))
    for path in (".coveragerc", "codecov.yml", ".codecov.yml"):
        if path in repo_paths(facts):
            found.append(Evidence("coverage configuration", path))
    for path in ("setup.cfg", "tox.ini"):
        text = facts.text(path) or ""
        if match := re.search(r"(?m)^\[coverage:[\w]+\]", text):
            found.append(Evidence(match.group(0), path, text.count("\n", 0, match.start()) + 1))
    if "--cov" in lay.config.addopts:
        found.append(Evidence("pytest addopts include --cov", lay.config.source))
    found += [Evidence(f"declares {r.name}", r.path, r.line) for m in facts.manifests for r in m.requirements if r.name in COVERAGE_DEPS][:2]
    found += [Evidence(f"CI measures coverage: `{line[:60]}`", path, number) for line, path, number in ci_lines if re.search(r"--cov\b|--cov=|coverage\s+run|codecov", line)][:2]
    artifacts = [Evidence("coverage data committed: an artifact, not evidence of tests", f.path) for f in facts.files if COVERAGE_ARTIFACT.search(f.path)]
    return found, artifacts[:3]


def _all_ci_lines(facts: RepoFacts) -> list[tuple[str, str, int | None]]:
    """Every command line of every active CI file, with path and line."""
    out = []
    for workflow, pipeline in pipelines(facts):
        for step in pipeline.steps:
            text = step.uses or ""
            if text:
                out.append((text, workflow.path, step.line))
            out += [(line, workflow.path, number) for line, number in command_lines(step)]
    return out


def _dbt_tests(facts: RepoFacts) -> list[Evidence]:
    """dbt schema tests (tests/data_tests on models and columns) and singular SQL tests."""
    out = []
    projects = [p.rsplit("/", 1)[0] if "/" in p else "" for p in repo_paths(facts) if p.endswith("dbt_project.yml")]
    if not projects:
        return out
    for path, kept in facts.texts.items():
        if not path.endswith((".yml", ".yaml")) or "models:" not in kept.text:
            continue
        try:
            data = load_yaml(kept.text)
        except ParseError:
            continue
        models = data.get("models") if isinstance(data, dict) else None
        count = 0
        for model in models if isinstance(models, list) else []:
            if not isinstance(model, dict):
                continue
            count += len(model.get("tests") or model.get("data_tests") or [])
            for column in model.get("columns") or []:
                if isinstance(column, dict):
                    count += len(column.get("tests") or column.get("data_tests") or [])
        if count:
            out.append(Evidence(f"{count} dbt schema test(s)", path))
    singular = [p for p in repo_paths(facts) if p.endswith(".sql") and "/tests/" in "/" + p]
    if singular:
        out.append(Evidence(f"{len(singular)} dbt singular test(s)", singular[0]))
    return out


def _data_validation(facts: RepoFacts) -> list[Evidence]:
    """Data validation: Great Expectations expectations, pandera schemas, TFDV, deepchecks, dbt tests."""
    out = []
    for unit in code_units(facts):
        roots = {i.root for i in unit.imports}
        imported = "great_expectations" in roots or "deepchecks" in roots
        for call in unit.calls:
            if not imported and not call.name.startswith(("pandera.", "tensorflow_data_validation.")):
                continue  # (none of the kinds below, without those imports)
            last = call.name.rsplit(".", 1)[-1]
            if "great_expectations" in roots and last.startswith("expect_"):
                out.append(Evidence(f"Great Expectations: {last}", unit.path, call.line, call.cell))
            elif call.name.startswith("pandera.") and last in ("DataFrameSchema", "Column", "Check", "SeriesSchema", "check_types"):
                out.append(Evidence(f"pandera schema: {call.name}", unit.path, call.line, call.cell))
            elif call.name.startswith("tensorflow_data_validation.") and last in ("validate_statistics", "infer_schema", "display_anomalies"):
                out.append(Evidence(f"TFDV: {last}", unit.path, call.line, call.cell))
            elif "deepchecks" in roots and last in ("run", "data_integrity", "train_test_validation"):
                out.append(Evidence(f"deepchecks: {call.name}", unit.path, call.line, call.cell))
        out += [Evidence(f"pandera schema class {c.name}", unit.path, c.line) for c in unit.classes if any(b.startswith("pandera.") for b in c.bases)]
    for path, kept in facts.texts.items():
        if path.endswith(".json") and "expectation_type" in kept.text:
            out.append(Evidence("Great Expectations suite", path))
    out += _dbt_tests(facts)
    return out


def _vendored(facts: RepoFacts) -> tuple[tuple[str, int], ...]:
    """Vendored or environment trees left out of the inventory (their tests are not the candidate's)."""
    return tuple((d, n) for d, n in facts.skipped if d.rstrip("/").rsplit("/", 1)[-1] not in CACHE_DIRS and not d.rstrip("/").endswith(".egg-info"))


def _analyse(facts: RepoFacts) -> SuiteEvidence:
    """Compute the testing evidence of one repository."""
    lay = layout(facts)
    tests, untargeted = _test_functions(facts, lay)
    ci_lines = _all_ci_lines(facts)
    coverage, artifacts = _coverage(facts, lay, ci_lines)
    pipeline = any(p.endswith("dbt_project.yml") for p in repo_paths(facts)) or any(not u.import_roots.isdisjoint(("airflow", "dagster", "prefect")) for u in facts.modules)
    return SuiteEvidence(
        layout=lay,
        tests=tuple(tests),
        untargeted_imports=tuple(untargeted),
        vendored=_vendored(facts),
        ci=_ci(facts),
        coverage=tuple(coverage),
        coverage_artifacts=tuple(artifacts),
        data_validation=tuple(_data_validation(facts)),
        ml=ml_project(facts),
        data_pipeline=pipeline,
    )


def suite_evidence(facts: RepoFacts) -> SuiteEvidence:
    """The testing evidence of FACTS, computed once and shared by every testing check."""
    return memo(facts, "testing", _analyse)
