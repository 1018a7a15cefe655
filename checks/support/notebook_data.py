"""What notebooks read from disk and the network: literal data paths, data reads and writes, download steps."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache

from checks.support.unit_text import cells_folded, cells_may_match
from readiness.facts.model import Call, CodeFacts, NotebookFacts, RepoFacts
from readiness.models import Evidence


ABSOLUTE_PATH = re.compile(
    r"^(?:/(?:home|Users|mnt|media|root|Volumes|private|opt/homebrew)/|[A-Za-z]:[\\/]|~[/\\]|/content/drive/|\\\\[\w.-]+\\)"
)
KAGGLE_INPUT = re.compile(r"^/kaggle/(input|working)/")


def absolute_path(value: str) -> bool:
    """A machine-specific absolute path (home folders, drives, mounted Google Drive), not a URL."""
    value = value.strip()
    return "://" not in value and "\n" not in value and bool(ABSOLUTE_PATH.match(value))


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


def call_tail(call: Call) -> str:
    """The last part of a call's dotted name."""
    return call.name.rsplit(".", 1)[-1]


def data_reads(nb: NotebookFacts) -> list[DataRead]:
    """Literal file paths passed to data readers in a notebook's code (URLs and globs left out)."""
    out = []
    for call in nb.code.calls if nb.code else ():
        if not call.args:
            continue
        reader = call_tail(call) in READERS or call.name in LOADERS
        if call.name in ("open", "io.open") and len(call.args) > 1 and re.search(r"[wax]", call.args[1]):
            reader = False
        value = call.args[0].strip()
        if not reader or not value or "://" in value or any(ch in value for ch in "*?{}\n") or value.startswith(("s3:", "gs:", "hf:")):
            continue
        if not DATA_PATH.match(value) and not absolute_path(value):
            continue
        out.append(DataRead(value, call.name, call.cell))
    return out


@lru_cache(maxsize=1 << 14)  # call names recur across modules and repositories
def _downloads(name: str) -> bool:
    """Whether a call of NAME downloads a file."""
    return DOWNLOAD_CALLS.search(name) is not None


def written_paths(units: list[CodeFacts]) -> set[str]:
    """Literal paths that code writes or downloads to (normalised), anywhere in the repository."""
    out: set[str] = set()
    for unit in units:
        for call in unit.calls:
            tail = call_tail(call)
            writes = tail in WRITERS or (call.name in ("open", "io.open") and len(call.args) > 1 and re.search(r"[wax]", call.args[1]))
            if writes or _downloads(call.name):
                out.update(posixpath.normpath(a.strip()) for a in call.args if a.strip() and "://" not in a)
    return out


def download_steps(facts: RepoFacts) -> list[tuple[Evidence, str]]:
    """Download steps in the repository, each with the text (or literals) it mentions."""
    steps: list[tuple[Evidence, str]] = []
    units = [m for m in facts.modules] + [nb.code for nb in facts.notebooks if nb.code]
    for unit in units:
        calls = [c for c in unit.calls if _downloads(c.name)]
        if calls:
            mentioned = " ".join(s.value for s in unit.strings)
            steps.append((Evidence(f"download call {calls[0].name}()", unit.path, None if unit.path.endswith(".ipynb") else calls[0].line, calls[0].cell), mentioned))
    for nb in facts.notebooks:
        if "!" not in cells_folded(nb) or not cells_may_match(nb, SHELL_DOWNLOAD):
            continue  # every match is a shell line (!)
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
