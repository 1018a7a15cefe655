"""The lookups the checks share, each worked out once per repository or unit, answer what the per-rule search they
replaced answered (checks/support/unit_text.py, prefilter sieves, code_graph tables)."""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from checks import code_quality, documentation_files
from checks.support import datasets, platforms, serving_evidence
from checks.support.code_graph import _CURRENT, paths_folded, unit_memo
from checks.support.lifecycle import dotted_heads, index_units, last_part
from checks.support.prefilter import every_match, folded, screen, screen_all, sieve
from checks.support.tooling import INFRA_FILES
from checks.support.unit_text import first_call_under, first_import, first_string, strings_folded
from readiness.facts.ci_steps import logical_lines
from readiness.facts.model import Call, CodeFacts, FileInfo, Import, RepoFacts, StringLiteral

MODULES = ["os", "pandas", "pandas.io", "sklearn", "sklearn.metrics", "boto3", "sagemaker", "google.cloud.aiplatform",
           "mlflow", "mlflow.sklearn", "requests", "bs4", "scrapy", "faker", "local_pkg", "local_pkg.sub", ""]
CALLS = ["pandas.read_csv", "df[].fillna", "sklearn.metrics.accuracy_score", "model.fit", "torchvision.models.resnet18",
         "torch.nn.Conv2d", "requests.get", "openai.OpenAI", "client.chat.completions.create", "gym.make", "print",
         "sagemaker.Model", "model.deploy", "x.predict", "spacy.load", "statsmodels.tsa.arima.model.ARIMA"]
PATHS = ["src/app.py", "data/titanic/train.csv", "train.csv", "models/model.pkl", "k8s/deploy.yaml", "Dockerfile", "docker-compose.yml",
         "notebooks/eda.ipynb", "mlruns/0/meta.yaml", ".DS_Store", "a/.DS_Store", "x.pyc", ".coverage", ".idea/misc.xml",
         "wandb/run/log.txt", "Thumbs.db", ".vscode/x.log", "dvc.yaml", "infra/main.tf", "charts/app/Chart.yaml", "MNIST.npz",
         "ckpt/model.ckpt.index", "ckpt/model.ckpt.data-00000-of-00001", "dags/etl.py", "iris.csv", "README.md"]


def _unit(rng: random.Random) -> CodeFacts:
    """A code unit with random imports, calls and strings."""
    imports = tuple(Import(rng.choice(MODULES), tuple(rng.sample(["x", "aiplatform", "sklearn", "y"], rng.randint(0, 2))), n + 1,
                           level=rng.choice([0, 0, 0, 1])) for n in range(rng.randint(0, 8)))
    calls = tuple(Call(rng.choice(CALLS), n + 1, function=rng.choice([None, "f"])) for n in range(rng.randint(0, 30)))
    strings = tuple(StringLiteral(rng.choice(PATHS + ["lag_7", "annotation_batch", "hello world", "Kaggle.com/c/titanic"]), n + 1)
                    for n in range(rng.randint(0, 12)))
    return CodeFacts(f"m{rng.randint(0, 9)}.py", imports=imports, calls=calls, strings=strings)


def _first_import_reference(unit: CodeFacts, modules: tuple[str, ...], skip: frozenset[str]) -> Import | None:
    """The loop `first_import` replaced."""
    wanted = frozenset(modules)
    return next((i for i in unit.imports if i.level == 0 and i.root not in skip and not wanted.isdisjoint(dotted_heads(i.module))), None)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**9))
def test_unit_lookups_answer_as_the_scans_they_replace(seed: int) -> None:
    """First imports, first calls under a prefix, string screens and platform imports match a plain scan of the unit."""
    rng = random.Random(seed)
    unit = _unit(rng)
    for modules in (("sklearn",), ("mlflow", "boto3"), ("google.cloud",), ("pandas.io", "faker"), ("local_pkg",)):
        for skip in (frozenset(), frozenset({"local_pkg", "pandas"})):
            assert first_import(unit, modules, skip) == _first_import_reference(unit, modules, skip)
    for prefixes in (("sklearn.",), ("torchvision.models.", "torch.nn."), ("openai.OpenAI", "gym.make"), ("zzz",)):
        for before in (None, 0, 3, 10):
            limit = len(unit.calls) if before is None else before
            expected = next((i for i in range(min(limit, len(unit.calls))) if unit.calls[i].name.startswith(prefixes)), None)
            assert first_call_under(unit, prefixes, before) == expected
    for pattern in (re.compile(r"(?i)(^|_)(lags?|lagged)(_|\d|$)"), re.compile(r"(?i)annotation[_-]?batch"), re.compile("(?i)kaggle")):
        assert first_string(unit, pattern) == next((s for s in unit.strings if pattern.search(s.value)), None)
    for platform in platforms.catalogue():
        if platform.modules:
            assert platforms._imports_any(platforms._imported(unit), platform.modules) == _imports_reference(unit, platform.modules)


def _imports_reference(unit: CodeFacts, prefixes: tuple[str, ...]) -> bool:
    """Whether UNIT imports a module under one of PREFIXES (or a module of PREFIXES from its parent), import by import."""
    wanted, parents = platforms._split(prefixes)
    for imp in unit.imports:
        if imp.level:
            continue
        if not wanted.isdisjoint(dotted_heads(imp.module)):
            return True
        names = parents.get(imp.module)
        if names is not None and not names.isdisjoint(imp.names):
            return True
    return False


def test_a_unit_lookup_is_kept_per_unit_not_per_path() -> None:
    """Two units with one path (a library's units without their function calls) each get their own answer."""
    unit = CodeFacts("a.py", strings=(StringLiteral("Kaggle", 1),))
    other = replace(unit, strings=())
    assert "kaggle" in strings_folded(unit) and strings_folded(other) == ""
    assert unit_memo(unit, "n", lambda u: len(u.strings)) == 1 and unit_memo(other, "n", lambda u: len(u.strings)) == 0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PATHS + ["Makefile", "x/y/z.md", "weights/best.pt", "fly deploy", "Iris.CSV", "ſcrapy", "\u212aaggle"]),
                max_size=8).map("/".join))
def test_a_sieve_passes_what_each_screen_passes(text: str) -> None:
    """The sieve of several patterns lets a text through for exactly the patterns whose own screens do."""
    lower = folded(text)
    for patterns in ([ds.files for ds in datasets.catalogue()], [ds.words for ds in datasets.catalogue()],
                     [p.commands for p in platforms.catalogue()], [p for _, p in INFRA_FILES]):
        expected = {i for i, p in enumerate(patterns) if p is not None and not screen(p).excludes(lower)}
        assert set(sieve(patterns).passing(lower)) == expected
        assert sieve(patterns).screen == screen_all(patterns)  # its screen is screen_all's: rules out what none passes
        assert sieve(patterns + [re.compile(".")]).screen == screen_all(patterns + [re.compile(".")])  # a wordless one


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["kaggle competitions download -c titanic\n", "KAGGLE datasets download owner/data ", "kaggle\n",
                                 "kaggle kaggle competitions  download  x", "\u0130", "pip install kaggle\n", "y" * 300]), max_size=30))
def test_every_match_finds_what_finditer_finds(pieces: list[str]) -> None:
    """On long text, trying only where a leading word stands finds every match finditer finds."""
    text = "".join(pieces) + "x" * 4097 + "".join(reversed(pieces))
    found = [(m.span(), m.group(0)) for m in every_match(datasets.KAGGLE_TEXT, text)]
    assert found == [(m.span(), m.group(0)) for m in datasets.KAGGLE_TEXT.finditer(text)]


def _repeatable_reference(units: list[CodeFacts]) -> list[tuple[int, int, tuple[int, ...]]]:
    """The line-by-line scan `_repeatable` replaced."""
    counts = Counter(h for unit in units for h in unit.line_hashes)
    out = []
    for u, unit in enumerate(units):
        run = 0
        for end, h in enumerate(unit.line_hashes, start=1):
            run = run + 1 if counts[h] > 1 else 0
            if run >= code_quality.WINDOW:
                out.append((u, end - code_quality.WINDOW, unit.line_hashes[end - code_quality.WINDOW : end]))
    return out


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, 12), max_size=40), max_size=4))
def test_repeated_windows_are_the_line_by_line_ones(hashes: list[list[int]]) -> None:
    """Windows of repeated lines found from a byte mask are the ones a line-by-line count finds, in order."""
    units = [CodeFacts(f"m{i}.py", line_hashes=tuple(h)) for i, h in enumerate(hashes)]
    assert list(code_quality._repeatable(units)) == _repeatable_reference(units)


def _checkpoint_reference(paths: frozenset[str], ref: str) -> bool:
    """Whether REF names a TensorFlow checkpoint prefix, path by path: `x.ckpt` when `x.ckpt.index` and `x.ckpt.data-*` are."""
    index = [p for p in paths if p.endswith(".index") and (p[:-6] == ref or p[:-6].endswith("/" + ref))]
    return any(p.startswith(i[:-6] + ".data-") for i in index for p in paths)


def _path_exists_reference(paths: frozenset[str], ref: str) -> bool:
    """The comparison with every path that `path_exists` replaced (after its checkpoint and glob cases)."""
    return any(p == ref or p.startswith(ref + "/") or ref.endswith("/" + p) or p.endswith("/" + ref) for p in paths)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PATHS), min_size=1, max_size=10),
       st.sampled_from(["src", "src/app.py", "app.py", "/app/src/app.py", "models", "model.pkl", "ckpt/model.ckpt", "k8s/", "x",
                        "data/titanic", "titanic/train.csv", "a", "./Dockerfile", "repo/README.md", "model.ckpt"]))
def test_path_tables_answer_as_comparing_every_path(paths: list[str], ref: str) -> None:
    """A path named in packaging exists by the folder and tail tables exactly when comparing every path says it does."""
    facts = RepoFacts("r", "/r", files=tuple(FileInfo(p, 1) for p in dict.fromkeys(paths)))
    _CURRENT[0] = None
    clean = ref.strip().strip("\"'").removeprefix("./").lstrip("/").rstrip("/")
    expected = clean in ("", ".") or _checkpoint_reference(facts.paths, clean) or _path_exists_reference(facts.paths, clean)
    assert serving_evidence.path_exists(facts, ref) == expected


def test_screens_over_all_paths_rule_out_only_repositories_without_a_word() -> None:
    """The folded text of every path holds each path's words, one path a line."""
    facts = RepoFacts("r", "/r", files=tuple(FileInfo(p, 1) for p in PATHS))
    _CURRENT[0] = None
    text = paths_folded(facts)
    assert text.split("\n") == [folded(p) for p in PATHS]
    for pattern in filter(None, [ds.files for ds in datasets.catalogue()]):
        if any(pattern.search(p) for p in PATHS):
            assert not screen(pattern).excludes(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PATHS + ["", "/", "pyc", "lightning_logs/", "x.pyo", ".coverage.1", "a/.vscode/b/c.log"]), max_size=4).map("/".join))
def test_the_junk_hint_holds_for_every_junk_path(path: str) -> None:
    """Every path a JUNK_FILES pattern matches holds the hint that lets it be searched."""
    if any(pattern.search(path) for pattern, _ in documentation_files.JUNK_FILES):
        assert documentation_files.JUNK_HINT.search(path)


def test_deploy_scripts_without_a_command_word_hold_no_deploy_line() -> None:
    """A text the command screen rules out has no logical line a catalogue command pattern matches."""
    texts = ("echo hello\npython train.py \\\n  --epochs 3\n", "fly \\\n deploy\n", "gcloud run deploy api\n", "heroku container:push web",
             "vercel --prod", "docker compose \\\n push")
    hits = 0
    for text in texts:
        if any(platforms.command_hit(line.strip()) for _, line in logical_lines(text)):
            hits += 1
            assert platforms.may_hit(text), text
    assert hits >= 2 and not platforms.may_hit("echo hello\n")


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 10**9))
def test_the_lazy_index_shows_what_a_scan_of_its_calls_shows(seed: int) -> None:
    """Calls picked by final name are the calls a scan of every call name picks, in the same order, with the same evidence."""
    rng = random.Random(seed)
    index = index_units([_unit(rng) for _ in range(rng.randint(0, 4))])
    for test in (re.compile(r"^(fit|predict|make)$").search, {"read_csv", "fillna"}.__contains__, re.compile("Conv").search):
        assert index.calls_ending(test) == [index.call(n) for n in index.calls if test(last_part(n))]
    assert index.imported(("sklearn", "google")) == [index.import_of(m) for m in index.imports
                                                      if not frozenset({"sklearn", "google"}).isdisjoint(dotted_heads(m))]


def test_tool_values_place_declarations_as_their_evidence_would() -> None:
    """The declared packages BRD001 reports are placed as encoding `declared`'s evidence places them (the last declaration wins)."""
    from checks.support.tooling import declared, encode, tool_values
    from readiness.facts.model import Manifest, Requirement
    manifests = (Manifest("requirements.txt", "pip", (Requirement("pandas", "==2.0", "requirements.txt", 1), Requirement("numpy", "", "requirements.txt", 2))),
                 Manifest("pyproject.toml", "pyproject", (Requirement("pandas", ">=2", "pyproject.toml", 7),)))
    facts = RepoFacts("r", "/r", manifests=manifests)
    _CURRENT[0] = None
    assert dict(tool_values(facts))["declared"] == encode(declared(facts))


def _index_reference(units: list[CodeFacts]) -> tuple[dict, dict, dict]:
    """The evidence the eager index made for every first import, call and keyword (before evidence was made on demand)."""
    imports: dict = {}
    calls: dict = {}
    keywords: dict = {}
    for unit in units:
        for imp in unit.imports:
            if imp.level == 0 and imp.module:
                imports.setdefault(imp.module, (f"imports {imp.module}", unit.path, imp.line, imp.cell))
                for name in imp.names:
                    imports.setdefault(f"{imp.module}.{name}", (f"imports {imp.module}.{name}", unit.path, imp.line, imp.cell))
        for call in unit.calls:
            calls.setdefault(call.name, (f"calls {call.name.replace('[]', '')}", unit.path, call.line, call.cell))
            for keyword in call.keywords:
                keywords.setdefault(keyword, (f"{last_part(call.name)}(..., {keyword}=...)", unit.path, call.line, call.cell))
    return imports, calls, keywords


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 10**9))
def test_the_index_finds_the_first_sighting_of_every_name(seed: int) -> None:
    """Imports, calls and keywords are indexed at their first sighting, in that order, with the evidence the eager index made."""
    rng = random.Random(seed)
    units = [_unit(rng) for _ in range(rng.randint(0, 4))]
    units = [replace(u, calls=tuple(replace(c, keywords=tuple(rng.sample(["validation_data", "cv", "x"], rng.randint(0, 2)))) for c in u.calls))
             for u in units]
    _CURRENT[0] = None
    index = index_units(units)
    shown = lambda ev: (ev.detail, ev.path, ev.line, ev.cell)  # noqa: E731
    imports, calls, keywords = _index_reference(units)
    assert [(m, shown(index.import_of(m))) for m in index.imports] == list(imports.items())
    assert [(n, shown(index.call(n))) for n in index.calls] == list(calls.items())
    assert [(k, shown(index.keyword(k))) for k in index.keywords] == list(keywords.items())
