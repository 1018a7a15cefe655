"""Notebook checks: execution order, saved errors, narrative, naming, dependencies, seeds, data paths, hygiene.

Every check reads `facts.notebooks` (read as JSON through nbformat, never executed) and cites the notebook
and the cell (`Evidence(cell=index)`, 0-based as in the notebook file). Together they cover pynblint's 22
rules and Julynter's static rules (signals.md A1, A2); each docstring names the rules it covers. The
repository-level pynblint rules live elsewhere: `dependencies-unmanaged` is DOC006 (manifests found anywhere,
not only at the root; NBK010 gives the per-cell view), `large-data-file-not-versioned` is DOC011 (Git LFS
and DVC accepted, `.git/` never walked), `test-coverage-data-not-available` is TST006 coverage-configured
(configuration, not a committed `.coverage` file, which DOC010 reports as junk), and
`repository-not-versioned` always holds: readiness assesses git repositories only. Julynter's kernel rules
(h1, h2, h5, h6: stale results, edited cells, vanished or undefined names) need a live kernel and are left out.
"""


from __future__ import annotations

from checks.support.notebook_data import KAGGLE_INPUT, absolute_path
from checks.support.notebooks import (
    capped,
    checked,
    code_cells,
    counts_missing,
    every,
    over_notebooks,
    prologue,
    python2_reason,
    python_notebooks,
    readable,
    share,
    stripped,
    stripping_tool,
)
from checks.support.registry import check
from readiness.facts.model import NotebookFacts, RepoFacts
from readiness.facts.secrets import scrub
from readiness.models import Dimension, Effort, Evidence, Verdict, cell_label, failed, not_applicable, passed, unknown

NBK = Dimension.NOTEBOOKS
PY2_SCORE = 8
"""Python 2 code is dated, not broken: a small deduction, never a failure."""


# ------------------------------------------------------------------------------------------------ NBK001


@check(
    id="NBK001",
    slug="notebooks-readable",
    dimension=NBK,
    title="Every notebook is a valid notebook file whose code parses",
    remediation="Open each broken notebook, resolve merge-conflict markers or re-save it from Jupyter, and fix the cells that are not valid Python 3 (e.g. Python 2 `print x`).",
    effort=Effort.LOW,
    weight=2,
)
@over_notebooks(every)
def notebooks_readable(facts: RepoFacts, notebooks: list[NotebookFacts]) -> Verdict:
    """A notebook that is not valid JSON (often a merge conflict), uses an unsupported nbformat version, has
    cells with missing fields, or holds code that does not parse cannot be rendered by GitHub or re-run.

    Covers pynblint `invalid-python-syntax` (the code is parsed after IPython magics and shell escapes are
    removed; a cell that does not parse is reported with its number and the other cells are still analysed),
    plus the bad-input cases of the notebook reader: invalid JSON, nbformat versions other than 3 and 4 (v3 is
    converted, not failed), cells without a known `cell_type`. Notebooks with non-Python kernels are not
    parsed as Python. A cell that is Python 2 code (a print statement, `except X, e`, `raise E, "msg"`, an
    exec statement, `<>`) is reported as Python 2 code, not as broken: the notebook passes with a small
    deduction and the `python2` value counts such notebooks. Source: signals.md A1 and N17.
    """
    evidence: list[Evidence] = []
    broken: set[str] = set()
    python2: dict[str, Evidence] = {}
    for nb in notebooks:
        if nb.error:
            evidence.append(Evidence(f"not readable: {nb.error[:160]}", nb.path))
            broken.add(nb.path)
            continue
        sources = {c.index: c.source for c in nb.cells}
        for cell, message in nb.syntax_errors:
            if reason := python2_reason(message, sources.get(cell, "")):
                python2.setdefault(nb.path, Evidence(f"Python 2 code ({reason}): runs on a Python 2 kernel, not on Python 3", nb.path, cell=cell))
                continue
            evidence.append(Evidence(f"code does not parse: {message[:160]}", nb.path, cell=cell))
            broken.add(nb.path)
        if nb.code is not None and nb.code.parse_error and not nb.syntax_errors:
            evidence.append(Evidence(f"code does not parse: {nb.code.parse_error[:160]}", nb.path))
            broken.add(nb.path)
        odd = [c.index for c in nb.cells if c.kind not in ("code", "markdown", "raw")]
        if odd:
            evidence.append(Evidence(f"{len(odd)} cell(s) without a valid cell_type", nb.path, cell=odd[0]))
            broken.add(nb.path)
    total = len(notebooks)
    values = (("broken", str(len(broken))), ("python2", str(len(python2))))
    py2 = list(python2.values())
    if broken:
        return failed(f"{len(broken)} of {total} notebook(s) are broken or hold code that does not parse", *capped(evidence + py2), score=share(len(broken), total), values=values)
    if python2:
        return passed(f"all {total} notebook(s) read; {len(python2)} hold Python 2 code (dated, not broken: it needs a Python 2 kernel)", *capped(py2), score=PY2_SCORE, values=values)
    return passed(f"all {total} notebook(s) read and their code parses", searched=("JSON validity", "nbformat version", "cell fields", "Python syntax of code cells"), values=values)


# ------------------------------------------------------------------------------------------------ NBK002


def _order_issues(nb: NotebookFacts) -> tuple[list[Evidence], list[Evidence]]:
    """(out-of-order or repeated counts, skipped counts) of one notebook, as evidence."""
    counted = [(c.index, c.execution_count) for c in code_cells(nb) if c.execution_count is not None]
    serious: list[Evidence] = []
    skips: list[Evidence] = []
    seen: dict[int, int] = {}
    for position, (index, count) in enumerate(counted):
        if count in seen:
            serious.append(Evidence(f"execution count [{count}] repeats {cell_label(seen[count])}'s: cells from different kernel sessions", nb.path, cell=index))
        seen.setdefault(count, index)
        if position == 0:
            if count != 1:
                skips.append(Evidence(f"first execution count is [{count}], not [1]", nb.path, cell=index))
            continue
        previous_index, previous = counted[position - 1]
        if count < previous:
            serious.append(Evidence(f"ran as [{count}] but sits below {cell_label(previous_index)} [{previous}]: out of order", nb.path, cell=index))
        elif count > previous + 1:
            skips.append(Evidence(f"execution count jumps from [{previous}] to [{count}]", nb.path, cell=index))
    return serious, skips


@check(
    id="NBK002",
    slug="notebook-execution-in-order",
    dimension=NBK,
    title="Notebook cells were run once, top to bottom, in order",
    remediation="Restart the kernel and run all cells top to bottom (Kernel > Restart & Run All), fix whatever breaks, then commit.",
    effort=Effort.LOW,
    weight=3,
)
@over_notebooks(readable)
def notebook_execution_in_order(facts: RepoFacts, notebooks: list[NotebookFacts]) -> Verdict:
    """The execution counts of code cells, in document order, should read 1, 2, 3...: a notebook run out of
    order may not produce its saved results when re-run from the top.

    Covers pynblint `non-linear-execution` and Julynter c2 (a count lower than the previous one) and h3 (a
    repeated count): these fail. Julynter h4 (skipped counts: the first count is not 1, or a jump in the
    middle) is reported with a lower score but does not fail on its own: re-running one cell is enough to
    cause a skip. Notebooks whose counts were stripped (nbstripout or a similar hook configured, or every
    count null while outputs remain) or that were never run have an *unknown* order, not a bad one.
    Source: Pimentel et al. EMSE 2021: 36.45% of notebooks unordered, and unordered notebooks reproduce
    their results with lift 0.34; skips in the middle precede a NameError with lift 1.39 (signals.md A3, N1, N2).
    """
    tool = stripping_tool(facts)
    judged = bad = 0
    looked: list[NotebookFacts] = []
    serious_ev: list[Evidence] = []
    skip_ev: list[Evidence] = []
    unknown_ev: list[Evidence] = []
    for nb in notebooks:
        if not code_cells(nb):
            if any(c.kind == "code" and c.execution_count is None for c in nb.cells):
                unknown_ev.append(Evidence("never executed: its code cells are empty", nb.path))
            continue
        if stripped(nb, tool) or counts_missing(nb):
            reason = "execution counts stripped" if stripped(nb, tool) else "never executed: no execution counts"
            unknown_ev.append(Evidence(reason, nb.path))
            continue
        judged += 1
        looked.append(nb)
        serious, skips = _order_issues(nb)
        bad += bool(serious)
        serious_ev += serious
        skip_ev += skips
    values = (("judged", str(judged)), ("out_of_order", str(bad)), ("unknown_order", str(len(unknown_ev))))
    if tool:
        unknown_ev.insert(0, tool)
    if not judged:
        if not unknown_ev:
            return not_applicable("no notebook has code cells", values=values)
        return unknown("execution order cannot be observed: counts are stripped or absent", *capped(unknown_ev), values=values)
    if bad:
        return failed(f"{bad} of {judged} executed notebook(s) were run out of order", *capped(serious_ev + skip_ev + unknown_ev), score=share(bad, judged), values=values)
    if skip_ev:
        return passed(f"{judged} notebook(s) ran in order, with skipped execution counts", *capped(skip_ev + unknown_ev), score=8, values=values)
    return passed(f"{judged} notebook(s) ran top to bottom in order", *capped(list(checked(looked)) + unknown_ev), values=values)


# ------------------------------------------------------------------------------------------------ NBK003


@check(
    id="NBK003",
    slug="notebook-cells-executed",
    dimension=NBK,
    title="Every code cell of a committed notebook was run, so its results are saved",
    remediation="Run the whole notebook before committing (Restart & Run All) so every cell shows its output; delete cells you no longer need.",
    effort=Effort.LOW,
    weight=2,
)
@over_notebooks(readable)
def notebook_cells_executed(facts: RepoFacts, notebooks: list[NotebookFacts]) -> Verdict:
    """A reviewer reads a notebook on GitHub without running it: cells that never ran show no results, and a
    non-executed cell among executed ones means the saved outputs did not come from one full run.

    Covers pynblint `non-executed-notebook` (no code cell ever ran) and `non-executed-cells`, and Julynter c1
    (a non-executed cell among executed ones; trailing non-executed cells are reported but do not fail, as
    Julynter ignores them). Stripped notebooks (nbstripout configured, or counts null while outputs remain)
    are *unknown*. Empty cells are NBK009's business. Source: Pimentel et al.: 21.11% of notebooks have
    non-executed cells (signals.md A3, N3).
    """
    tool = stripping_tool(facts)
    judged = bad = 0
    looked: list[NotebookFacts] = []
    evidence: list[Evidence] = []
    tails: list[Evidence] = []
    unknown_ev: list[Evidence] = []
    for nb in notebooks:
        cells = code_cells(nb)
        if not cells:
            continue
        if stripped(nb, tool):
            unknown_ev.append(Evidence("outputs or counts stripped on purpose", nb.path))
            continue
        judged += 1
        looked.append(nb)
        if counts_missing(nb):
            bad += 1
            evidence.append(Evidence(f"never executed: none of its {len(cells)} code cells has run or shows a result", nb.path))
            continue
        last = max(c.index for c in cells if c.execution_count is not None)
        missing = [c for c in cells if c.execution_count is None and c.index < last]
        tails += [Evidence("trailing cell never run", nb.path, cell=c.index) for c in cells if c.execution_count is None and c.index > last]
        if missing:
            bad += 1
            evidence += [Evidence("code cell never run, among executed cells", nb.path, cell=c.index) for c in missing]
    if tool:
        unknown_ev.insert(0, tool)
    if not judged:
        if not unknown_ev:
            return not_applicable("no notebook has code cells")
        return unknown("whether every cell ran cannot be observed: outputs are stripped", *capped(unknown_ev))
    if bad:
        return failed(f"{bad} of {judged} notebook(s) have code cells that never ran", *capped(evidence + tails), score=share(bad, judged))
    if tails:
        return passed(f"{judged} notebook(s) fully executed apart from trailing cells", *capped(tails), score=8)
    return passed(f"every code cell of {judged} notebook(s) ran", *capped(list(checked(looked)) + unknown_ev))


# ------------------------------------------------------------------------------------------------ NBK004

HARMLESS_ERRORS = frozenset({"KeyboardInterrupt"})


@check(
    id="NBK004",
    slug="notebook-no-saved-errors",
    dimension=NBK,
    title="No notebook is committed with an error in its saved outputs",
    remediation="Fix the failing cells (a missing import, a missing file, a name defined later), re-run the notebook from the top and commit it without tracebacks.",
    effort=Effort.LOW,
    weight=3,
)
@over_notebooks(readable)
def notebook_no_saved_errors(facts: RepoFacts, notebooks: list[NotebookFacts]) -> Verdict:
    """A saved `error` output (the nbformat output type with `ename`, `evalue` and a traceback) shows the
    notebook did not run cleanly when it was committed: a reviewer sees a NameError or ModuleNotFoundError
    before seeing any result.

    Only real `error` outputs count: a traceback or warning printed on stderr by a library is not one, and
    a KeyboardInterrupt (a cell stopped by hand) is ignored. Error messages are shown with secrets redacted.
    Source: nbformat's error output; Pimentel et al.'s exception analysis, where module and name errors
    dominate (signals.md N4).
    """
    evidence: list[Evidence] = []
    bad = 0
    for nb in notebooks:
        errors = [(c.index, o) for c in nb.cells for o in c.outputs if o.kind == "error" and (o.ename or "") not in HARMLESS_ERRORS]
        bad += bool(errors)
        evidence += [Evidence(scrub(f"{o.ename or 'error'}: {(o.evalue or '').splitlines()[0][:120] if o.evalue else ''}").rstrip(": "), nb.path, cell=i) for i, o in errors]
    if evidence:
        return failed(f"{len(evidence)} saved error output(s) in {bad} notebook(s)", *capped(evidence), score=share(bad, len(notebooks)))
    return passed(f"no saved errors in {len(notebooks)} notebook(s)", searched=("outputs of type 'error' in every code cell",))


# ------------------------------------------------------------------------------------------------ NBK005


@check(
    id="NBK005",
    slug="notebook-imports-at-top",
    dimension=NBK,
    title="Each notebook imports its packages at the top",
    remediation="Move every import into the first code cell, so a reader sees the notebook's dependencies at once and a re-run does not fail half-way.",
    effort=Effort.LOW,
    weight=1,
)
@over_notebooks(python_notebooks, "Python notebooks")
def notebook_imports_at_top(facts: RepoFacts, notebooks: list[NotebookFacts]) -> Verdict:
    """Imports scattered through a notebook hide its dependencies and fail late on a fresh environment.

    Covers pynblint `imports-beyond-first-cell` and Julynter i1, without pynblint's traps: `from x import y`
    counts as an import and the last cell is parsed too. The opening set-up cells are allowed: code cells
    up to the first one that does more than import (so a `%pip install` cell or two import-only cells at
    the top are fine). Imports inside functions are not counted (deliberate lazy imports).
    Source: Pimentel et al.'s guideline 6 and Quaranta BP4 (signals.md A1-A3, N5).
    """
    evidence: list[Evidence] = []
    bad = 0
    for nb in notebooks:
        allowed = prologue(nb)
        late: dict[int, list[str]] = {}
        for imp in nb.code.imports if nb.code else ():
            if imp.top_level and imp.cell is not None and imp.cell not in allowed:
                late.setdefault(imp.cell, []).append(("." * imp.level) + imp.module or "?")
        bad += bool(late)
        evidence += [Evidence(f"imports {', '.join(dict.fromkeys(mods))} after the opening cells", nb.path, cell=cell) for cell, mods in sorted(late.items())]
    if evidence:
        return failed(f"{bad} of {len(notebooks)} notebook(s) import packages below the top", *capped(evidence), score=share(bad, len(notebooks)))
    return passed(f"{len(notebooks)} notebook(s) import everything at the top", searched=("import and from-import statements in every code cell after the opening ones",))


# ------------------------------------------------------------------------------------------------ NBK006

MOUNTS = ("google.colab.drive.mount", "drive.mount")


@check(
    id="NBK006",
    slug="notebook-relative-paths",
    dimension=NBK,
    title="Notebooks use paths relative to the repository, not paths on the author's machine",
    remediation="Replace paths such as /Users/you/Downloads/data.csv with paths relative to the repository (data/data.csv), and say in the README where the data comes from.",
    effort=Effort.LOW,
    weight=2,
)
@over_notebooks(python_notebooks, "Python notebooks")
def notebook_relative_paths(facts: RepoFacts, notebooks: list[NotebookFacts]) -> Verdict:
    """A string literal holding an absolute path from the author's machine (/home/..., /Users/..., C:\\...,
    ~/..., a mounted Google Drive under /content/drive) breaks the notebook on anyone else's machine;
    so does mounting Google Drive.

    Covers Julynter p1 (absolute paths; Julynter tests them at run time, this static version uses a pattern)
    and pynblint issue #77. URLs are not paths. Kaggle's /kaggle/input paths are reported with a lower score
    but do not fail: they work on Kaggle, though nowhere else. Source: Pimentel et al.'s guideline 7 and
    Quaranta BP10 (signals.md N8).
    """
    evidence: list[Evidence] = []
    kaggle: list[Evidence] = []
    bad = 0
    for nb in notebooks:
        found = [Evidence(f"absolute path {scrub(s.value)[:100]!r}", nb.path, cell=s.cell) for s in nb.code.strings if absolute_path(s.value)] if nb.code else []
        found += [Evidence("mounts Google Drive: runs only in the author's Colab", nb.path, cell=c.cell) for c in nb.code.calls if c.name in MOUNTS] if nb.code else []
        kaggle += [Evidence(f"Kaggle-only path {s.value[:100]!r}", nb.path, cell=s.cell) for s in nb.code.strings if KAGGLE_INPUT.match(s.value)] if nb.code else []
        bad += bool(found)
        evidence += found
    if evidence:
        return failed(f"{bad} of {len(notebooks)} notebook(s) use paths from the author's machine", *capped(evidence + kaggle), score=share(bad, len(notebooks)))
    if kaggle:
        return passed("paths are portable except Kaggle input paths", *capped(kaggle), score=6)
    return passed(f"no machine-specific paths in {len(notebooks)} notebook(s)", searched=("string literals: /home/, /Users/, /mnt/, /media/, C:\\, ~/, /content/drive/", "drive.mount()"))
