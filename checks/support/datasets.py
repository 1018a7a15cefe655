"""Well-known datasets recognised from more than file names: loaders, columns, Kaggle slugs and names (catalogue in datasets.toml)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from checks.support.code_graph import files_with_suffix, memo, paths_folded
from checks.support.lifecycle import is_doc_path, is_test_path, last_part
from checks.support.prefilter import Sieve, every_match, folded, sieve
from checks.support.unit_text import call_positions, string_values, strings_folded
from readiness.facts.model import CodeFacts, RepoFacts
from readiness.models import Evidence

CATALOGUE = Path(__file__).with_name("datasets.toml")
LEVELS = ("teaching", "public")
FIELDS = frozenset({"name", "level", "toy", "source", "domain", "loaders", "keras", "names", "files", "columns", "min_columns", "kaggle", "words", "envs"})
NAMED_LOADERS = frozenset({"load_dataset", "fetch_openml", "builder"})
LOADER_PREFIXES = ("load_", "fetch_", "make_", "untar_", "search_images")
DATA_READS = frozenset(
    {"read_csv", "read_excel", "read_parquet", "read_json", "read_table", "read_feather", "read_pickle", "loadtxt", "genfromtxt",
     "ImageFolder", "read_fwf", "read_hdf", "image_dataset_from_directory", "load_dataset", "loadmat",
     "flow_from_directory", "flow_from_dataframe"}
)
DATA_FILES = (".csv", ".tsv", ".xlsx", ".xls", ".parquet", ".npz", ".npy", ".mat", ".data")
KAGGLE_TEXT = re.compile(r"kaggle\s+(?:competitions|datasets)\s+download\s+(?:-[cd]\s+|--competition\s+|--dataset\s+)?([\w./-]+)", re.I)
KAGGLE_PATH = re.compile(r"/kaggle/input/([\w.-]+)|kaggle\.com/(?:c|competitions|datasets)/([\w.-]+(?:/[\w.-]+)?)", re.I)
SPACE = re.compile(r"\s")
README_SPAN = 2000
TEST_WORDS = re.compile(r"(?i)\b(tests?|fixtures?|smoke)\b")
KAGGLE_CALLS = frozenset({"competition_download_files", "competition_download_file", "dataset_download_files", "dataset_download", "competition_download"})


@dataclass(frozen=True, slots=True)
class Dataset:
    """One catalogue entry: a well-known dataset, its level, whether it is a canonical toy set, and its signatures."""

    name: str
    level: str
    toy: bool
    source: str
    domain: str = ""
    loaders: frozenset[str] = frozenset()
    keras: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    files: re.Pattern[str] | None = None
    columns: tuple[str, ...] = ()
    min_columns: int = 2
    kaggle: tuple[str, ...] = ()
    words: re.Pattern[str] | None = None
    envs: re.Pattern[str] | None = None


@dataclass(frozen=True, slots=True)
class Sighting:
    """A catalogue dataset seen in a repository, with where and how."""

    dataset: Dataset
    evidence: Evidence


def _entry(raw: dict[str, Any]) -> Dataset:
    """One validated catalogue entry (a bad entry is a bug in the catalogue: it raises ValueError)."""
    unknown = set(raw) - FIELDS
    if unknown or not raw.get("name") or raw.get("level") not in LEVELS or not raw.get("source"):
        raise ValueError(f"datasets.toml: bad entry {raw.get('name')!r} (unknown fields {sorted(unknown)}, level, name and source are required)")
    pattern = lambda key: re.compile(raw[key]) if raw.get(key) else None  # noqa: E731
    return Dataset(
        raw["name"], raw["level"], bool(raw.get("toy", raw["level"] == "teaching")), raw["source"], raw.get("domain", ""),
        frozenset(raw.get("loaders", ())), frozenset(raw.get("keras", ())), frozenset(n.lower() for n in raw.get("names", ())),
        pattern("files"), tuple(raw.get("columns", ())), int(raw.get("min_columns", 2)), tuple(s.lower() for s in raw.get("kaggle", ())),
        pattern("words"), pattern("envs"),
    )


@lru_cache(maxsize=1)
def catalogue() -> tuple[Dataset, ...]:
    """The dataset catalogue, read once."""
    data = tomllib.loads(CATALOGUE.read_text(encoding="utf-8"))
    return tuple(_entry(raw) for raw in data.get("dataset", []))


@lru_cache(maxsize=1)
def _files_sieve() -> Sieve:
    """Which catalogue datasets' file patterns a path may match."""
    return sieve(ds.files for ds in catalogue())


@lru_cache(maxsize=1)
def _words_sieve() -> Sieve:
    """Which catalogue datasets' word patterns a text may match."""
    return sieve(ds.words for ds in catalogue())


def _path_like(text: str) -> bool:
    """Whether a string literal looks like one file path or URL (no spaces or line breaks)."""
    return ("/" in text or "." in text) and len(text) < 250 and not SPACE.search(text)


def _kaggle_slug(text: str) -> str | None:
    """The Kaggle competition or dataset slug a string names, if any."""
    if match := KAGGLE_PATH.search(text) or KAGGLE_TEXT.search(text):
        return next(g for g in match.groups() if g).lower().rstrip("/")
    return None


def by_kaggle(slug: str) -> Dataset | None:
    """The catalogue dataset of a Kaggle slug (a competition name or an owner/dataset path)."""
    for ds in catalogue():
        if any(slug == k or slug.endswith("/" + k) or k.endswith("/" + slug) for k in ds.kaggle):
            return ds
    return None


def _call_hit(ds: Dataset, name: str, args: tuple[str, ...]) -> bool:
    """Whether one call loads dataset DS (a packaged loader, a named generic loader, keras, a Gym env id)."""
    last = last_part(name)
    if last in ds.loaders and ("." in name or last.startswith(LOADER_PREFIXES)):
        return True
    if last == "load_data" and ".datasets." in name and name.rsplit(".", 2)[-2] in ds.keras:
        return True
    if args and (last in NAMED_LOADERS or (last == "load" and name.startswith(("tensorflow_datasets", "tfds")))):
        if args[0].lower() in ds.names:
            return True
    if args and ds.envs is not None and last == "make" and name.split(".", 1)[0] in ("gym", "gymnasium") and ds.envs.match(args[0]):
        return True
    if args and (last in DATA_READS or last == "load") and ds.files is not None and ds.files.search(args[0]):
        return True
    return bool(args and last in KAGGLE_CALLS and (slug := args[0].lower()) and by_kaggle(slug) is ds)


@lru_cache(maxsize=1)
def _hit_lasts() -> frozenset[str]:
    """Every final call name `_call_hit` can accept: a call with another one loads no catalogue dataset."""
    loaders = frozenset(name for ds in catalogue() for name in ds.loaders)
    return loaders | NAMED_LOADERS | DATA_READS | KAGGLE_CALLS | {"load_data", "load", "make"}


@lru_cache(maxsize=1)
def _all_columns() -> frozenset[str]:
    """Every characteristic column of the catalogue."""
    return frozenset(column for ds in catalogue() for column in ds.columns)


@lru_cache(maxsize=1 << 14)  # column names, paths and keys recur across units and repositories
def _literal(text: str) -> tuple[Dataset | None, bool]:
    """The catalogue dataset a literal's Kaggle slug names, and whether it looks like a path some catalogue file pattern may match."""
    slug = _kaggle_slug(text) if "kaggle" in text.lower() else None
    return by_kaggle(slug) if slug else None, _path_like(text) and not _files_sieve().screen.excludes(folded(text))


def unit_sightings(unit: CodeFacts, skip_functions: bool = False) -> dict[str, Sighting]:
    """Catalogue datasets one code unit loads: loader calls, file paths, Kaggle slugs and characteristic columns."""
    found: dict[str, Sighting] = {}
    lasts = _hit_lasts()
    calls = [] if call_positions(unit).keys().isdisjoint(lasts) else [c for c in unit.calls if not (skip_functions and c.function) and last_part(c.name) in lasts]
    # what a literal says does not depend on the dataset: worked out once per literal, in order
    # (only the literals that name a Kaggle dataset or may be a catalogue file can be a sighting)
    literals = []
    kaggle_said = "kaggle" in strings_folded(unit)
    for literal in unit.strings:
        if not kaggle_said and "/" not in literal.value and "." not in literal.value:
            continue  # neither a Kaggle slug nor like a path
        kaggle, path_like = _literal(literal.value) if len(literal.value) < 250 else _literal.__wrapped__(literal.value)
        if kaggle is not None or path_like:
            literals.append((literal, kaggle, path_like))
    if not calls and not literals and string_values(unit).isdisjoint(_all_columns()):
        return found  # (what is left, the columns, needs one of a dataset's columns at least)
    values: frozenset[str] | None = None
    for ds in catalogue():
        for call in calls:
            if _call_hit(ds, call.name, call.args):
                shown = call.name.replace("[]", "") + (f"('{call.args[0][:60]}')" if call.args else "()")
                found.setdefault(ds.name, Sighting(ds, Evidence(f"calls {shown}", unit.path, call.line, call.cell)))
                break
        if ds.name in found:
            continue
        for literal, kaggle, path_like in literals:
            text = literal.value
            if (kaggle is not None and kaggle is ds) or (ds.files is not None and path_like and ds.files.search(text)):
                found.setdefault(ds.name, Sighting(ds, Evidence(f"names '{text[:80]}'", unit.path, literal.line, literal.cell)))
                break
        if ds.name in found or not ds.columns:
            continue
        values = string_values(unit) if values is None else values
        present = [c for c in ds.columns if c in values]
        if len(present) >= ds.min_columns:
            line = next(s for s in unit.strings if s.value == present[0])
            found[ds.name] = Sighting(ds, Evidence(f"columns {', '.join(present[:4])}", unit.path, line.line, line.cell))
    return found


def kaggle_texts(facts: RepoFacts) -> tuple[tuple[str, str, int | None], ...]:
    """(path, text, cell) of the texts outside tests, then of the notebooks' code cells, that mention Kaggle, in that
    order (the only places a Kaggle CLI command can be), found once per repository."""
    def build(f: RepoFacts) -> tuple[tuple[str, str, int | None], ...]:
        sources: list[tuple[str, str, int | None]] = [(p, t.text, None) for p, t in f.texts.items() if "kaggle" in t.text.lower() and not is_test_path(p)]
        sources += [(nb.path, c.source, c.index) for nb in f.notebooks for c in nb.cells if c.kind == "code" and "kaggle" in c.source.lower()]
        return tuple(sources)
    return memo(facts, "kaggle-texts", build)


def _text_sightings(facts: RepoFacts) -> dict[str, Sighting]:
    """Datasets named by Kaggle CLI commands in scripts, workflows, READMEs and notebook shell lines."""
    found: dict[str, Sighting] = {}
    for path, text, cell in kaggle_texts(facts):
        for match in every_match(KAGGLE_TEXT, text):  # (lock files name the kaggle package: long text, few commands)
            ds = by_kaggle(match.group(1).lower().rstrip("/"))
            if ds:
                line = text.count("\n", 0, match.start()) + 1
                found.setdefault(ds.name, Sighting(ds, Evidence(f"downloads Kaggle data: `{match.group(0)[:80]}`", path, None if cell is not None else line, cell)))
    return found


def _word_sources(facts: RepoFacts) -> Iterable[tuple[str, str, str | None, int | None]]:
    """Text that names the project, with what it is, where (path, line): the repository name, file paths, class names
    and the README's start (lines about tests left out)."""
    yield facts.name, f"repository name '{facts.name}'", None, None
    for info in facts.files:
        if not (is_test_path(info.path) or is_doc_path(info.path)):
            yield info.path, "file name", info.path, None
    for module in facts.modules:
        for cls in module.classes:
            yield cls.name, f"class {cls.name}", module.path, cls.line
    if facts.readme:
        start = facts.readme.text[:README_SPAN]
        yield "\n".join("" if TEST_WORDS.search(line) else line for line in start.splitlines()), "README", facts.readme.path, None


def loads_data(facts: RepoFacts, units: list[CodeFacts]) -> bool:
    """Whether the project reads a dataset (a read call) or ships data files."""
    if any(last_part(c.name) in DATA_READS for u in units for c in u.calls):
        return True
    return any(not (is_test_path(f.path) or is_doc_path(f.path)) for f in files_with_suffix(facts, frozenset(DATA_FILES)))


def sightings(facts: RepoFacts, units: list[CodeFacts], others: list[CodeFacts], library: bool = False,
              serves: bool = False) -> tuple[dict[str, Sighting], dict[str, Sighting]]:
    """Catalogue datasets in the project's own code, files and names, and those seen only in tests or documentation;
    the project's names count when it loads data or SERVES a model (what it is named after is what the model takes)."""
    primary: dict[str, Sighting] = {}
    for unit in units:
        for name, hit in unit_sightings(unit, library and not unit.path.endswith(".ipynb")).items():
            primary.setdefault(name, hit)
    for name, hit in _text_sightings(facts).items():
        primary.setdefault(name, hit)
    files_sieve, datasets = _files_sieve(), catalogue()
    files = files_sieve.screen
    for info in () if files.excludes(paths_folded(facts)) else facts.files:  # (no path at all may be a catalogue file)
        if is_test_path(info.path) or is_doc_path(info.path):
            continue
        for index in files_sieve.candidates(folded(info.path)):  # (the datasets whose file pattern's words the path holds)
            ds = datasets[index]
            if ds.files is not None and ds.name not in primary and ds.files.search(info.path):
                primary[ds.name] = Sighting(ds, Evidence("data file", info.path))
    if serves or loads_data(facts, units):
        words_sieve = _words_sieve()
        for text, what, path, at in _word_sources(facts):
            for index in words_sieve.candidates(folded(text)):
                ds = datasets[index]
                if ds.words is not None and ds.name not in primary and (match := ds.words.search(text)):
                    line = text.count("\n", 0, match.start()) + 1 if what == "README" else at
                    primary[ds.name] = Sighting(ds, Evidence(f"{what} names {ds.name} ('{match.group(0)}') and the project loads data", path, line))
    elsewhere: dict[str, Sighting] = {}
    for unit in others:
        for name, hit in unit_sightings(unit).items():
            if name not in primary:
                elsewhere.setdefault(name, hit)
    return primary, elsewhere
