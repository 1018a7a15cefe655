"""Hypothesis strategies for the files the facts stage parses, and the properties they must keep: the bounded loaders
raise nothing but ParseError, and reading any file into facts raises nothing at all. Shared by tests/test_properties.py
(a small profile) and bench/fuzz.py (10,000+ cases)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any, Callable

import yaml
from hypothesis import strategies as st

from readiness.errors import ConfigError
from readiness.facts import _Builder
from readiness.facts.bounded import ParseError, load_json, load_toml, load_yaml
from readiness.facts.docker import parse_dockerfile
from readiness.facts.model import FileInfo
from readiness.pipeline.config import load_config

KEYS = st.sampled_from(["name", "on", "jobs", "steps", "run", "uses", "dependencies", "pip", "cells", "source", "outputs",
                        "cell_type", "execution_count", "metadata", "project", "tool", "package", "services", "build",
                        "skip", "exclude", "role", "background", "degree", "limits", "memory_mb", "<<", ""]) | st.text(max_size=8)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
DATA = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(KEYS, inner, max_size=5), max_leaves=30)
NOISE = st.text(st.characters(codec="utf-8"), max_size=200)


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[str]) -> str:
    """A document from BASE with a few random edits: characters cut, doubled or inserted (often YAML/TOML/JSON syntax)."""
    text = draw(base)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        edit = draw(st.sampled_from(["cut", "insert", "double"]))
        if edit == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 10)):]
        elif edit == "double":
            text = text[:at] + text[at:at + 20] * draw(st.integers(2, 5)) + text[at:]
        else:
            text = text[:at] + draw(st.sampled_from(["&a ", "*a", "[", "]", "{", "}", ":", "- ", "\n  ", '"', "'", "!!binary ", "=",
                                                     "\t", "\x1b]8;;x\x07", "\x00", "<<: *a\n"])) + text[at:]
    return text


def _yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))} = {_toml_value(v)}" for k, v in value.items()) + "}"
    return json.dumps(str(value))


def _toml(data: Any) -> str:
    """A TOML-ish rendering of DATA (tables for top-level mappings); invalid TOML is welcome too."""
    if not isinstance(data, dict):
        return f"value = {_toml_value(data)}\n"
    lines = []
    for key, value in data.items():
        if isinstance(value, dict):
            lines.append(f"[{json.dumps(str(key))}]")
            lines += [f"{json.dumps(str(k))} = {_toml_value(v)}" for k, v in value.items()]
        else:
            lines.append(f"{json.dumps(str(key))} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


CELL = st.fixed_dictionaries({"cell_type": st.sampled_from(["code", "markdown", "raw", 3, None])},
                             optional={"source": st.lists(st.text(max_size=30), max_size=4) | DATA, "execution_count": DATA,
                                       "outputs": st.lists(st.fixed_dictionaries({"output_type": st.sampled_from(["stream", "error", "execute_result", 1])},
                                                                                 optional={"text": DATA, "evalue": DATA, "data": DATA}), max_size=3),
                                       "metadata": DATA})
NOTEBOOK = st.fixed_dictionaries({"nbformat": st.sampled_from([4, 3, 5, "4", None]), "cells": st.lists(CELL, max_size=6) | DATA},
                                 optional={"metadata": DATA, "nbformat_minor": DATA, "worksheets": DATA})
PYTHON_LINES = st.sampled_from([
    "import numpy as np", "from sklearn.ensemble import RandomForestClassifier", "def f(x):", "    return x", "class A:",
    "    def m(self):", "        pass", "if __name__ == '__main__':", "    main()", "x = [", "]", "async def g():", "    await h()",
    "setup(name='x', install_requires=['a==1', 'b'])", "model.fit(X, y)", "pickle.load(open('m.pkl', 'rb'))", "@app.get('/predict')",
    "lambda: (yield)", "print(f'{x!r:>{w}}')", "try:", "except Exception:", "with open(p) as f:", "x = 1 if y else 2", "#", "'''"])
PYTHON = st.lists(PYTHON_LINES | NOISE, max_size=20).map("\n".join)
DOCKER = st.lists(st.sampled_from(["FROM python:3.12", "COPY . /app", "RUN pip install -r requirements.txt \\", "  && true",
                                   'CMD ["uvicorn", "app:app"]', "ENTRYPOINT python serve.py", "# c", "COPY --from=b /x /y", "ADD [", "WORKDIR"]) | NOISE,
                  max_size=12).map("\n".join)
REQUIREMENTS = st.lists(st.sampled_from(["numpy==1.26", "pandas>=2", "-r other.txt", "torch @ https://x/y.whl", "a[b]~=1; python_version<'3'",
                                         "-e .", "# comment", "git+https://x"]) | NOISE, max_size=10).map("\n".join)
SETUP_CFG = st.lists(st.sampled_from(["[options]", "install_requires =", "    numpy", "python_requires = >=3.9", "[options.extras_require]",
                                      "test = pytest", "%(x)s", "[metadata", "key"]) | NOISE, max_size=10).map("\n".join)

FILES: dict[str, st.SearchStrategy[str]] = {
    "nb.ipynb": mutated(NOTEBOOK.map(json.dumps)) | NOISE,
    "train.py": PYTHON,
    "setup.py": PYTHON,
    "requirements.txt": REQUIREMENTS,
    "setup.cfg": SETUP_CFG,
    "pyproject.toml": mutated(DATA.map(_toml)),
    "Pipfile": mutated(DATA.map(_toml)),
    "poetry.lock": mutated(DATA.map(_toml)),
    "Pipfile.lock": mutated(DATA.map(json.dumps)),
    "environment.yml": mutated(DATA.map(_yaml)),
    "conda-lock.yml": mutated(DATA.map(_yaml)),
    ".github/workflows/ci.yml": mutated(DATA.map(_yaml)),
    ".gitlab-ci.yml": mutated(DATA.map(_yaml)),
    "docker-compose.yml": mutated(DATA.map(_yaml)),
    "Dockerfile": DOCKER,
}
LOADERS: dict[str, tuple[Callable[[str], Any], st.SearchStrategy[str]]] = {
    "yaml": (load_yaml, mutated(DATA.map(_yaml)) | NOISE),
    "toml": (load_toml, mutated(DATA.map(_toml)) | NOISE),
    "json": (load_json, mutated(DATA.map(json.dumps)) | NOISE),
}


def loader_never_raises_else(loader: Callable[[str], Any], text: str) -> None:
    """A bounded loader returns data or raises ParseError (Refused included), nothing else."""
    try:
        loader(text)
    except ParseError:
        pass


def file_becomes_facts(path: str, content: str) -> None:
    """The facts stage reads any content at PATH without raising: failures become problems on that file."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8", "surrogatepass")
        target.write_bytes(data)
        builder = _Builder(root, "fuzz")
        builder.visit(FileInfo(path, len(data)))
        for text in builder.texts.values():
            if "dockerfile" in text.path.lower():
                parse_dockerfile(text.text)


def config_is_read_or_refused(content: str) -> None:
    """A .readiness.toml is a Config or one ConfigError, never a traceback."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ".readiness.toml"
        path.write_bytes(content.encode("utf-8", "surrogatepass"))
        try:
            load_config(path, Path(tmp))
        except ConfigError:
            pass


CONFIG = mutated(DATA.map(_toml)) | st.lists(st.sampled_from(['role = "data-scientist"', "exclude = ['old-*']", "[skip]", 'DOC005 = "reason"',
                                                              "[limits]", "memory_mb = 512", "cpu_seconds = 1.5", "[background]",
                                                              "stem_degree = true", "[degree]", "budget = -1"]), max_size=8).map("\n".join)
