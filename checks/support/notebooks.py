"""Pure helpers for the notebook checks: stripping tools, prologue imports, data paths, seeds, names, copies."""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass
from typing import Callable

from checks.support.common import first_evidence
from readiness.facts.model import Call, Cell, CodeFacts, NotebookFacts, RepoFacts
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

ABSOLUTE_PATH = re.compile(
    r"^(?:/(?:home|Users|mnt|media|root|Volumes|private|opt/homebrew)/|[A-Za-z]:[\\/]|~[/\\]|/content/drive/|\\\\[\w.-]+\\)"
)
KAGGLE_INPUT = re.compile(r"^/kaggle/(input|working)/")


def absolute_path(value: str) -> bool:
    """A machine-specific absolute path (home folders, drives, mounted Google Drive), not a URL."""
    value = value.strip()
    return "://" not in value and "\n" not in value and bool(ABSOLUTE_PATH.match(value))


# ---------------------------------------------------------------- data paths

READERS = frozenset(
    {"read_csv", "read_table", "read_parquet", "read_excel", "read_json", "read_feather", "read_pickle", "read_hdf",
     "read_orc", "read_sas", "read_stata", "read_spss", "read_fwf", "loadtxt", "genfromtxt", "imread",
     "load_img", "image_dataset_from_directory", "text_dataset_from_directory", "flow_from_directory", "ImageFolder"}
)
LOADERS = frozenset({"numpy.load", "joblib.load", "torch.load", "PIL.Image.open", "open", "io.open", "pathlib.Path.read_text"})
WRITERS = frozenset(
    {"to_csv", "to_parquet", "to_pickle", "to_feather", "to_excel", "to_json", "to_hdf", "savetxt", "save", "savez",
     "savez_compressed", "imwrite", "savefig", "urlretrieve", "download", "download_file", "get_file", "extractall"}
)
DOWNLOAD_CALLS = re.compile(
    r"(^|\.)(urlretrieve|hf_hub_download|snapshot_download|get_file|download_url|download_and_extract_archive|"
    r"dataset_download_files|competition_download_files|download_file)$|^gdown\.|^opendatasets\.download$|^kagglehub\.|^requests\.get$|^httpx\.get$|^wget\.download$"
)
SHELL_DOWNLOAD = re.compile(r"(?m)^\s*!\s*(wget|curl|kaggle\s+(competitions|datasets)\s+download|gdown|git\s+clone|dvc\s+pull|aws\s+s3\s+(cp|sync)|gsutil\s+(-m\s+)?cp|unzip|tar)\b")
SCRIPT_NAME = re.compile(r"(?i)(^|/)(download|fetch|get)[_-]?(data|dataset)?\w*\.(py|sh)$|(^|/)make_dataset\.py$")
DATA_PATH = re.compile(r"^[\w./\\ -]+\.[A-Za-z0-9]{1,8}$|^[\w.-]+(/[\w.-]+)*/?$")


@dataclass(frozen=True, slots=True)
class DataRead:
    """A literal path that notebook code reads data from."""

    path: str
    call: str
    cell: int | None


def _call_tail(call: Call) -> str:
    """The last part of a call's dotted name."""
    return call.name.rsplit(".", 1)[-1]


def data_reads(nb: NotebookFacts) -> list[DataRead]:
    """Literal file paths passed to data readers in a notebook's code (URLs and globs left out)."""
    out = []
    for call in nb.code.calls if nb.code else ():
        if not call.args:
            continue
        reader = _call_tail(call) in READERS or call.name in LOADERS
        if call.name in ("open", "io.open") and len(call.args) > 1 and re.search(r"[wax]", call.args[1]):
            reader = False
        value = call.args[0].strip()
        if not reader or not value or "://" in value or any(ch in value for ch in "*?{}\n") or value.startswith(("s3:", "gs:", "hf:")):
            continue
        if not DATA_PATH.match(value) and not absolute_path(value):
            continue
        out.append(DataRead(value, call.name, call.cell))
    return out


def written_paths(units: list[CodeFacts]) -> set[str]:
    """Literal paths that code writes or downloads to (normalised), anywhere in the repository."""
    out: set[str] = set()
    for unit in units:
        for call in unit.calls:
            tail = _call_tail(call)
            writes = tail in WRITERS or (call.name in ("open", "io.open") and len(call.args) > 1 and re.search(r"[wax]", call.args[1]))
            if writes or DOWNLOAD_CALLS.search(call.name):
                out.update(posixpath.normpath(a.strip()) for a in call.args if a.strip() and "://" not in a)
    return out


def download_steps(facts: RepoFacts) -> list[tuple[Evidence, str]]:
    """Download steps in the repository, each with the text (or literals) it mentions."""
    steps: list[tuple[Evidence, str]] = []
    units = [m for m in facts.modules] + [nb.code for nb in facts.notebooks if nb.code]
    for unit in units:
        calls = [c for c in unit.calls if DOWNLOAD_CALLS.search(c.name)]
        if calls:
            mentioned = " ".join(s.value for s in unit.strings)
            steps.append((Evidence(f"download call {calls[0].name}()", unit.path, None if unit.path.endswith(".ipynb") else calls[0].line, calls[0].cell), mentioned))
    for nb in facts.notebooks:
        for cell in nb.cells:
            if cell.kind == "code" and (match := SHELL_DOWNLOAD.search(cell.source)):
                steps.append((Evidence(f"shell download: {match.group(0).strip()[:60]}", nb.path, cell=cell.index), cell.source))
    for path, kept in facts.texts.items():
        name = path.rsplit("/", 1)[-1]
        if name == "dvc.yaml" or path.endswith(".dvc") or (name == "Makefile" and re.search(r"(?m)^data\w*\s*:", kept.text)):
            steps.append((Evidence("data pipeline step", path), kept.text))
        elif path.endswith(".sh") and re.search(r"\b(wget|curl|kaggle|gdown|aws s3|gsutil)\b", kept.text):
            steps.append((Evidence("download script", path), kept.text))
    for info in facts.files:
        if SCRIPT_NAME.search(info.path) and not any(e.path == info.path for e, _ in steps):
            module = next((m for m in facts.modules if m.path == info.path), None)
            steps.append((Evidence("download script", info.path), " ".join(s.value for s in module.strings) if module else ""))
    return steps


def resolve(nb_path: str, value: str) -> list[str]:
    """Candidate repository paths for a relative path read by a notebook (its own folder first, then the root)."""
    value = value.replace("\\", "/")
    if value.startswith(("/", "~")) or re.match(r"^[A-Za-z]:", value):
        return []
    folder = posixpath.dirname(nb_path)
    out = []
    for base in (folder, ""):
        joined = posixpath.normpath(posixpath.join(base, value))
        if not joined.startswith("..") and joined != "." and joined not in out:
            out.append(joined)
    return out


def exists(paths: frozenset[str], candidate: str) -> bool:
    """Whether CANDIDATE is a tracked file or a folder holding tracked files."""
    if candidate in paths:
        return True
    prefix = candidate.rstrip("/") + "/"
    return any(p.startswith(prefix) for p in paths)


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
    tail = _call_tail(call)
    if tail in ("seed_everything", "set_seed", "set_random_seed", "seed_all", "fix_seed", "set_seeds"):
        return set(ALL_FAMILIES)
    return set()


def seeded_generator(call: Call, source: str) -> bool:
    """Whether a call builds a random generator from an explicit seed (np.random.default_rng(42))."""
    return _call_tail(call) in ("default_rng", "RandomState", "Random", "Generator") and bool(SEEDED_RNG.search(source))


def random_use(call: Call, source: str) -> str | None:
    """The RNG family an unseeded random call draws from, or None when the call is seeded or not random."""
    name = call.name
    tail = _call_tail(call)
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
    shared: dict[tuple[int, int], int] = {}
    crowded = max(20, len(sets) // 10)
    for members in postings.values():
        if len(members) < 2 or len(members) > crowded:
            continue
        for i, left in enumerate(members):
            for right in members[i + 1 :]:
                shared[(left, right)] = shared.get((left, right), 0) + 1
    pairs = []
    for (left, right), count in shared.items():
        a, b = sets[left][1], sets[right][1]
        if count / len(a | b) >= threshold * 0.5 and (score := similarity(a, b)) >= threshold:
            pairs.append((sets[left][0], sets[right][0], score))
    return sorted(pairs, key=lambda p: (p[0].path, p[1].path))
