"""Model artifacts: the files services load, download steps, hub models, exports and saves, model cards."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from checks.support.code_graph import paths_folded, repo_paths, sorted_paths
from checks.support.common import outline
from checks.support.packaging_evidence import SPACE_FRONT, Package
from checks.support.prefilter import folded, screen, search
from checks.support.serving_evidence import Service, path_exists
from readiness.facts.docker import is_dockerfile
from readiness.facts.ignore import MODEL_SUFFIXES, literal_paths, model_literals
from readiness.facts.model import CodeFacts, RepoFacts
from readiness.models import Evidence


DOWNLOAD_CALL = re.compile(r"(^|\.)(hf_hub_download|snapshot_download|urlretrieve|download_file|download_fileobj|download)$|(^|\.)\w*download\w*$", re.I)
DOWNLOAD_TEXT = re.compile(
    r"\b((wget|curl)\b.*(model|weights|checkpoint|releases/download|\.pkl|\.joblib|\.pt\b|\.onnx|\.h5|\.safetensors)|gdown|dvc\s+pull|"
    r"aws\s+s3\s+(cp|sync)|gsutil\s+cp|huggingface-cli\s+download|hf\s+download|git\s+lfs\s+pull|"
    r"python3?\s+(-m\s+)?(?!nltk\.)[\w./-]*(download|fetch|train)\w*(\.py)?)\b",
    re.I,
)
MODEL_WORDS = re.compile(r"(?i)(^|[/_.-])(models?|weights|checkpoints?|ckpt)([/_.-]|$)|releases/download")
MODEL_DIR = re.compile(r"(^|/)(models?|artifacts?|weights|checkpoints?|saved_models?)/?$", re.I)
EXPORT_STRONG = (
    ("torch.onnx.export", "ONNX export"), ("torch.export.export", "torch.export"), ("tf2onnx.convert", "ONNX export"),
    ("skl2onnx.convert_sklearn", "ONNX export"), ("skl2onnx.to_onnx", "ONNX export"), ("onnxmltools.convert", "ONNX export"), ("torch.jit.trace", "TorchScript"),
    ("torch.jit.script", "TorchScript"), ("torch.jit.save", "TorchScript"), ("tensorflow.saved_model.save", "SavedModel"),
    ("tensorflow.lite.TFLiteConverter", "TensorFlow Lite"), ("coremltools.convert", "Core ML"), ("mlflow.register_model", "MLflow registry"),
)
EXPORT_STRONG_LAST = (("log_model", "MLflow model"), ("save_pretrained", "save_pretrained"), ("push_to_hub", "pushed to the Hugging Face Hub"), ("register_model", "model registry"))
EXPORT_PREFIXES = tuple(prefix for prefix, _ in EXPORT_STRONG)
EXPORT_LAST_LABELS = dict(reversed(EXPORT_STRONG_LAST))
SAVE_EXACT = ("joblib.dump", "pickle.dump", "torch.save", "cloudpickle.dump", "skops.io.dump")
SAVE_MODEL = re.compile(r"(^|\.)(save_model|(model|clf|estimator|pipeline|pipe|net|learner|regressor|classifier|booster)\w*\.save)$", re.I)
TRAIN_LAST = frozenset({"fit", "fit_generator", "partial_fit", "train", "backward", "train_model"})
MODEL_CARD = re.compile(r"(?i)(^|/)(model[_-]?card|modelcard)(\.md|\.rst|\.txt)?$")
CARD_FRONT_MATTER = re.compile(r"(?m)^(model-index|pipeline_tag|library_name|base_model):")


@dataclass(frozen=True, slots=True)
class Artifact:
    """A model file a deploy needs: where it is referenced and whether it is committed or ignored."""

    name: str
    where: Evidence
    present: bool
    ignored: bool | None


def find_artifacts(facts: RepoFacts, services: tuple[Service, ...], packages: tuple[Package, ...]) -> list[Artifact]:
    """Model files the services and demos name in code, and model folders Dockerfiles copy, with their state."""
    units = {u.path: u for u in facts.modules}
    out: list[Artifact] = []
    seen: set[str] = set()
    for service in services:
        for path in service.modules:
            unit = units.get(path)
            if unit is None:
                continue
            for literal, line in model_literals(unit):
                if literal in seen:
                    continue
                seen.add(literal)
                options = literal_paths(literal, unit.path)
                present = any(path_exists(facts, o) for o in options) or any(p.endswith("/" + literal.lstrip("./")) for p in repo_paths(facts))
                asked = [facts.ignored[o] for o in options if o in facts.ignored]
                out.append(Artifact(literal, Evidence(f"names {literal}", unit.path, line), present, any(asked) if asked else None))
    for package in packages:
        for ev in package.missing:
            source = ev.detail.split(" ", 1)[-1].split(":", 1)[0]
            if package.kind == "Dockerfile" and (source.lower().endswith(MODEL_SUFFIXES) or MODEL_DIR.search(source)) and source not in seen:
                seen.add(source)
                cleaned = source.removeprefix("./").lstrip("/")
                out.append(Artifact(source, ev, False, facts.ignored.get(cleaned, facts.ignored.get(cleaned.rstrip("/")))))
    return out


def _names_model(text: str) -> bool:
    """Whether a call argument or string names a model file or folder (a download of it fetches a model)."""
    return text.lower().endswith(MODEL_SUFFIXES) or bool(MODEL_WORDS.search(text))


@lru_cache(maxsize=1 << 14)  # call names recur across modules and repositories
def _download_call(name: str) -> bool:
    """Whether a call of NAME downloads something (an HTTP client's own get or parse is not a download step)."""
    return bool(search(DOWNLOAD_CALL, name, folded(name))) and not name.startswith(("requests.", "urllib.parse"))


def find_downloads(facts: RepoFacts, units: tuple[CodeFacts, ...], runtime: frozenset[str] = frozenset()) -> list[Evidence]:
    """Steps that fetch or build a model at deploy time: download calls in the app's code or naming a model
    (a dataset download in a training pipeline is not one), or shell/CI/Docker commands."""
    out = []
    for unit in units:
        strings_name_model: bool | None = None  # whether the unit's own strings name a model: worked out once, when needed
        for call in unit.calls:
            if not _download_call(call.name):
                continue
            # a hub download, the running app's own code, or a download naming a model or weights (in its arguments or the module)
            fetches_model = call.name.endswith(("hf_hub_download", "snapshot_download")) or unit.path in runtime or any(_names_model(a) for a in call.args)
            if not fetches_model and strings_name_model is None:
                strings_name_model = any(_names_model(s.value) for s in unit.strings if len(s.value) < 300)
            if fetches_model or strings_name_model:
                out.append(Evidence(f"fetches with {call.name}()", unit.path, call.line))
    for path, kept in facts.texts.items():
        name = path.rsplit("/", 1)[-1].lower()
        if not (is_dockerfile(path) or name in ("procfile", "makefile") or path.endswith(".sh") or path.startswith(".github/workflows/")):
            continue
        if screen(DOWNLOAD_TEXT).excludes(folded(kept.text)):
            continue  # no line holds a word every match contains
        for number, line in enumerate(kept.text.splitlines(), start=1):
            stripped = line.strip()
            if stripped.startswith("#"):
                continue
            if match := DOWNLOAD_TEXT.search(stripped):
                out.append(Evidence(f"fetches or builds at deploy time: `{match.group(0)}`", path, number))
    out += [Evidence("DVC pointer file", p) for p in sorted_paths(facts) if p.endswith(".dvc")][:3]
    return out


def find_hub_models(services: tuple[Service, ...]) -> list[Evidence]:
    """Loaders that fetch a named model from a hub (from_pretrained, SentenceTransformer, pipeline)."""
    out = []
    for service in services:
        for ev in service.loaders:
            if re.search(r"from_pretrained|SentenceTransformer|transformers\.pipeline|hf_hub|spacy\.load|YOLO", ev.detail):
                out.append(ev)
    return out


def find_exports(units: list[CodeFacts]) -> tuple[list[Evidence], list[Evidence], list[Evidence]]:
    """(exports, saves, trains): export/registry calls, plain serialisation, and training calls."""
    exports, saves, trains = [], [], []
    for unit in units:
        for call in unit.calls:
            kind, label = _call_kind(call.name)
            if kind == "export":
                exports.append(Evidence(f"{label}: {call.name}()", unit.path, call.line, call.cell))
            elif kind == "save":
                saves.append(Evidence(f"saves a trained artifact: {call.name}()", unit.path, call.line, call.cell))
            elif kind == "train":
                trains.append(Evidence(f"trains: {call.name}()", unit.path, call.line, call.cell))
    return exports, saves, trains


@lru_cache(maxsize=1 << 14)  # call names recur across modules and repositories
def _call_kind(name: str) -> tuple[str, str]:
    """('export', label), ('save', ''), ('train', '') or ('', '') for a call of NAME."""
    last = name.rsplit(".", 1)[-1]
    label = next((lab for prefix, lab in EXPORT_STRONG if name.startswith(prefix)), None) if name.startswith(EXPORT_PREFIXES) else None
    label = label or (EXPORT_LAST_LABELS.get(last) if "." in name else None)
    if label:
        return "export", label
    if name in SAVE_EXACT or SAVE_MODEL.search(name):
        return "save", ""
    if last in TRAIN_LAST and "." in name:
        return "train", ""
    return "", ""


def model_cards(facts: RepoFacts) -> list[Evidence]:
    """Model cards: a MODEL_CARD file, model-card front matter in the README, or a model-card heading."""
    out = [] if screen(MODEL_CARD).excludes(paths_folded(facts)) else [Evidence("model card", f.path) for f in facts.files if MODEL_CARD.search(f.path)]
    if facts.readme:
        text = facts.readme.text
        front = SPACE_FRONT.match(text)
        if front and CARD_FRONT_MATTER.search(front.group(1)):
            out.append(Evidence("Hugging Face model-card metadata in the README front matter", facts.readme.path, 1))
        for heading in outline(text).headings:
            if re.search(r"(?i)model card", heading.text):
                out.append(Evidence(f"section '{heading.text}'", facts.readme.path, heading.line))
    out += [Evidence("exported model file", f.path) for f in facts.files if f.suffix == ".onnx" or f.name in ("MLmodel", "saved_model.pb")][:3]
    return out
