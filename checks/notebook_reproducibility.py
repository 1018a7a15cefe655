"""Notebook reproducibility and hygiene checks (NBK010-NBK018): dependencies, installs, seeds, data, outputs, copies.

Registered by importing `checks.notebooks`; see that module for how the checks map to pynblint and Julynter.
"""

from __future__ import annotations

import re

from checks.support.common import ALWAYS_AVAILABLE, declared_distributions, distribution_for, is_declared, local_roots, stdlib
from checks.support.notebooks import (
    absolute_path,
    capped,
    checked,
    data_reads,
    download_steps,
    every,
    exists,
    installs,
    near_copies,
    over_notebooks,
    python_notebooks,
    random_use,
    readable,
    resolve,
    seed_families,
    seeded_generator,
    share,
    written_paths,
)
from readiness.facts.model import NotebookFacts, RepoFacts
from readiness.facts.secrets import scrub
from readiness.models import Dimension, Effort, Evidence, Verdict, failed, not_applicable, passed
from checks.support.registry import check

NBK = Dimension.NOTEBOOKS


# ------------------------------------------------------------------------------------------------ NBK010


KERNEL_PROVIDED = frozenset({"IPython", "ipykernel"})
RUNTIME_ONLY = ("google.colab", "kaggle_secrets", "kaggle_datasets", "kaggle_web_client")


def _first_each(found: dict[str, list[Evidence]]) -> list[Evidence]:
    """The first evidence per package, noting how many other notebooks import it too."""
    out = []
    for root in sorted(found):
        first, others = found[root][0], len({e.path for e in found[root]}) - 1
        out.append(Evidence(first.detail + (f" (also in {others} other notebook(s))" if others else ""), first.path, cell=first.cell))
    return out


@check(
    id="NBK010",
    slug="notebook-dependencies-declared",
    dimension=NBK,
    title="The packages notebooks import are declared in the repository's dependency files",
    remediation="Add every package your notebooks import to requirements.txt (or pyproject.toml / environment.yml), using distribution names (scikit-learn for sklearn, opencv-python for cv2).",
    effort=Effort.LOW,
    weight=3,
)
@over_notebooks(python_notebooks, "Python notebooks")
def notebook_dependencies_declared(facts: RepoFacts, notebooks: list[NotebookFacts]) -> Verdict:
    """Each third-party import in a notebook, per cell, compared with the packages declared anywhere in the
    repository (requirements*.txt, pyproject.toml, setup.cfg, setup.py read as AST, environment.y*ml,
    Pipfile, lock files). Import names map to distribution names (sklearn → scikit-learn, cv2 →
    opencv-python, PIL → pillow, yaml → PyYAML, bs4 → beautifulsoup4...); the standard library and the
    repository's own modules are excluded; packages that a declared one always installs count as declared.

    A `%pip install x` / `!pip install x` cell *before* the import is a weak declaration (it records the
    package, rarely its version): it passes with a lower score, and the evidence says so. An install placed
    after the import does not count: the notebook fails on a fresh run before reaching it. Colab and Kaggle
    images are not assumed; IPython (the kernel provides it) and modules that exist only on those platforms
    (google.colab, kaggle_secrets) are left out, and NBK006 reports Google Drive mounts. This is the
    notebook-specific, per-cell view; DOC006 judges .py files and notebooks together. Covers Julynter i2 statically and pynblint's unreleased `undeclared-dependencies`.
    Source: Pimentel et al.: only 8.78% of repositories with notebooks declare dependencies (signals.md N6).
    """
    declared = declared_distributions(facts)
    local = local_roots(facts)
    manifests = ", ".join(m.path for m in facts.manifests[:3])
    where = f"not declared in {manifests}" if manifests else "and the repository has no dependency file"
    missing: dict[str, list[Evidence]] = {}
    weak: dict[str, list[Evidence]] = {}
    roots: set[str] = set()
    for nb in notebooks:
        pip = [(cell, set(pkgs)) for cell, _, pkgs in installs(nb)]
        seen: set[str] = set()
        for imp in nb.code.imports if nb.code else ():
            root = imp.root
            if imp.level or not root or root in stdlib() or root in ALWAYS_AVAILABLE or root in local or root in seen:
                continue
            if root in KERNEL_PROVIDED or imp.module.startswith(RUNTIME_ONLY):
                continue
            seen.add(root)
            roots.add(root)
            if is_declared(root, declared):
                continue
            dist = distribution_for(root)
            installed = [cell for cell, pkgs in pip if imp.cell is not None and cell <= imp.cell and is_declared(root, frozenset(pkgs))]
            if installed:
                weak.setdefault(root, []).append(Evidence(f"imports {root}: declared only by a pip install in cell {installed[0]} (weak: no dependency file lists it)", nb.path, cell=imp.cell))
            else:
                later = [cell for cell, pkgs in pip if is_declared(root, frozenset(pkgs))]
                note = f"; installed only later, in cell {later[0]}" if later else ""
                named = f" (distribution {dist})" if dist != root.lower() else ""
                missing.setdefault(root, []).append(Evidence(f"imports {root}{named}, {where}{note}", nb.path, cell=imp.cell))
    if not roots:
        return not_applicable("notebooks import only the standard library and the repository's own modules")
    if missing:
        share = 1 - len(missing) / len(roots)
        return failed(f"{len(missing)} of {len(roots)} packages imported by notebooks are not declared: {', '.join(sorted(missing)[:8])}", *capped(_first_each(missing) + _first_each(weak)), score=round(10 * share, 1))
    if weak:
        return passed(f"all {len(roots)} notebook imports are declared, some only by pip install cells", *capped(_first_each(weak)), score=6)
    return passed(f"all {len(roots)} packages imported by notebooks are declared ({manifests})", Evidence("dependency files", manifests.split(", ")[0]))


# ------------------------------------------------------------------------------------------------ NBK011


FROM_MANIFEST = re.compile(r"\s(-r|--requirement|-e|--editable)\s|\sinstall\s+\.\s")


@check(
    id="NBK011",
    slug="notebook-no-installs",
    dimension=NBK,
    title="Notebooks do not install packages from inside their cells",
    remediation="Remove `!pip install` / `%pip install` cells and declare the packages (with versions) in requirements.txt or environment.yml; the README says how to install them.",
    effort=Effort.LOW,
    weight=1,
)
@over_notebooks(readable)
def notebook_no_installs(facts: RepoFacts, notebooks: list[NotebookFacts]) -> Verdict:
    """`!pip install`, `%pip install`, `!conda install` or `!apt-get install` inside a notebook changes the
    environment as a side effect of reading the analysis, usually without versions, and hides the
    dependencies from the repository's dependency files.

    Installing the repository's own declared environment (`pip install -r requirements.txt`, `pip install -e .`,
    typical of a Colab set-up cell) is not counted. Reported per cell. Source: signals.md N6 (install cells count only as a weak declaration) and
    Quaranta BP2-BP3 (manage dependencies, self-contained environments).
    """
    evidence: list[Evidence] = []
    bad = 0
    for nb in notebooks:
        found = [item for item in installs(nb) if not FROM_MANIFEST.search(f" {item[1]} ")]
        bad += bool(found)
        evidence += [Evidence(f"runs `{command}`", nb.path, cell=cell) for cell, command, _ in found]
    if evidence:
        return failed(f"{len(evidence)} install command(s) in {bad} notebook(s)", *capped(evidence), score=share(bad, len(notebooks)))
    return passed(f"no install commands in {len(notebooks)} notebook(s)", searched=("!pip / %pip / !conda / !mamba / !apt-get install lines in code cells",))


# ------------------------------------------------------------------------------------------------ NBK012


def _seed_issues(nb: NotebookFacts) -> tuple[int, list[Evidence], list[Evidence]]:
    """(random calls, unseeded ones, seeds set) of one notebook, in document order."""
    sources = {c.index: c.source for c in nb.cells}
    seeded: set[str] = set()
    uses = 0
    unseeded: list[Evidence] = []
    seeds: list[Evidence] = []
    for call in sorted(nb.code.calls if nb.code else (), key=lambda c: c.line):
        families = seed_families(call)
        if families:
            seeded |= families
            seeds.append(Evidence(f"seed set: {call.name}()", nb.path, cell=call.cell))
            continue
        source = sources.get(call.cell, "") if call.cell is not None else ""
        if seeded_generator(call, source):
            uses += 1
            seeds.append(Evidence(f"seeded generator: {call.name}(...)", nb.path, cell=call.cell))
            continue
        family = random_use(call, source)
        if family is None:
            if "random_state" in call.keywords or "seed" in call.keywords:
                uses += 1
            continue
        uses += 1
        if family not in seeded:
            unseeded.append(Evidence(f"{call.name.rsplit('.', 1)[-1]}() draws random numbers with no seed set before it", nb.path, cell=call.cell))
    return uses, unseeded, seeds


@check(
    id="NBK012",
    slug="notebook-random-seeds",
    dimension=NBK,
    title="Notebooks that use randomness set their random seeds",
    remediation="Set seeds where randomness is used: `random_state=42` on splits and estimators, or `np.random.seed(42)` / `torch.manual_seed(42)` in the first code cell.",
    effort=Effort.LOW,
    weight=2,
)
@over_notebooks(python_notebooks, "Python notebooks")
def notebook_random_seeds(facts: RepoFacts, notebooks: list[NotebookFacts]) -> Verdict:
    """Without seeds, a re-run gives different splits, models and numbers than the saved outputs.

    A random call is seeded when it passes `random_state=`/`seed=`/`generator=`, or when a global seed for
    its generator was set earlier in the notebook: `random.seed`, `np.random.seed` (which also governs
    scikit-learn and pandas sampling), `torch.manual_seed`, `tf.random.set_seed`, `keras.utils.set_random_seed`,
    `seed_everything`, `transformers.set_seed`. Random calls: scikit-learn splits and randomised estimators
    (train_test_split, random forests, boosting, k-means, MLPs, shuffled K-folds...), `np.random.*`,
    `random.*`, `torch.rand*`, `DataLoader(shuffle=...)`, `df.sample(frac=...)`, `default_rng()` without a seed.
    Not applicable when no notebook uses randomness. Seeds are necessary, not sufficient (GPU
    nondeterminism is not visible statically). Source: ML Test Score Infra 1 (signals.md N12).
    """
    total = 0
    evidence: list[Evidence] = []
    seeds: list[Evidence] = []
    for nb in notebooks:
        uses, unseeded, found = _seed_issues(nb)
        total += uses
        evidence += unseeded
        seeds += found
    if not total:
        return not_applicable("no notebook draws random numbers", searched=("scikit-learn splits and estimators", "np.random / random / torch random calls"))
    if evidence:
        return failed(f"{len(evidence)} of {total} random call(s) in notebooks run without a seed", *capped(evidence), score=share(len(evidence), total))
    return passed(f"all {total} random call(s) in notebooks are seeded", *capped(seeds[:3]))


# ------------------------------------------------------------------------------------------------ NBK013


def _data_verdicts(facts: RepoFacts, notebooks: list[NotebookFacts]) -> tuple[int, list[Evidence], list[Evidence], list[Evidence]]:
    """(reads, missing, created-by-a-step, unverified) for every literal data path notebooks read."""
    paths = facts.paths
    units = [m for m in facts.modules] + [nb.code for nb in notebooks if nb.code]
    written = written_paths(units)
    steps = download_steps(facts)
    reads = 0
    missing: list[Evidence] = []
    created: list[Evidence] = []
    unverified: list[Evidence] = []
    for nb in notebooks:
        for read in data_reads(nb):
            reads += 1
            candidates = resolve(nb.path, read.path)
            if any(exists(paths, c) for c in candidates):
                continue
            if candidates and any(c in written or read.path in written for c in candidates):
                created.append(Evidence(f"reads {read.path!r}, written by code in the repository", nb.path, cell=read.cell))
                continue
            name = read.path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
            naming = [ev for ev, text in steps if name and name in text]
            if naming:
                created.append(Evidence(f"reads {read.path!r}, fetched by {naming[0].detail} in {naming[0].path}", nb.path, cell=read.cell))
            elif steps and not absolute_path(read.path):
                unverified.append(Evidence(f"reads {read.path!r}: not in the repository; {steps[0][0].detail} in {steps[0][0].path} may create it", nb.path, cell=read.cell))
            else:
                where = "an absolute path outside the repository" if not candidates else "not in the repository, and nothing downloads or creates it"
                missing.append(Evidence(f"reads {scrub(read.path)[:100]!r}: {where}", nb.path, cell=read.cell))
    return reads, missing, created, unverified


@check(
    id="NBK013",
    slug="notebook-data-available",
    dimension=NBK,
    title="The data files notebooks read are in the repository or fetched by a download step",
    remediation="Commit small data files (or samples), or add a download script / DVC stage that creates the files the notebooks read, and name it in the README.",
    effort=Effort.MEDIUM,
    weight=3,
)
@over_notebooks(python_notebooks, "Python notebooks")
def notebook_data_available(facts: RepoFacts, notebooks: list[NotebookFacts]) -> Verdict:
    """Every literal path passed to a data reader (pandas `read_*`, `np.load`, `open`, `joblib.load`,
    `Image.open`, `cv2.imread`, image-folder loaders...) should exist in the repository, resolved from the
    notebook's folder (Jupyter's working directory) or the repository root; or be written by code in the
    repository (`to_csv`, `urlretrieve`...); or be fetched by a download step that names the file (shell
    `!wget`/`!curl`/`!kaggle ... download` cells, download calls such as `hf_hub_download` or `gdown`,
    download scripts, DVC stages and pointers, a Makefile data target). Data gitignored by design passes
    when such a step exists; a download step that does not name the file passes with a lower score.
    URLs and glob patterns are not checked; git's own files are never counted.
    Source: arXiv 2502.04184 (missing input files are among the main fixable reasons notebooks fail),
    Quaranta BP17 and pynblint's data rules (signals.md N14).
    """
    reads, missing, created, unverified = _data_verdicts(facts, notebooks)
    if not reads:
        return not_applicable("notebooks read no data files by a literal path", searched=("read_csv/read_parquet/np.load/open/... with a literal path",))
    if missing:
        return failed(f"{len(missing)} of {reads} data path(s) read by notebooks do not exist and nothing creates them", *capped(missing + unverified), score=share(len(missing), reads))
    if unverified:
        return passed(f"{reads} data path(s) read; {len(unverified)} rely on a download step that does not name them", *capped(unverified + created), score=7)
    return passed(f"all {reads} data path(s) read by notebooks exist or are created by the repository", *capped(created), searched=("literal paths passed to data readers, resolved from the notebook's folder and the root",))


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
