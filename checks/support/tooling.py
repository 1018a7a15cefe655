"""Which libraries a repository's own code imports and trains with, what it declares, and its infrastructure files.

Reported as BRD001 values (JSON objects of name -> [path, line, cell]) so that `readiness match` can answer
"uses PyTorch" from the code itself: an import in the project's own code (tests and docs left out), a training
call in a unit that imports the library, a manifest line, or a file of a known kind.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from checks.support.common import code_units
from checks.support.lifecycle import is_doc_path, is_test_path, last_part
from checks.support.prefilter import Sieve, first_match, folded, sieve
from readiness.facts.model import CodeFacts, RepoFacts
from readiness.models import Evidence

FIT = frozenset({"fit", "fit_generator", "partial_fit", "train_on_batch"})
TRAINERS = re.compile(r"(^|\.)(\w*Trainer)(\(\))?\.(train|fit)$")
# Training signs per library: calls whose final part (or resolved prefix) shows the library trains a model.
TRAIN_SIGNS: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    "torch": (frozenset({"backward"}), ("torch.optim.",)),
    "tensorflow": (FIT, ()),
    "keras": (FIT, ()),
    "sklearn": (FIT, ()),
    "xgboost": (FIT, ("xgboost.train",)),
    "lightgbm": (FIT, ("lightgbm.train",)),
    "catboost": (FIT, ()),
    "statsmodels": (frozenset({"fit"}), ()),
    "prophet": (frozenset({"fit"}), ()),
    "jax": (frozenset({"grad", "value_and_grad"}), ("optax.",)),
    "flax": (frozenset({"apply_gradients"}), ()),
    "fastai": (frozenset({"fit_one_cycle", "fine_tune", "fit"}), ()),
    "sentence_transformers": (frozenset({"fit"}), ()),
    "stable_baselines3": (frozenset({"learn"}), ()),
    "spacy": (frozenset({"update"}), ()),
}
NAMESPACES = frozenset({"google", "azure"})
"""Namespace packages whose second part names the product (google.cloud, azure.ai): kept as two parts."""
PRODUCT_NAMESPACES = frozenset({"google.cloud"})
"""Namespaces whose third part names the product (google.cloud.bigquery is a warehouse, google.cloud.aiplatform is not): three parts."""
TRAINER_LIBS = ("transformers", "pytorch_lightning", "lightning", "trl")
INFRA_FILES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("dockerfile", re.compile(r"(?i)(^|/)(docker|container)file[^/]*$")),
    ("compose", re.compile(r"(?i)(^|/)(docker-)?compose[^/]*\.ya?ml$")),
    ("helm", re.compile(r"(^|/)Chart\.yaml$")),
    ("terraform", re.compile(r"\.tf$")),
    ("dbt", re.compile(r"(^|/)dbt_project\.yml$")),
    ("airflow-dag", re.compile(r"(^|/)dags/[^/]+\.py$")),
    ("sql", re.compile(r"(?i)\.sql$")),
    ("dvc", re.compile(r"(^|/)dvc\.yaml$|\.dvc$")),
    ("mlflow-model", re.compile(r"(^|/)MLmodel$")),
    ("makefile", re.compile(r"(^|/)Makefile$")),
    ("pre-commit", re.compile(r"(^|/)\.pre-commit-config\.ya?ml$")),
    ("notebook", re.compile(r"\.ipynb$")),
)
LANGUAGES = {
    ".py": "python", ".ipynb": "python", ".r": "r", ".scala": "scala", ".java": "java", ".go": "go", ".rs": "rust",
    ".cpp": "cpp", ".cc": "cpp", ".cu": "cuda", ".js": "javascript", ".ts": "typescript", ".jl": "julia", ".sql": "sql", ".sh": "shell",
}
KUBERNETES = re.compile(r"(?m)^apiVersion:\s*\S+\s*$[\s\S]*?^kind:\s*(Deployment|Service|StatefulSet|Job|CronJob|Pod|InferenceService)\b")
CLOUD_TEXT: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cloud-aws", re.compile(r"aws-actions/|provider\s+\"aws\"|amazonaws\.com|\bsam deploy\b|\bsagemaker\b", re.I)),
    ("cloud-gcp", re.compile(r"google-github-actions/|provider\s+\"google\"|gcloud\s+(run|app|functions|builds)\b|\bvertex ai\b", re.I)),
    ("cloud-azure", re.compile(r"\bazure/(login|webapps-deploy|k8s-deploy)|provider\s+\"azurerm\"|\baz (ml|webapp|acr)\b", re.I)),
)
CLOUD_WORDS = {
    "cloud-aws": ("aws-actions/", "provider", "amazonaws.com", "sam deploy", "sagemaker"),
    "cloud-gcp": ("google-github-actions/", "provider", "gcloud", "vertex ai"),
    "cloud-azure": ("azure/", "provider", "az ml", "az webapp", "az acr"),
}
"""Per CLOUD_TEXT pattern, the lower-case text of each of its alternatives that every match of that alternative
contains (a quick test on ASCII text: a 500 KB Kubernetes CRD that says "aws" only in passing is not searched)."""


def _place(ev: Evidence) -> list:
    """An Evidence as [path, line, cell]."""
    return [ev.path, ev.line, ev.cell]


def _own_units(facts: RepoFacts) -> list[CodeFacts]:
    """Code of the project itself: modules and notebooks that are neither tests nor documentation."""
    return [u for u in code_units(facts) if not is_test_path(u.path) and not is_doc_path(u.path)]


def _trains(unit: CodeFacts, root: str) -> Evidence | None:
    """The first call in UNIT that trains a model with ROOT, which UNIT imports."""
    if root in TRAINER_LIBS:
        call = next((c for c in unit.calls if TRAINERS.search(c.name) or last_part(c.name) == "backward"), None)
    elif root in TRAIN_SIGNS:
        lasts, prefixes = TRAIN_SIGNS[root]
        if lasts is FIT and not any(c.name.startswith(root + ".") for c in unit.calls):
            return None  # `.fit` belongs to a library whose estimator the unit builds
        call = next((c for c in unit.calls if last_part(c.name) in lasts or c.name.startswith(prefixes)), None)
    else:
        return None
    return Evidence(f"trains with {root}: {call.name.replace('[]', '')}", unit.path, call.line, call.cell) if call else None


def _import_keys(module: str, names: tuple[str, ...]) -> list[str]:
    """The package names one import stands for: its root, two parts of a namespace, three of a product namespace (one per name imported from it)."""
    parts = module.split(".")
    if parts[0] not in NAMESPACES:
        return [parts[0]]
    if ".".join(parts[:2]) not in PRODUCT_NAMESPACES:
        return [".".join(parts[:2])]
    if len(parts) > 2:
        return [".".join(parts[:3])]
    return [f"{module}.{name}" for name in names if name != "*"] or [module]


def code_tools(facts: RepoFacts) -> tuple[dict[str, Evidence], dict[str, Evidence]]:
    """(first import of each top-level package, first training call per library) in the project's own code; see NAMESPACES."""
    imported: dict[str, Evidence] = {}
    trained: dict[str, Evidence] = {}
    for unit in _own_units(facts):
        roots = []
        for imp in unit.imports:
            if imp.level == 0 and imp.module:
                for key in _import_keys(imp.module, imp.names):
                    if key not in imported:  # (evidence made for a package's first import only)
                        imported[key] = Evidence(f"imports {imp.module}", unit.path, imp.line, imp.cell)
                roots.append(imp.root)
        for root in dict.fromkeys(roots):
            if root not in trained and (ev := _trains(unit, root)):
                trained[root] = ev
    return imported, trained


@lru_cache(maxsize=1)
def _infra_sieve() -> Sieve:
    """The sieve of every infrastructure file pattern."""
    return sieve(pattern for _, pattern in INFRA_FILES)


def infra_files(facts: RepoFacts) -> dict[str, Evidence]:
    """The first file of each infrastructure kind, each language's first file, CI systems and cloud targets."""
    found: dict[str, Evidence] = {}
    infra_sieve = _infra_sieve()
    for info in facts.files:
        for index in infra_sieve.candidates(folded(info.path)):  # (the kinds whose pattern's words the path holds, in order)
            kind, pattern = INFRA_FILES[index]
            if kind not in found and pattern.search(info.path):
                found[kind] = Evidence(kind, info.path)
        if (language := LANGUAGES.get(info.suffix)) and f"lang-{language}" not in found and info.name != "__init__.py":
            found[f"lang-{language}"] = Evidence(f"{language} file", info.path)
    for flow in facts.workflows:
        found.setdefault(f"ci-{flow.system}", Evidence(f"{flow.system} workflow", flow.path))
    texts = [(f.path, f.text) for f in facts.workflows] + [(p, t.text) for p, t in facts.texts.items() if p.endswith((".tf", ".yml", ".yaml")) or "dockerfile" in p.lower()]
    for path, text in texts:
        plain = text.lower()
        if "kubernetes" not in found and path.endswith((".yml", ".yaml")) and "apiVersion:" in text and (hit := first_match(KUBERNETES, text, plain)):
            found["kubernetes"] = Evidence(f"Kubernetes {hit.group(1)}", path, text[: hit.start(1)].count("\n") + 1)
        # outside ASCII, case-insensitive matching is Unicode's; a long text is searched only where a word stands anyway
        lower = plain if text.isascii() and len(text) <= 4096 else None
        for kind, pattern in CLOUD_TEXT:
            if kind in found or (lower is not None and not any(word in lower for word in CLOUD_WORDS[kind])):
                continue  # none of the words every match of the pattern contains
            if hit := first_match(pattern, text, plain):
                found[kind] = Evidence(f"names {hit.group(0)}", path, text[: hit.start()].count("\n") + 1)
    return found


def declared(facts: RepoFacts) -> dict[str, Evidence]:
    """Each dependency declared in a manifest, with where."""
    return {r.name: Evidence(f"declares {r.name}{r.spec if not r.spec.startswith('lock:') else ''}", r.path, r.line) for m in facts.manifests for r in m.requirements}


def encode(places: dict[str, Evidence]) -> str:
    """A name -> Evidence map as a compact JSON object of name -> [path, line, cell], sorted by name."""
    return json.dumps({name: _place(ev) for name, ev in sorted(places.items())}, separators=(",", ":"))


def tool_values(facts: RepoFacts) -> tuple[tuple[str, str], ...]:
    """BRD001's tool values: imports, trains_with, declared and infra (see the module docstring)."""
    imported, trained = code_tools(facts)
    return (("imports", encode(imported)), ("trains_with", encode(trained)), ("declared", encode(declared(facts))), ("infra", encode(infra_files(facts))))
