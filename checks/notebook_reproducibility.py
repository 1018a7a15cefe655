"""Notebook reproducibility and hygiene checks (NBK010-NBK018): dependencies, installs, seeds, data, outputs, copies.

Registered by importing `checks.notebooks`; see that module for how the checks map to pynblint and Julynter.
"""

from __future__ import annotations

import re

from checks.support.code_graph import repo_paths
from checks.support.common import ALWAYS_AVAILABLE, declared_distributions, distribution_for, is_declared, local_roots, stdlib
from checks.support.notebook_data import absolute_path, data_reads, download_steps, exists, resolve, written_paths
from checks.support.notebooks import (
    capped,
    installs,
    over_notebooks,
    python_notebooks,
    random_use,
    readable,
    seed_families,
    seeded_generator,
    share,
)
from checks.support.registry import check
from readiness.facts.model import NotebookFacts, RepoFacts
from readiness.facts.secrets import scrub
from readiness.models import Dimension, Effort, Evidence, Verdict, cell_label, failed, not_applicable, passed

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
                weak.setdefault(root, []).append(Evidence(f"imports {root}: declared only by a pip install in {cell_label(installed[0])} (weak: no dependency file lists it)", nb.path, cell=imp.cell))
            else:
                later = [cell for cell, pkgs in pip if is_declared(root, frozenset(pkgs))]
                note = f"; installed only later, in {cell_label(later[0])}" if later else ""
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
    paths = repo_paths(facts)
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
