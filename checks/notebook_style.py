"""Notebook checks NBK007-NBK009: a notebook tells its story in Markdown, has a descriptive name and stays concise."""

from __future__ import annotations

import re

from checks.support.notebooks import COPY_NAME, PORTABLE, UNTITLED, capped, checked, every, over_notebooks, share, stem, with_cells, written
from checks.support.registry import check
from readiness.facts.model import NotebookFacts, RepoFacts
from readiness.models import Dimension, Effort, Evidence, Verdict, failed, passed

NBK = Dimension.NOTEBOOKS


# ------------------------------------------------------------------------------------------------ NBK007

H1 = re.compile(r"(?m)^\s{0,3}#\s+\S|<h1[\s>]|^[^\n]+\n=+\s*$")
HEADING_LINE = re.compile(r"^\s{0,3}(#{1,6}\s|<h\d)|^[=-]{3,}\s*$")
WORDS = re.compile(r"[A-Za-z]{2,}")


def _prose(source: str) -> bool:
    """Whether a Markdown cell holds text beyond headings (pynblint's is_heading test)."""
    lines = [ln for ln in source.splitlines() if ln.strip() and not HEADING_LINE.match(ln)]
    return len(WORDS.findall(" ".join(lines))) >= 5


def _comment_block(source: str) -> int:
    """The number of consecutive comment lines a code cell starts with."""
    count = 0
    for line in source.strip().splitlines():
        if not line.strip().startswith("#"):
            break
        count += 1
    return count


def _narrative(nb: NotebookFacts) -> tuple[list[Evidence], list[Evidence]]:
    """(serious, minor) narrative problems of one notebook."""
    cells = [c for c in nb.cells if c.source.strip()]
    serious: list[Evidence] = []
    minor: list[Evidence] = []
    markdown = [c for c in cells if c.kind == "markdown"]
    code = [c for c in cells if c.kind == "code"]
    first, last = cells[:3], cells[-3:]
    if not any(c.kind == "markdown" and H1.search(c.source) for c in first):
        serious.append(Evidence("no '# title' heading in the first 3 cells", nb.path, cell=cells[0].index))
    if not any(c.kind == "markdown" and _prose(c.source) for c in first):
        serious.append(Evidence("no introductory text in the first 3 cells", nb.path, cell=cells[0].index))
    if not any(c.kind == "markdown" and _prose(c.source) for c in last):
        serious.append(Evidence("no concluding text in the last 3 cells", nb.path, cell=cells[-1].index))
    if code and len(markdown) / len(code) < 0.3:
        serious.append(Evidence(f"{len(markdown)} Markdown cell(s) for {len(code)} code cells (ratio {len(markdown) / len(code):.2f} < 0.3)", nb.path))
    if cells[0].kind != "markdown":
        minor.append(Evidence("the first cell is code, not Markdown", nb.path, cell=cells[0].index))
    if cells[-1].kind != "markdown":
        minor.append(Evidence("the last cell is code, not Markdown", nb.path, cell=cells[-1].index))
    minor += [Evidence(f"starts with {n} comment lines: Markdown would read better", nb.path, cell=c.index) for c in code if (n := _comment_block(c.source)) >= 4]
    return serious, minor


@check(
    id="NBK007",
    slug="notebook-narrative",
    dimension=NBK,
    title="Each notebook tells its story in Markdown: a title, an introduction, explanations and a conclusion",
    remediation="Start each notebook with a '# Title' and a paragraph on the question and the data, explain each step in Markdown cells, and end with what you found.",
    effort=Effort.LOW,
    weight=2,
)
@over_notebooks(written, "non-empty notebooks")
def notebook_narrative(facts: RepoFacts, notebooks: list[NotebookFacts]) -> Verdict:
    """A notebook is read as a report: without a title, an opening paragraph, explanations between the code
    and a conclusion, a reviewer cannot tell what was asked or found.

    Fails when a notebook lacks an H1 heading in its first 3 cells (pynblint `missing-h1-MD-heading`),
    Markdown prose in its first 3 cells (`missing-opening-MD-text`) or its last 3 cells
    (`missing-closing-MD-text`), or has fewer than 0.3 Markdown cells per code cell (`too-few-MD-cells`);
    heading-only Markdown is not prose. Reported with a lower score: a first or last cell that is not
    Markdown (Julynter c4, c5) and code cells that start with 4 or more comment lines
    (`long_multiline_python_comment`). Thresholds are pynblint's defaults. Source: Pimentel et al.: 30.84%
    of notebooks have no Markdown cell (signals.md A1-A3, M5).
    """
    serious_ev: list[Evidence] = []
    minor_ev: list[Evidence] = []
    bad = 0
    penalty = 0.0
    for nb in notebooks:
        serious, minor = _narrative(nb)
        bad += bool(serious)
        penalty += min(1.0, 0.25 * len(serious) + 0.1 * len(minor))
        serious_ev += serious
        minor_ev += minor
    score = round(10 * (1 - penalty / len(notebooks)), 1)
    if bad:
        return failed(f"{bad} of {len(notebooks)} notebook(s) lack a title, an introduction, explanations or a conclusion", *capped(serious_ev + minor_ev), score=score)
    if minor_ev:
        return passed(f"{len(notebooks)} notebook(s) are narrated, with minor gaps", *capped(minor_ev), score=max(score, 7))
    return passed(f"{len(notebooks)} notebook(s) have a title, an introduction, explanations and a conclusion", *checked(notebooks))


# ------------------------------------------------------------------------------------------------ NBK008


@check(
    id="NBK008",
    slug="notebook-names",
    dimension=NBK,
    title="Notebooks have descriptive, unique names (no Untitled or 'Copy of')",
    remediation="Rename notebooks after what they do (e.g. 02-train-baseline.ipynb), delete stray copies, and avoid spaces and special characters.",
    effort=Effort.LOW,
    weight=1,
)
@over_notebooks(every)
def notebook_names(facts: RepoFacts, notebooks: list[NotebookFacts]) -> Verdict:
    """Untitled notebooks and unrenamed copies tell a reviewer the repository was pushed without tidying.

    Fails on: `Untitled*` names, including VS Code's `Untitled-1` (pynblint `untitled-notebook`, Julynter t2);
    copies not renamed: `X-Copy1`, Colab's `Copy of X`, `X (1)`, `X_copy` (pynblint
    `duplicate-notebook-not-renamed`, Julynter t3); two notebooks sharing a file name in different folders
    (pynblint `duplicate-notebook-filename`); an empty name (Julynter t1). Reported with a lower score but not
    failing: characters outside `[A-Za-z0-9_.-]` such as spaces (pynblint `non-portable-chars-in-nb-name`,
    Julynter t4, t5: common and harmless for readers) and names over 100 characters (pynblint
    `notebook-name-too-long`, Julynter t6). Julynter t7 (names under 10 characters) is not applied: short
    names such as `eda.ipynb` are fine. Source: Pimentel et al.: 1.93% Untitled, 0.68% copies, 26.86%
    non-recommended characters (signals.md A1-A3, N9).
    """
    serious: list[Evidence] = []
    minor: list[Evidence] = []
    by_name: dict[str, list[str]] = {}
    for nb in notebooks:
        name = stem(nb.path)
        by_name.setdefault(name.lower(), []).append(nb.path)
        if not name.strip():
            serious.append(Evidence("the notebook has no name", nb.path))
        elif UNTITLED.match(name):
            serious.append(Evidence("an Untitled notebook: never named", nb.path))
        elif COPY_NAME.search(name):
            serious.append(Evidence("a copy that was never renamed", nb.path))
        if name and not PORTABLE.match(name):
            minor.append(Evidence("spaces or special characters in the name", nb.path))
        if len(name) > 100:
            minor.append(Evidence(f"name of {len(name)} characters (over 100)", nb.path))
    for paths in by_name.values():
        if len(paths) > 1:
            serious.append(Evidence(f"the same file name is used by {len(paths)} notebooks: {', '.join(paths[:4])}", paths[0]))
    if serious:
        return failed(f"{len(serious)} notebook name problem(s)", *capped(serious + minor), score=share(min(len(serious), len(notebooks)), len(notebooks)))
    if minor:
        return passed("notebook names are unique and descriptive, some with spaces or special characters", *capped(minor), score=8)
    return passed(f"{len(notebooks)} notebook(s) have descriptive, unique names", searched=("Untitled*", "*-Copy*", "Copy of *", "duplicate file names", "non-portable characters"))


# ------------------------------------------------------------------------------------------------ NBK009

MAX_CELLS = 50
MAX_CELL_LINES = 30


@check(
    id="NBK009",
    slug="notebook-concise",
    dimension=NBK,
    title="Notebooks are concise: no overlong notebooks or cells, no stray empty cells",
    remediation="Split notebooks over 50 cells by stage (explore, features, model), move long cells into functions in a module, and delete empty cells.",
    effort=Effort.MEDIUM,
    weight=1,
)
@over_notebooks(with_cells, "non-empty notebooks")
def notebook_concise(facts: RepoFacts, notebooks: list[NotebookFacts]) -> Verdict:
    """Long notebooks and long cells are hard to read and reproduce less often; empty cells in the middle are
    leftovers of editing.

    Covers pynblint `notebook-too-long` (more than 50 cells), `cell-too-long` (code cells over 30 lines) and
    `empty-cells`, and Julynter c3 (an empty cell among non-empty ones; empty cells at the end are reported
    but do not fail, as Julynter ignores them). Thresholds are pynblint's defaults. Source: Pimentel et al.:
    notebooks of 37 cells or more reproduce their results with lift 0.30, against 2.22 for 9 cells or fewer;
    62.14% of notebooks have empty cells (signals.md A1-A3, N10, N11).
    """
    evidence: list[Evidence] = []
    tails: list[Evidence] = []
    bad = 0
    for nb in notebooks:
        found: list[Evidence] = []
        if len(nb.cells) > MAX_CELLS:
            found.append(Evidence(f"{len(nb.cells)} cells (more than {MAX_CELLS})", nb.path))
        for cell in nb.cells:
            lines = len(cell.source.strip().splitlines())
            if cell.kind == "code" and lines > MAX_CELL_LINES:
                found.append(Evidence(f"code cell of {lines} lines (more than {MAX_CELL_LINES})", nb.path, cell=cell.index))
        filled = [c.index for c in nb.cells if c.source.strip()]
        last = filled[-1] if filled else -1
        for cell in nb.cells:
            if cell.kind == "code" and not cell.source.strip():
                target = found if cell.index < last else tails
                target.append(Evidence("empty code cell" + (" in the middle" if cell.index < last else " at the end"), nb.path, cell=cell.index))
        bad += bool(found)
        evidence += found
    if evidence:
        return failed(f"{bad} of {len(notebooks)} notebook(s) are too long or hold empty cells", *capped(evidence + tails), score=share(bad, len(notebooks)))
    if tails:
        return passed(f"{len(notebooks)} notebook(s) are concise, with empty cells at the end", *capped(tails), score=9)
    return passed(f"{len(notebooks)} notebook(s) are concise", searched=(f"notebooks over {MAX_CELLS} cells", f"code cells over {MAX_CELL_LINES} lines", "empty code cells"))
