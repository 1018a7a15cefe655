"""Deterministic synthetic portfolios for the benchmark: git repositories built with one fast-import each."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from readiness.sources.gitsafe import run_git, safe_env

WORDS = ("model data feature training evaluation pipeline churn customer signal metric baseline split "
         "cleaning dataset schema service deploy notebook score forecast label sample error").split()


@dataclass(frozen=True)
class Shape:
    """How big each synthetic repository is."""

    python_files: int = 12
    notebooks: int = 2
    notebook_cells: int = 30
    commits: int = 8


def _python_module(rnd: random.Random, index: int) -> str:
    """A realistic module: imports, a few functions with branches and loops, a class."""
    lines = ['"""Module %d of a synthetic project."""' % index, "", "import json", "import math", "", "import numpy as np", "import pandas as pd", ""]
    for f in range(rnd.randint(4, 10)):
        lines.append(f"def {rnd.choice(WORDS)}_{f}(frame, threshold={rnd.random():.3f}):")
        lines.append(f'    """Compute {rnd.choice(WORDS)} for {rnd.choice(WORDS)}."""')
        lines.append("    total = 0")
        for b in range(rnd.randint(2, 8)):
            lines.append(f"    for row in frame.itertuples():")
            lines.append(f"        if row.{rnd.choice(WORDS)} > threshold * {b + 1}:")
            lines.append(f"            total += math.log1p(abs(row.{rnd.choice(WORDS)}))")
            lines.append("        else:")
            lines.append(f"            total -= {rnd.randint(1, 9)}")
        lines.append("    return json.dumps({'total': total})")
        lines.append("")
    lines += ["class Pipeline:", '    """A tiny pipeline."""', "", "    def run(self, path):", "        frame = pd.read_csv(path)", "        return frame.describe()", ""]
    return "\n".join(lines) + "\n"


def _notebook(rnd: random.Random, cells: int) -> str:
    """A notebook with markdown, code, text outputs and a small embedded image."""
    out = []
    image = "iVBORw0KGgo" + "A" * rnd.randint(2000, 12000)
    for i in range(cells):
        if i % 4 == 0:
            out.append({"cell_type": "markdown", "metadata": {}, "source": [f"## Step {i}: {' '.join(rnd.choices(WORDS, k=12))}\n"]})
            continue
        source = [f"df_{i} = df.groupby('{rnd.choice(WORDS)}').agg('{rnd.choice(['mean', 'sum', 'max'])}')\n", f"df_{i}.head()\n"]
        outputs = [{"output_type": "execute_result", "execution_count": i, "metadata": {}, "data": {"text/plain": [" ".join(rnd.choices(WORDS, k=40)) + "\n"] * 5}}]
        if i % 7 == 0:
            outputs.append({"output_type": "display_data", "metadata": {}, "data": {"image/png": image, "text/plain": ["<Figure>"]}})
        out.append({"cell_type": "code", "execution_count": i, "metadata": {}, "outputs": outputs, "source": source})
    cells_json = {"cells": out, "metadata": {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(cells_json, indent=1) + "\n"


def repo_files(seed: int, shape: Shape) -> dict[str, str]:
    """The files of one synthetic repository."""
    rnd = random.Random(seed)
    files = {
        "README.md": f"# project {seed}\n\n" + " ".join(rnd.choices(WORDS, k=300)) + "\n\n## Installation\n\n```bash\npip install -r requirements.txt\n```\n",
        "requirements.txt": "numpy==2.1.0\npandas==2.2.3\nscikit-learn==1.5.2\n",
        ".gitignore": "__pycache__/\n.venv/\n",
        ".github/workflows/ci.yml": "on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: pytest\n",
        "tests/test_basic.py": "from pkg.mod_0 import Pipeline\n\n\ndef test_pipeline():\n    assert Pipeline() is not None\n",
    }
    for i in range(shape.python_files):
        files[f"src/pkg/mod_{i}.py"] = _python_module(rnd, i)
    for j in range(shape.notebooks):
        files[f"notebooks/analysis_{j}.ipynb"] = _notebook(rnd, shape.notebook_cells)
    return files


def _fast_import_stream(files: dict[str, str], commits: int, seed: int) -> bytes:
    """A git fast-import stream that commits FILES over COMMITS commits."""
    out = bytearray()
    paths = sorted(files)
    marks = {}
    for number, path in enumerate(paths, start=1):
        data = files[path].encode()
        out += b"blob\nmark :%d\ndata %d\n%s\n" % (number, len(data), data)
        marks[path] = number
    per_commit = max(1, -(-len(paths) // commits))
    for c in range(commits):
        chunk = paths[c * per_commit : (c + 1) * per_commit]
        stamp = 1_735_689_600 + seed * 1000 + c * 86_400 * 3
        message = f"Add {chunk[0] if chunk else 'notes'}".encode()
        out += b"commit refs/heads/main\nmark :%d\n" % (100_000 + c)
        out += b"author Bench Author <bench@example.com> %d +0000\ncommitter Bench Author <bench@example.com> %d +0000\n" % (stamp, stamp)
        out += b"data %d\n%s\n" % (len(message), message)
        if c:
            out += b"from :%d\n" % (100_000 + c - 1)
        for path in chunk:
            out += b"M 100644 :%d %s\n" % (marks[path], path.encode())
    return bytes(out)


def build_repo(dest: Path, files: dict[str, str], commits: int, seed: int) -> None:
    """Create DEST as a git repository with FILES committed over COMMITS commits, checked out."""
    env = safe_env((("init.defaultBranch", "main"),))
    dest.mkdir(parents=True, exist_ok=True)
    run_git(["init", "-q"], dest, env=env)
    run_git(["fast-import", "--quiet"], dest, env=env, input=_fast_import_stream(files, commits, seed), timeout=600)
    run_git(["checkout", "-q", "-f", "main"], dest, env=env, timeout=600)


def portfolio(root: Path, count: int, shape: Shape = Shape()) -> list[Path]:
    """COUNT repositories under ROOT (reused when already built)."""
    paths = []
    for index in range(count):
        dest = root / f"repo-{index:04d}"
        if not (dest / ".git" / "bench-done").exists():
            build_repo(dest, repo_files(index, shape), shape.commits, index)
            (dest / ".git" / "bench-done").write_text("1")
        paths.append(dest)
    return paths


def large_repo(root: Path, files: int = 50_000) -> Path:
    """One repository with FILES files (mostly small modules and data)."""
    dest = root / "large-repo"
    if (dest / ".git" / "bench-done").exists():
        return dest
    rnd = random.Random(99)
    content: dict[str, str] = {"README.md": "# large\n" + " ".join(rnd.choices(WORDS, k=200)) + "\n"}
    for i in range(files - 1):
        folder = f"pkg{i // 500:03d}"
        if i % 10 == 0:
            content[f"data/{folder}/part_{i}.csv"] = "a,b,c\n" + "1,2,3\n" * rnd.randint(5, 50)
        else:
            content[f"src/{folder}/m_{i}.py"] = f"def f_{i}(x):\n    if x > {i}:\n        return x * 2\n    return x\n"
    build_repo(dest, content, 3, 99)
    (dest / ".git" / "bench-done").write_text("1")
    return dest


def huge_files_repo(root: Path) -> Path:
    """One small project plus the files that stall naive tools: a 1 MB module holding one 40,000-line literal,
    a 30 MB notebook of outputs, and a 20 MB CSV."""
    dest = root / "huge-files-repo"
    if (dest / ".git" / "bench-done").exists():
        return dest
    rnd = random.Random(7)
    files = repo_files(7, Shape(python_files=4, notebooks=1))
    files["src/pkg/labels.py"] = "LABELS = {\n" + "".join(f"    'label_{i:05d}': {i},\n" for i in range(40_000)) + "}\n"
    image = "iVBORw0KGgo" + "A" * 1_000_000
    outputs = [{"output_type": "display_data", "metadata": {}, "data": {"image/png": image, "text/plain": ["<Figure>"]}}]
    cells = [{"cell_type": "code", "execution_count": i, "metadata": {}, "outputs": outputs, "source": [f"plot({i})\n"]} for i in range(30)]
    files["notebooks/figures.ipynb"] = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    files["data/big.csv"] = "a,b,c\n" + "".join(f"{rnd.random():.6f},{i},x\n" for i in range(900_000))
    build_repo(dest, files, 3, 7)
    (dest / ".git" / "bench-done").write_text("1")
    return dest
