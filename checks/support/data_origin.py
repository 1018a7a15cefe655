"""Whose data a repository works on: teaching or toy, a public benchmark or competition, collected by the candidate, or none (pure)."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from checks.support.code_graph import memo
from checks.support.common import code_units
from checks.support.datasets import DATA_READS, KAGGLE_CALLS, KAGGLE_PATH, KAGGLE_TEXT, Sighting, kaggle_texts, loads_data, sightings
from checks.support.library import library_evidence, package_units
from checks.support.lifecycle import API_CLIENTS, HTTP_CALLS, is_doc_path, is_test_path, last_part, primary_units
from checks.support.prefilter import first_match
from checks.support.serving_evidence import own_apps
from checks.support.unit_text import call_positions, first_import, first_string, strings_folded
from readiness.facts.model import CodeFacts, RepoFacts
from readiness.models import Evidence

ORIGINS = ("teaching", "public", "collected", "none")
SCRAPERS = ("scrapy", "selenium", "playwright", "mechanicalsoup", "requests_html")
INGESTION = ("dlt", "airbyte", "singer_sdk", "meltano", "sodapy")
LABELLING = ("label_studio_sdk", "labelme", "labelbox", "cvat_sdk", "doccano_client", "argilla", "labelImg")
LABELLING_TEXT = re.compile(r"(?i)(annotation[_-]?batch|to[_-]annotate|hand[_-]?label|manual(ly)?[_-]label|label[_-]?studio)")
STORE = frozenset(
    {"to_csv", "to_parquet", "to_sql", "to_json", "to_feather", "insert_one", "insert_many", "executemany", "send", "produce",
     "put_object", "upload_file", "write_table", "write_deltalake", "dump", "json_normalize", "DataFrame", "from_records", "run",
     "update_one", "update_many", "replace_one", "bulk_write", "upsert", "merge"}
)
APPS = ("fastapi", "flask", "streamlit", "gradio", "dash", "starlette", "django")
SYNTHETIC = ("faker", "mimesis")
PUBLIC_LOADERS = {"fetch_openml": "OpenML", "fetch_ucirepo": "the UCI repository", "dataset_download": "Kaggle (kagglehub)",
                  "competition_download": "Kaggle (kagglehub)", "load_dataset": "the Hugging Face Hub", "download": "a dataset hub",
                  "COCO": "the COCO benchmark (pycocotools)"}
PUBLIC_LASTS = frozenset(PUBLIC_LOADERS) | KAGGLE_CALLS | DATA_READS | {"urlretrieve", "download", "get"}
"""The final call names `public_evidence` looks at (a unit calling none of them is passed over)."""
LOCAL_BUILDERS = frozenset({"csv", "json", "parquet", "text", "imagefolder", "audiofolder", "pandas", "arrow"})
DATA_URL = re.compile(r"^https?://\S+\.(csv|tsv|zip|gz|tgz|tar|xlsx?|parquet|data|arff)(\?\S*)?$", re.I)
PROVENANCE = re.compile(
    r"(?i)\b(i (collected|scraped|gathered|recorded|exported|logged)|collected (from|by|via|with)|scraped from|anonymi[sz]ed|"
    r"from (a|an|the|our|my) [\w,' -]{0,40}?\b(export|api|survey|database|logs?)\b)"
)
PUBLIC_WORDS = re.compile(r"(?i)kaggle|uci|openml|hugging ?face|benchmark")


@dataclass(frozen=True, slots=True)
class Origin:
    """Whose data the project works on, with the evidence for each level and the well-known datasets seen."""

    level: str
    reasons: tuple[Evidence, ...]
    datasets: tuple[Sighting, ...]
    only_in_tests: tuple[Sighting, ...]
    collected: tuple[Evidence, ...]
    public: tuple[Evidence, ...]
    claimed: Evidence | None
    reads: bool

    @property
    def toy(self) -> list[str]:
        """Canonical beginner datasets among those the project uses (the `toy` label)."""
        return sorted({s.dataset.name for s in self.datasets if s.dataset.toy})


def _imports(unit: CodeFacts, names: tuple[str, ...]) -> Evidence | None:
    """The first import of one of NAMES (a module or a package under it) in UNIT."""
    if imp := first_import(unit, names):
        return Evidence(f"imports {imp.module}", unit.path, imp.line, imp.cell)
    return None


def _called(unit: CodeFacts, roots: tuple[str, ...]) -> Evidence | None:
    """The first call into one of the packages ROOTS in UNIT."""
    for call in unit.calls:
        if call.name.split(".", 1)[0] in roots:
            return Evidence(f"calls {call.name.replace('[]', '')}", unit.path, call.line, call.cell)
    return None


def _api_pull(unit: CodeFacts) -> Evidence | None:
    """An HTTP request whose JSON answer the same module stores (a file, a table, a queue or a data frame)."""
    if not unit.import_roots.isdisjoint(APPS):
        return None
    fetch = next((c for c in unit.calls if c.name.startswith(HTTP_CALLS) and not c.name.endswith(("urlretrieve", "download"))), None)
    if fetch is None:
        return None
    if fetch.args and DATA_URL.match(fetch.args[0]):
        return None
    consumes = any(last_part(c.name) == "json" and not c.name.startswith("json.") for c in unit.calls)
    store = next((c for c in unit.calls if last_part(c.name) in STORE), None)
    if consumes and store is not None:
        return Evidence(f"pulls data from an API with {fetch.name}() and stores it with {last_part(store.name)}()", unit.path, fetch.line, fetch.cell)
    return None


def collected_evidence(units: list[CodeFacts], facts: RepoFacts) -> list[Evidence]:
    """Code that collects or assembles data: API clients, scrapers, ingestion frameworks, API pulls that are stored, hand labelling."""
    out: list[Evidence] = []
    for unit in units:
        if (ev := _imports(unit, API_CLIENTS)) and _called(unit, tuple(a.split(".")[0] for a in API_CLIENTS)):
            out.append(Evidence(f"pulls data with an API client ({ev.detail})", ev.path, ev.line, ev.cell))
        if ev := _imports(unit, SCRAPERS):
            out.append(Evidence(f"scrapes ({ev.detail})", ev.path, ev.line, ev.cell))
        elif (ev := _imports(unit, ("bs4", "lxml.html"))) and any(c.name.startswith(HTTP_CALLS) for c in unit.calls):
            out.append(Evidence(f"scrapes web pages ({ev.detail} with an HTTP fetch)", ev.path, ev.line, ev.cell))
        if ev := _imports(unit, INGESTION):
            out.append(Evidence(f"ingests from sources with {ev.detail.removeprefix('imports ')}", ev.path, ev.line, ev.cell))
        if ev := _api_pull(unit):
            out.append(ev)
        if ev := _imports(unit, LABELLING):
            out.append(Evidence(f"labels data by hand ({ev.detail})", ev.path, ev.line, ev.cell))
        elif hit := first_string(unit, LABELLING_TEXT):
            out.append(Evidence(f"labels data by hand ('{hit.value[:60]}')", unit.path, hit.line, hit.cell))
    return out


def public_evidence(units: list[CodeFacts], facts: RepoFacts) -> list[Evidence]:
    """Loads of data everyone has: dataset hubs, packaged loaders, Kaggle downloads and kernels, published data files."""
    out: list[Evidence] = []
    for unit in units:
        for call in () if call_positions(unit).keys().isdisjoint(PUBLIC_LASTS) else unit.calls:
            last = last_part(call.name)
            hub = PUBLIC_LOADERS.get(last) if last != "download" or call.name.startswith("opendatasets") else None
            if hub and not (last == "load_dataset" and (not call.args or call.args[0].lower() in LOCAL_BUILDERS or "seaborn" in call.name)):
                out.append(Evidence(f"loads data from {hub}: {call.name}()", unit.path, call.line, call.cell))
            elif last in KAGGLE_CALLS or (call.args and DATA_URL.match(call.args[0]) and (last in ("urlretrieve", "download", "get") or last in DATA_READS)):
                out.append(Evidence(f"downloads a published data file: {call.name}('{call.args[0][:60] if call.args else ''}')", unit.path, call.line, call.cell))
        if "kaggle" in strings_folded(unit) and (hit := next((s for s in unit.strings if "kaggle" in s.value.lower() and KAGGLE_PATH.search(s.value)), None)):  # (every match says kaggle)
            out.append(Evidence(f"reads Kaggle data ('{hit.value[:60]}')", unit.path, hit.line, hit.cell))
    for path, text, _ in kaggle_texts(facts):
        if match := first_match(KAGGLE_TEXT, text):
            out.append(Evidence(f"downloads Kaggle data: `{match.group(0)[:80]}`", path, text.count("\n", 0, match.start()) + 1))
    return out


def _claim(facts: RepoFacts) -> Evidence | None:
    """A README sentence saying where the candidate's own data came from (claimed, not observed); not when a public
    source (Kaggle, UCI, a benchmark) is named around it: then the words describe someone else's dataset."""
    readme = facts.readme
    if readme and (match := PROVENANCE.search(readme.text)) and not PUBLIC_WORDS.search(readme.text, max(0, match.start() - 300), match.end() + 300):
        line = readme.text[: match.start()].count("\n") + 1
        return Evidence(f"README documents the data's origin: '{match.group(0)}' (claimed, not shown in code)", readme.path, line)
    return None


def _units(facts: RepoFacts, library: bool) -> tuple[list[CodeFacts], list[CodeFacts]]:
    """The project's own code units, and the units that only show it off; in a library, only its package's code that
    runs (module level), not the API it offers, while examples, benchmarks and notebooks around the package
    demonstrate it on data the user would bring (like tests and docs)."""
    units = primary_units(facts)
    if not library:
        return units, []
    inside, around = package_units(facts, units)
    return [dataclasses.replace(u, calls=tuple(c for c in u.calls if c.function is None)) for u in inside], around


def _served_model(facts: RepoFacts) -> Evidence | None:
    """A service or demo app of the repository's own that loads a model (the model is the data product it shows)."""
    services, demos = own_apps(facts)
    for service in (*services, *demos):
        if service.loaders:
            return service.loaders[0]
    return None


def _analyse(facts: RepoFacts) -> Origin:
    """Compute the data origin of one repository."""
    library = bool(library_evidence(facts))
    units, around = _units(facts, library)
    others = [u for u in code_units(facts) if is_test_path(u.path) or is_doc_path(u.path)] + around
    served = _served_model(facts) if not library else None
    seen, elsewhere = sightings(facts, units, others, library, served is not None)
    collected = collected_evidence(units, facts)
    public = public_evidence(units, facts)
    reads = loads_data(facts, units) if not library else any(last_part(c.name) in DATA_READS for u in units for c in u.calls)
    teaching = [s for s in seen.values() if s.dataset.level == "teaching"]
    known_public = [s for s in seen.values() if s.dataset.level == "public"]
    claimed = _claim(facts) if not seen else None
    synthetic = [ev for u in units if (ev := _imports(u, SYNTHETIC))]
    if collected:
        level, reasons = "collected", collected[:3]
    elif teaching:
        level, reasons = "teaching", [Evidence(f"{s.dataset.name}: {s.evidence.detail}", s.evidence.path, s.evidence.line, s.evidence.cell) for s in teaching[:3]]
    elif known_public or public:
        level = "public"
        reasons = [Evidence(f"{s.dataset.name}: {s.evidence.detail}", s.evidence.path, s.evidence.line, s.evidence.cell) for s in known_public[:2]] + public[:2]
    elif claimed:
        level, reasons = "collected", [claimed]
    elif reads:
        level, reasons = "public", [Evidence("loads a prepared dataset; no collection, scraping, API pull or labelling code")]
    elif served is not None and (fed := [s for s in elsewhere.values() if s.dataset.level == "teaching"]):
        # the app loads a model trained elsewhere and its tests or docs feed it a teaching set: that is what it serves
        level, seen = "teaching", {s.dataset.name: s for s in fed}
        elsewhere = {k: v for k, v in elsewhere.items() if k not in seen}
        reasons = [Evidence(f"serves a model ({served.detail}) that its tests or docs feed {s.dataset.name}: {s.evidence.detail}",
                            s.evidence.path, s.evidence.line, s.evidence.cell) for s in fed[:2]]
    else:
        level = "none"
        reasons = [Evidence(f"synthetic data only ({synthetic[0].detail})", synthetic[0].path, synthetic[0].line)] if synthetic else []
    return Origin(level, tuple(reasons), tuple(seen.values()), tuple(elsewhere.values()), tuple(collected), tuple(public), claimed, reads)


def data_origin(facts: RepoFacts) -> Origin:
    """The data origin of FACTS, computed once per repository."""
    return memo(facts, "data-origin", _analyse)
