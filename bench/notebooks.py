"""Benchmark the notebook reader and checks: 500 generated notebooks in one git repository, read once.

Run: .venv/bin/python bench/notebooks.py [--count 500] [--seed 4]
Prints notebooks per second, MB per second and peak RSS. Not a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import readiness.facts as facts_stage  # noqa: E402
from readiness.pipeline.engine import run_checks  # noqa: E402
from readiness.sources.gitsafe import run_git, safe_env  # noqa: E402
from checks import all_checks  # noqa: E402

WORDS = ("customer churn revenue feature model baseline forecast season holiday weather rainfall sensor price "
         "basket cohort segment label split validation error residual trend signal outlier missing").split()
LIBRARIES = ("import numpy as np", "import pandas as pd", "import matplotlib.pyplot as plt", "import seaborn as sns",
             "from sklearn.model_selection import train_test_split", "from sklearn.ensemble import RandomForestClassifier",
             "from sklearn.metrics import f1_score, roc_auc_score", "import xgboost as xgb")


def _prose(rnd: random.Random, words: int) -> str:
    """A sentence-like run of words."""
    return " ".join(rnd.choices(WORDS, k=words)).capitalize() + "."


def _image(rnd: random.Random) -> str:
    """Base64 of a PNG-sized payload (20-80 KB, like a matplotlib figure)."""
    size = rnd.randint(20, 80) * 1024 * 3 // 4
    return base64.b64encode(b"\x89PNG\r\n\x1a\n" + rnd.randbytes(size)).decode()


def _code(rnd: random.Random, index: int) -> str:
    """A code cell of 3-25 lines: data wrangling, a plot, a model or a helper function."""
    kind = rnd.random()
    if kind < 0.15:
        body = [f"def step_{index}(frame, threshold={rnd.random():.2f}):", '    """Clean one column."""', "    out = frame.copy()"]
        for _ in range(rnd.randint(2, 8)):
            column = rnd.choice(WORDS)
            body += [f"    if out['{column}'].isna().mean() > threshold:", f"        out = out.drop(columns=['{column}'])",
                     "    else:", f"        out['{column}'] = out['{column}'].fillna(out['{column}'].median())"]
        return "\n".join(body + ["    return out"])
    if kind < 0.3:
        return f"fig, ax = plt.subplots(figsize=(8, 4))\nsns.histplot(df['{rnd.choice(WORDS)}'], ax=ax)\nax.set_title('{_prose(rnd, 4)}')\nplt.show()"
    if kind < 0.4:
        seeded = "random_state=42" if rnd.random() < 0.6 else "n_jobs=-1"
        return ("X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)\n"
                f"model = RandomForestClassifier(n_estimators={rnd.randint(50, 500)}, {seeded})\nmodel.fit(X_train, y_train)\n"
                "f1_score(y_test, model.predict(X_test))")
    lines = [f"df['{rnd.choice(WORDS)}_{i}'] = df['{rnd.choice(WORDS)}'].rolling({rnd.randint(2, 30)}).mean()" for i in range(rnd.randint(1, 12))]
    if rnd.random() < 0.1:
        lines.insert(0, "!pip install -q xgboost")
    return "\n".join(lines + ["df.head()"])


def _outputs(rnd: random.Random, source: str, count: int) -> list[dict]:
    """Outputs that match the cell: a figure, a table, a number, a log, sometimes an error."""
    if "plt.show()" in source:
        return [{"output_type": "display_data", "metadata": {}, "data": {"image/png": _image(rnd), "text/plain": ["<Figure size 800x400 with 1 Axes>"]}}]
    if source.startswith("def "):
        return []
    if rnd.random() < 0.04:
        return [{"output_type": "error", "ename": "NameError", "evalue": f"name '{rnd.choice(WORDS)}' is not defined", "traceback": ["NameError ..."] * 5}]
    if "df.head()" in source:
        rows = "".join(f"<tr><td>{i}</td>" + "".join(f"<td>{rnd.random():.3f}</td>" for _ in range(8)) + "</tr>" for i in range(5))
        return [{"output_type": "execute_result", "execution_count": count, "metadata": {},
                 "data": {"text/html": [f"<table>{rows}</table>"], "text/plain": [f"   {rnd.random():.3f}\n"] * 5}}]
    log = [f"[{i}] train-logloss:{rnd.random():.5f}\n" for i in range(rnd.randint(5, 60))]
    return [{"output_type": "stream", "name": "stdout", "text": log}, {"output_type": "execute_result", "execution_count": count, "metadata": {}, "data": {"text/plain": [f"{rnd.random():.4f}"]}}]


def notebook(rnd: random.Random) -> str:
    """One realistic notebook: 20-80 cells, a third Markdown, executed mostly in order."""
    cells = [{"cell_type": "markdown", "metadata": {}, "source": [f"# {_prose(rnd, 5)}\n", "\n", _prose(rnd, 30)]}]
    cells.append({"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [], "source": "\n".join(rnd.sample(LIBRARIES, 5)) + "\n\ndf = pd.read_csv('data/train.csv')"})
    count = 1
    for index in range(rnd.randint(18, 78)):
        if rnd.random() < 0.33:
            cells.append({"cell_type": "markdown", "metadata": {}, "source": [f"## {_prose(rnd, 4)}\n", "\n", _prose(rnd, rnd.randint(10, 60))]})
            continue
        count += rnd.choice((1, 1, 1, 1, 2))
        shown = count if rnd.random() > 0.05 else max(1, count - rnd.randint(1, 5))
        source = _code(rnd, index)
        cells.append({"cell_type": "code", "execution_count": shown, "metadata": {}, "outputs": _outputs(rnd, source, shown), "source": source.splitlines(keepends=True)})
    meta = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}, "language_info": {"name": "python", "version": "3.11.9"}}
    return json.dumps({"cells": cells, "metadata": meta, "nbformat": 4, "nbformat_minor": 5}, indent=1)


def build_repo(root: Path, count: int, seed: int) -> int:
    """Write COUNT notebooks (plus requirements and data) into a committed git repository; return total bytes."""
    rnd = random.Random(seed)
    total = 0
    (root / "data").mkdir(parents=True)
    (root / "data" / "train.csv").write_text("a,b\n1,2\n")
    (root / "requirements.txt").write_text("pandas==2.2.2\nnumpy==1.26.4\nscikit-learn==1.5.1\nmatplotlib==3.9.1\nseaborn==0.13.2\n")
    for index in range(count):
        folder = root / "notebooks" / f"topic{index % 25:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        text = notebook(rnd)
        total += len(text.encode())
        (folder / f"{index:03d}-{rnd.choice(WORDS)}-analysis.ipynb").write_text(text)
    env = safe_env((("init.defaultBranch", "main"), ("commit.gpgSign", "false")), GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.com",
                   GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.com", GIT_AUTHOR_DATE="@1767225600 +0000", GIT_COMMITTER_DATE="@1767225600 +0000")
    run_git(["init", "-q"], root, env=env)
    run_git(["add", "-A"], root, env=env)
    run_git(["commit", "-q", "--no-verify", "-m", "Add notebooks"], root, env=env)
    return total


def main() -> None:
    """Generate, assess once, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    reads = 0
    original = facts_stage.read_notebook

    def counted(path: str, data: bytes):  # type: ignore[no-untyped-def]
        nonlocal reads
        reads += 1
        return original(path, data)

    facts_stage.read_notebook = counted  # count parses: each notebook must be read exactly once
    specs = tuple(s for s in all_checks() if s.id.startswith("NBK"))
    with tempfile.TemporaryDirectory(prefix="readiness-bench-") as tmp:
        root = Path(tmp) / "notebooks-repo"
        size = build_repo(root, args.count, args.seed)
        start = time.perf_counter()
        facts = facts_stage.build_facts(root, "notebooks-repo")
        parsed = time.perf_counter()
        findings = run_checks(specs, facts, "notebooks-repo")
        done = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    megabytes = size / 1024 / 1024
    print(f"notebooks: {len(facts.notebooks)} ({megabytes:.1f} MB of JSON), parsed {reads} time(s) in all")
    print(f"facts stage: {parsed - start:.2f} s  ({len(facts.notebooks) / (parsed - start):.0f} notebooks/s, {megabytes / (parsed - start):.1f} MB/s)")
    print(f"{len(specs)} notebook checks: {done - parsed:.2f} s")
    print(f"total: {done - start:.2f} s  ({len(facts.notebooks) / (done - start):.0f} notebooks/s, {megabytes / (done - start):.1f} MB/s)")
    print(f"peak RSS: {peak:.0f} MB")
    print("outcomes: " + ", ".join(f"{f.check_id} {f.status.value}" for f in findings))
    if reads != len(facts.notebooks):
        raise SystemExit(f"each notebook should be parsed once: {reads} parses for {len(facts.notebooks)} notebooks")


if __name__ == "__main__":
    main()
