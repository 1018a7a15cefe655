"""Pure helpers for the notebook checks: stripping tools, prologue imports, data paths, seeds, names, copies."""

from __future__ import annotations

import functools
import re
from collections import Counter
from itertools import combinations
from typing import Callable

from checks.support.common import first_evidence
from checks.support.notebook_data import call_tail
from readiness.facts.model import Call, Cell, NotebookFacts, RepoFacts
from readiness.models import Evidence, Verdict, not_applicable

PYTHON_KERNELS = ("python", "python3", "ipython", "ipython3")
NO_NOTEBOOKS = ("*.ipynb anywhere in the tracked tree",)
LIMIT = 8

# ---------------------------------------------------------------- notebooks and cells


def readable(facts: RepoFacts) -> list[NotebookFacts]:
    """Notebooks that could be read (unreadable ones are NBK001's business)."""
    return [nb for nb in facts.notebooks if nb.error is None]


def python_notebooks(facts: RepoFacts) -> list[NotebookFacts]:
    """Readable notebooks with a Python kernel, whose code was analysed."""
    return [nb for nb in readable(facts) if nb.code is not None]


def every(facts: RepoFacts) -> list[NotebookFacts]:
    """Every notebook, readable or not."""
    return list(facts.notebooks)


def written(facts: RepoFacts) -> list[NotebookFacts]:
    """Readable notebooks with at least one non-blank cell."""
    return [nb for nb in readable(facts) if any(c.source.strip() for c in nb.cells)]


def with_cells(facts: RepoFacts) -> list[NotebookFacts]:
    """Readable notebooks with at least one cell."""
    return [nb for nb in readable(facts) if nb.cells]


NotebookCheck = Callable[[RepoFacts, list[NotebookFacts]], Verdict]


def over_notebooks(select: Callable[[RepoFacts], list[NotebookFacts]] = readable, what: str = "notebooks") -> Callable[[NotebookCheck], Callable[[RepoFacts], Verdict]]:
    """The notebook checks' shared preamble: run the check over the notebooks SELECT picks; not applicable when there are none."""

    def wrap(fn: NotebookCheck) -> Callable[[RepoFacts], Verdict]:
        @functools.wraps(fn)
        def run(facts: RepoFacts) -> Verdict:
            notebooks = select(facts)
            return none_verdict(facts, notebooks, what) or fn(facts, notebooks)

        return run

    return wrap


def code_cells(nb: NotebookFacts) -> list[Cell]:
    """Code cells whose source is not blank."""
    return [c for c in nb.cells if c.kind == "code" and c.source.strip()]


def has_outputs(nb: NotebookFacts) -> bool:
    """Whether any code cell kept an output."""
    return any(c.outputs for c in nb.cells if c.kind == "code")


def counts_missing(nb: NotebookFacts) -> bool:
    """Whether every non-empty code cell has a null execution count."""
    return all(c.execution_count is None for c in code_cells(nb))


PY2_MESSAGE = re.compile(r"Missing parentheses in call to '(print|exec)'|multiple exception types must be parenthesized|leading zeros in decimal integer literals")
PY2_SOURCE = (
    ("print statement", re.compile(r"(?m)^\s*print(\s+[^\s(=.,)\]]|\s*>>|\s*$)")),
    ("`except X, e`", re.compile(r"(?m)^\s*except\s+[\w.]+\s*,\s*\w+\s*:")),
    ("`raise E, message`", re.compile(r"(?m)^\s*raise\s+[\w.]+\s*,")),
    ("exec statement", re.compile(r"(?m)^\s*exec\s+['\"\w]")),
    ("`<>` operator", re.compile(r"\w\s*<>\s*\w")),
    ("long integer literal", re.compile(r"(?<![\w.])\d+L\b")),
    ("ur'' string", re.compile(r"(?<![\w])ur['\"]")),
)


def python2_reason(message: str, source: str) -> str | None:
    """Why a cell that does not parse as Python 3 is Python 2 code (print statement, `except X, e`...), or None."""
    match = PY2_MESSAGE.search(message)
    if match:
        return "print statement" if "'print'" in match.group(0) else match.group(0)
    code = re.sub(r"(?m)#.*$", "", source)
    return next((name for name, pattern in PY2_SOURCE if pattern.search(code)), None)


STRIP_HOOK = re.compile(r"(?i)\bnbstripout\b|nbdev[_-]clean|ClearOutputPreprocessor|--clear-output|jupyter-notebook-cleanup")


def stripping_tool(facts: RepoFacts) -> Evidence | None:
    """Where the repository configures a tool that strips notebook outputs or execution counts, if it does."""
    attributes = facts.text(".gitattributes") or ""
    if match := re.search(r"(?m)^.*filter\s*=\s*nbstripout.*$", attributes):
        return Evidence(f"nbstripout git filter: {match.group(0).strip()[:80]}", ".gitattributes")
    for path in sorted(facts.texts):
        name = path.rsplit("/", 1)[-1]
        if name in (".pre-commit-config.yaml", ".pre-commit-config.yml", "pyproject.toml", "setup.cfg", "Makefile", "settings.ini"):
            if match := STRIP_HOOK.search(facts.text(path) or ""):
                return Evidence(f"output-stripping hook ({match.group(0)})", path)
    return None


def stripped(nb: NotebookFacts, tool: Evidence | None) -> bool:
    """Counts were removed on purpose: a stripping tool is configured, or every count is null while outputs remain."""
    if not counts_missing(nb) or not code_cells(nb):
        return False
    return tool is not None or has_outputs(nb)


# ---------------------------------------------------------------- verdict helpers


def none_verdict(facts: RepoFacts, notebooks: list[NotebookFacts] | None = None, what: str = "notebooks") -> Verdict | None:
    """Not applicable when there is nothing to judge."""
    if not facts.notebooks:
        return not_applicable("no notebooks in the repository", searched=NO_NOTEBOOKS)
    if notebooks is not None and not notebooks:
        return not_applicable(f"no readable {what}")
    return None


def share(bad: int, total: int) -> float:
    """A 0-10 score from the share of notebooks without the problem."""
    return round(10 * (1 - bad / total), 1) if total else 0.0


def capped(items: list[Evidence]) -> tuple[Evidence, ...]:
    """Evidence, capped."""
    return first_evidence(items, LIMIT)


def checked(notebooks: list[NotebookFacts]) -> tuple[Evidence, ...]:
    """Evidence for a pass: the notebooks that were looked at, with their size."""
    return capped([Evidence(f"checked: {len(nb.cells)} cells, {len(code_cells(nb))} with code", nb.path) for nb in notebooks])


# ---------------------------------------------------------------- source text helpers

SHELL_OR_MAGIC = re.compile(r"^\s*[!%]")
IMPORT_START = re.compile(r"^(import|from)\s+[\w.]")
INSTALL = re.compile(r"^\s*(?:[!%]\s*)(?:(?:python3?|sys\.executable)\s+-m\s+)?(pip3?|conda|mamba|apt-get|apt|uv\s+pip)\s+install\b(.*)$", re.MULTILINE)


def statement_lines(source: str) -> list[str]:
    """Top-level logical lines of a cell, without comments, blank lines, magics or continuation lines."""
    out: list[str] = []
    depth = 0
    continued = False
    for raw in source.split("\n"):
        line = raw.rstrip()
        stripped_line = line.strip()
        if not stripped_line or stripped_line.startswith("#"):
            continue
        if depth == 0 and not continued and not raw[:1].isspace() and not SHELL_OR_MAGIC.match(line):
            out.append(stripped_line)
        code = re.sub(r"(['\"]).*?\1", "", line.split("#", 1)[0])
        depth = max(0, depth + sum(code.count(c) for c in "([{") - sum(code.count(c) for c in ")]}"))
        continued = line.endswith("\\")
    return out


def only_imports(cell: Cell) -> bool:
    """Whether a code cell holds nothing but imports (and magics or comments)."""
    return all(IMPORT_START.match(line) for line in statement_lines(cell.source))


def prologue(nb: NotebookFacts) -> set[int]:
    """Indices of the opening code cells where imports belong: leading set-up cells up to the first cell that does more than import."""
    allowed: set[int] = set()
    for cell in code_cells(nb):
        allowed.add(cell.index)
        lines = statement_lines(cell.source)
        if lines and not all(IMPORT_START.match(line) for line in lines):
            break
    return allowed


def installs(nb: NotebookFacts) -> list[tuple[int, str, tuple[str, ...]]]:
    """(cell, command, package names) for each install command run from a notebook cell."""
    found = []
    for cell in nb.cells:
        if cell.kind != "code":
            continue
        for match in INSTALL.finditer(cell.source):
            tool, rest = match.group(1), match.group(2)
            packages = tuple(
                re.split(r"[<>=!~\[;@ ]", word, maxsplit=1)[0].lower()
                for word in rest.split()
                if not word.startswith(("-", "$", "{", "'", '"')) and re.match(r"^[A-Za-z0-9]", word)
            )
            found.append((cell.index, f"{tool} install{rest}"[:120].strip(), packages))
    return found


# ---------------------------------------------------------------- absolute paths


# ---------------------------------------------------------------- data paths


# ---------------------------------------------------------------- seeds

GLOBAL_SEEDS = {
    "random.seed": {"python"},
    "numpy.random.seed": {"numpy"},
    "torch.manual_seed": {"torch"},
    "torch.cuda.manual_seed": {"torch"},
    "torch.cuda.manual_seed_all": {"torch"},
    "tensorflow.random.set_seed": {"tensorflow"},
    "tensorflow.set_random_seed": {"tensorflow"},
    "tensorflow.keras.utils.set_random_seed": {"tensorflow", "numpy", "python"},
    "keras.utils.set_random_seed": {"tensorflow", "numpy", "python"},
    "transformers.set_seed": {"python", "numpy", "torch", "tensorflow"},
}
ALL_FAMILIES = {"python", "numpy", "torch", "tensorflow"}
SKLEARN_RANDOM = frozenset(
    {"train_test_split", "RandomForestClassifier", "RandomForestRegressor", "ExtraTreesClassifier", "ExtraTreesRegressor",
     "GradientBoostingClassifier", "GradientBoostingRegressor", "HistGradientBoostingClassifier", "HistGradientBoostingRegressor",
     "DecisionTreeClassifier", "DecisionTreeRegressor", "KMeans", "MiniBatchKMeans", "MLPClassifier", "MLPRegressor",
     "SGDClassifier", "SGDRegressor", "IsolationForest", "TSNE", "RandomizedSearchCV", "ShuffleSplit", "StratifiedShuffleSplit",
     "BaggingClassifier", "BaggingRegressor", "AdaBoostClassifier", "AdaBoostRegressor", "make_classification", "make_regression",
     "make_blobs", "make_moons", "GaussianMixture", "NMF", "LatentDirichletAllocation", "SMOTE", "RandomOverSampler", "RandomUnderSampler"}
)
SHUFFLE_OPTIONAL = frozenset({"KFold", "StratifiedKFold", "DataLoader"})
NUMPY_RANDOM = re.compile(r"^numpy\.random\.(rand|randn|randint|random|random_sample|choice|shuffle|permutation|normal|uniform|binomial|poisson|exponential|beta|gamma|multivariate_normal)$")
PY_RANDOM = re.compile(r"^random\.(random|randint|randrange|choice|choices|shuffle|sample|uniform|gauss)$")
TORCH_RANDOM = re.compile(r"^torch\.(randn|rand|randint|randperm|bernoulli|multinomial|normal|utils\.data\.random_split)$")
TF_RANDOM = re.compile(r"^tensorflow\.random\.(normal|uniform|shuffle|categorical)$")
SEEDED_RNG = re.compile(r"(default_rng|RandomState|random\.Random|Generator)\(\s*[^)\s]")


def seed_families(call: Call) -> set[str]:
    """The random number generators a call seeds (empty if it seeds none)."""
    if call.name in GLOBAL_SEEDS:
        return GLOBAL_SEEDS[call.name]
    tail = call_tail(call)
    if tail in ("seed_everything", "set_seed", "set_random_seed", "seed_all", "fix_seed", "set_seeds"):
        return set(ALL_FAMILIES)
    return set()


def seeded_generator(call: Call, source: str) -> bool:
    """Whether a call builds a random generator from an explicit seed (np.random.default_rng(42))."""
    return call_tail(call) in ("default_rng", "RandomState", "Random", "Generator") and bool(SEEDED_RNG.search(source))


def random_use(call: Call, source: str) -> str | None:
    """The RNG family an unseeded random call draws from, or None when the call is seeded or not random."""
    name = call.name
    tail = call_tail(call)
    if "random_state" in call.keywords or "seed" in call.keywords or "generator" in call.keywords:
        return None
    if name.startswith(("sklearn.", "imblearn.")) and tail in SKLEARN_RANDOM:
        return "numpy"
    if tail in SHUFFLE_OPTIONAL and "shuffle" in call.keywords and (name.startswith(("sklearn.", "torch.")) or tail == "DataLoader"):
        return "torch" if tail == "DataLoader" else "numpy"
    if tail in ("default_rng", "RandomState") and name.startswith("numpy.random."):
        return None if SEEDED_RNG.search(source) else "numpy"
    if NUMPY_RANDOM.match(name):
        return "numpy"
    if PY_RANDOM.match(name):
        return "python"
    if TORCH_RANDOM.match(name):
        return "torch"
    if TF_RANDOM.match(name):
        return "tensorflow"
    if tail == "sample" and not name.startswith("random.") and "." in name and ("frac" in call.keywords or "n" in call.keywords):
        return "numpy"
    return None


# ---------------------------------------------------------------- names

UNTITLED = re.compile(r"(?i)^untitled[-_ ]?\d*$")
COPY_NAME = re.compile(r"(?i)(-copy\d*$|^copy of |^copy_of_| copy\d*$| \(\d+\)$|_copy\d*$)")
PORTABLE = re.compile(r"^[A-Za-z0-9_.-]+$")


def stem(path: str) -> str:
    """A notebook's file name without folder and extension."""
    name = path.rsplit("/", 1)[-1]
    return name[: -len(".ipynb")] if name.lower().endswith(".ipynb") else name


# ---------------------------------------------------------------- copies


def similarity(a: frozenset[int], b: frozenset[int]) -> float:
    """Jaccard similarity of two sets of normalised line hashes."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def near_copies(notebooks: list[NotebookFacts], threshold: float = 0.8, minimum: int = 8) -> list[tuple[NotebookFacts, NotebookFacts, float]]:
    """Pairs of notebooks whose code lines are mostly the same (inverted index, so not every pair is compared)."""
    sets = [(nb, frozenset(nb.code.line_hashes)) for nb in notebooks if nb.code and len(set(nb.code.line_hashes)) >= minimum]
    postings: dict[int, list[int]] = {}
    for position, (_, hashes) in enumerate(sets):
        for value in hashes:
            postings.setdefault(value, []).append(position)
    shared: Counter[tuple[int, int]] = Counter()
    crowded = max(20, len(sets) // 10)
    for members in postings.values():
        if 2 <= len(members) <= crowded:
            shared.update(combinations(members, 2))
    pairs = []
    for (left, right), count in shared.items():
        a, b = sets[left][1], sets[right][1]
        if count / len(a | b) >= threshold * 0.5 and (score := similarity(a, b)) >= threshold:
            pairs.append((sets[left][0], sets[right][0], score))
    return sorted(pairs, key=lambda p: (p[0].path, p[1].path))
