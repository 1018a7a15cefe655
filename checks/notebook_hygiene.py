"""Notebook hygiene checks NBK014-NBK018: light outputs, no credentials, no near-copies, code beyond notebooks, modest complexity."""

from __future__ import annotations

import re

from checks.support.common import local_roots
from checks.support.notebooks import capped, checked, every, near_copies, over_notebooks, python_notebooks, readable, share
from checks.support.registry import check
from readiness.facts.model import NotebookFacts, RepoFacts
from readiness.models import Dimension, Effort, Evidence, Verdict, failed, not_applicable, passed

NBK = Dimension.NOTEBOOKS


# ------------------------------------------------------------------------------------------------ NBK014

MAX_OUTPUT = 500 * 1024
MAX_OUTPUTS_TOTAL = 5 * 1024 * 1024


def _size(value: int) -> str:
    """A size for people."""
    return f"{value / 1024 / 1024:.1f} MB" if value >= 1024 * 1024 else f"{value // 1024} KB"


@check(
    id="NBK014",
    slug="notebook-outputs-lightweight",
    dimension=NBK,
    title="Notebook outputs are small enough to read and render",
    remediation="Clear huge outputs before committing: print df.head() rather than whole frames, log training to a file rather than the notebook, save large figures as files and lower their resolution.",
    effort=Effort.LOW,
    weight=1,
)
@over_notebooks(readable)
def notebook_outputs_lightweight(facts: RepoFacts, notebooks: list[NotebookFacts]) -> Verdict:
    """A single output over 500 KB (a whole data frame printed, thousands of training-log lines, an
    interactive plot embedding its JavaScript library) or more than 5 MB of outputs in one notebook makes
    the notebook slow or impossible to render on GitHub and buries the result a reviewer is looking for.

    Sizes are measured from the notebook JSON, never by rendering. The thresholds are readiness's own
    choice, not from a study; realistic plots (tens of KB each as base64 PNG) stay well under them.
    Source: Quaranta BP13 "keep the notebook clean" (signals.md A1).
    """
    evidence: list[Evidence] = []
    bad = 0
    for nb in notebooks:
        found = []
        total = 0
        for cell in nb.cells:
            for output in cell.outputs:
                total += output.size
                if output.size > MAX_OUTPUT:
                    kind = ", ".join(m for m in output.mimes if m != "text/plain")[:40] or output.name or output.kind
                    found.append(Evidence(f"a {_size(output.size)} output ({kind})", nb.path, cell=cell.index))
        if total > MAX_OUTPUTS_TOTAL:
            found.append(Evidence(f"{_size(total)} of outputs in all", nb.path))
        bad += bool(found)
        evidence += found
    if evidence:
        return failed(f"{bad} of {len(notebooks)} notebook(s) hold huge outputs", *capped(evidence), score=share(bad, len(notebooks)))
    return passed(f"outputs of {len(notebooks)} notebook(s) are of a readable size", searched=(f"single outputs over {_size(MAX_OUTPUT)}", f"over {_size(MAX_OUTPUTS_TOTAL)} of outputs per notebook"))


# ------------------------------------------------------------------------------------------------ NBK015


@check(
    id="NBK015",
    slug="notebook-no-credentials",
    dimension=NBK,
    title="No credentials in notebook sources or saved outputs",
    remediation="Revoke the exposed key now; read it from an environment variable (os.environ) or a .env file kept out of git, clear the output that printed it, and remove it from history.",
    effort=Effort.LOW,
    weight=3,
)
@over_notebooks(every)
def notebook_no_credentials(facts: RepoFacts, notebooks: list[NotebookFacts]) -> Verdict:
    """API keys, tokens, passwords and private keys pasted into a notebook cell, or printed into a saved
    output, are public as soon as the notebook is pushed.

    Uses the facts stage's secret scanner (known token formats, private keys, high-entropy values assigned to
    key/token/password names; placeholders ignored) over every cell's source and text outputs, per cell.
    Evidence never shows the secret: only its kind, a short prefix and its length. DOC012 judges the whole
    repository; this check places each hit in its notebook and cell. Source: signals.md Q8.
    """
    notebook_paths = {nb.path for nb in notebooks}
    hits = [h for h in facts.secrets if h.path in notebook_paths]
    if hits:
        evidence = [Evidence(f"{h.kind} in {'a saved output' if h.line is None else 'the source'}: {h.redacted}", h.path, cell=h.cell) for h in hits]
        return failed(f"{len(hits)} likely credential(s) in {len({h.path for h in hits})} notebook(s)", *capped(evidence))
    return passed(f"no credentials in {len(notebooks)} notebook(s)", searched=("cell sources", "text outputs", "token formats, private keys, hard-coded passwords"))


# ------------------------------------------------------------------------------------------------ NBK016


@check(
    id="NBK016",
    slug="notebooks-not-duplicated",
    dimension=NBK,
    title="Notebooks are not copies of each other",
    remediation="Keep one notebook per analysis: delete stale copies, and move code shared between notebooks into a module they both import.",
    effort=Effort.MEDIUM,
    weight=1,
)
@over_notebooks(python_notebooks, "Python notebooks")
def notebooks_not_duplicated(facts: RepoFacts, notebooks: list[NotebookFacts]) -> Verdict:
    """Two notebooks whose code lines are at least 80% the same (Jaccard similarity of normalised,
    non-trivial lines: imports, comments and short lines left out) are copies: a reviewer cannot tell which
    one is current, and shared code belongs in a module. Notebooks with fewer than 8 meaningful lines are
    not compared. Source: pynblint issues #82/#83 (duplicate code across notebooks) and Cookiecutter Data
    Science ("refactor the good parts"), signals.md Q9 and N15.
    """
    pairs = near_copies(notebooks)
    if pairs:
        evidence = [Evidence(f"{score:.0%} of its code lines are the same as {right.path}'s", left.path) for left, right, score in pairs]
        copies = {p for left, right, _ in pairs for p in (left.path, right.path)}
        return failed(f"{len(pairs)} pair(s) of notebooks are near copies", *capped(evidence), score=share(len(copies) - len(pairs), len(notebooks)))
    return passed(f"no near-copies among {len(notebooks)} notebook(s)", searched=("pairs of notebooks sharing 80% or more of their code lines",))


# ------------------------------------------------------------------------------------------------ NBK017

MIN_NOTEBOOK_LINES = 10


@check(
    id="NBK017",
    slug="code-beyond-notebooks",
    dimension=NBK,
    title="Reusable code lives in modules, not only in notebooks",
    remediation="Extract the functions your notebooks define (cleaning, features, training) into a package such as src/<project>/, import them from the notebooks, and add tests for them.",
    effort=Effort.HIGH,
    weight=2,
)
@over_notebooks(python_notebooks, "Python notebooks")
def code_beyond_notebooks(facts: RepoFacts, notebooks: list[NotebookFacts]) -> Verdict:
    """A repository whose code lives only in notebooks cannot be imported, tested or reused; hiring
    managers look for work that "moves beyond the notebook".

    Fails when the notebooks hold code (at least 10 source lines) and the repository has no Python module
    defining a function or class; the evidence lists the functions defined in notebook cells, the first
    candidates for extraction. Passes when modules exist; fully when notebooks import them and tests exist,
    with a lower score otherwise. Source: Pimentel et al.: 10.41% of notebooks import a local module and
    1.57% have tests; Cookiecutter Data Science ("notebooks for exploration, source files for repetition");
    Rule et al. rule 4 (signals.md A3, N15).
    """
    lines = sum(nb.code.metrics.sloc for nb in notebooks if nb.code and nb.code.metrics)
    if lines < MIN_NOTEBOOK_LINES:
        return not_applicable(f"notebooks hold only {lines} lines of code")
    modules = [m for m in facts.modules if (m.functions or m.classes) and m.path.rsplit("/", 1)[-1] not in ("setup.py", "conftest.py", "noxfile.py")]
    modules.sort(key=lambda m: (bool(re.search(r"(^|/)(tests?|scripts?)/", m.path)), -len(m.functions) - len(m.classes)))
    defined = [Evidence(f"defines {f.name}() in the notebook", nb.path, cell=f.cell) for nb in notebooks for f in (nb.code.functions if nb.code else ()) if "." not in f.qualname]
    if not modules:
        message = f"all {lines} lines of code are in notebooks; no Python module defines a function or class"
        return failed(message, *capped(defined), searched=("*.py files defining functions or classes",))
    local = local_roots(facts)
    importing = [Evidence(f"imports the project's own {imp.module}", nb.path, cell=imp.cell) for nb in notebooks for imp in (nb.code.imports if nb.code else ()) if imp.level or imp.root in local]
    tests = [m for m in facts.modules if re.search(r"(^|/)(test_[^/]*|[^/]*_test)\.py$", m.path)]
    module_ev = Evidence(f"{len(modules)} module(s) with functions or classes", modules[0].path)
    if importing and tests:
        return passed("notebooks import functions from the project's modules, which have tests", module_ev, *capped(importing[:3]), Evidence(f"{len(tests)} test file(s)", tests[0].path))
    gaps = ([] if importing else ["notebooks do not import them"]) + ([] if tests else ["no tests"])
    return passed(f"the project has modules, but {' and '.join(gaps)}", module_ev, *capped(importing[:3] + defined), score=7)


# ------------------------------------------------------------------------------------------------ NBK018


@check(
    id="NBK018",
    slug="notebook-code-complexity",
    dimension=NBK,
    title="Functions defined in notebooks are simple enough to follow",
    remediation="Split functions ranked C or worse (cyclomatic complexity over 10) into smaller ones, ideally in a module with tests.",
    effort=Effort.MEDIUM,
    weight=1,
)
@over_notebooks(python_notebooks, "Python notebooks")
def notebook_code_complexity(facts: RepoFacts, notebooks: list[NotebookFacts]) -> Verdict:
    """radon's cyclomatic complexity of the functions and classes defined in notebooks, measured on the
    notebook's code after IPython magics and shell escapes are removed (radon's own notebook support fails
    on `!pip`). Any block ranked C or worse (complexity over 10) fails. Flat notebook code has no blocks for
    radon to rank: it passes with its size noted. The Maintainability Index is reported, never judged on
    (tiny code scores 100 and comments inflate it). Source: radon 6.0.1 ranks; McCabe's bound of 10
    [memory] (signals.md A9, Q1, Q2).
    """
    measured = [nb for nb in notebooks if nb.code and nb.code.metrics]
    if not measured:
        return not_applicable("no notebook code could be measured")
    complex_blocks = [Evidence(f"{b.name}: complexity {b.complexity} (rank {b.rank})", nb.path, cell=b.cell) for nb in measured for b in nb.code.metrics.blocks if b.rank not in ("A", "B")]  # type: ignore[union-attr]
    blocks = sum(len(nb.code.metrics.blocks) for nb in measured)  # type: ignore[union-attr]
    sloc = sum(nb.code.metrics.sloc for nb in measured)  # type: ignore[union-attr]
    worst = min((nb for nb in measured if nb.code.metrics.mi is not None), key=lambda nb: nb.code.metrics.mi, default=None)  # type: ignore[union-attr]
    mi = (("worst_mi", f"{worst.code.metrics.mi:.0f}"),) if worst else ()  # type: ignore[union-attr]
    values = (("blocks", str(blocks)), ("sloc", str(sloc))) + mi
    if complex_blocks:
        return failed(f"{len(complex_blocks)} of {blocks} notebook function(s)/class(es) ranked C or worse", *capped(complex_blocks), score=share(len(complex_blocks), blocks), values=values)
    if not blocks:
        return passed(f"{sloc} lines of flat notebook code: no functions for radon to rank", *checked(measured), values=values)
    return passed(f"all {blocks} notebook function(s)/class(es) ranked A or B", *checked(measured), values=values)
