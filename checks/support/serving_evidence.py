"""Model-serving code: HTTP services and demo apps, the model loaders and hosted APIs they reach, serve commands in configuration."""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass

from checks.support.code_graph import layout, memo, reachable, repo_paths, unit_memo
from checks.support.lifecycle import dotted_heads
from checks.support.unit_text import import_heads
from readiness.facts.docker import is_dockerfile
from readiness.facts.model import CodeFacts, RepoFacts
from readiness.models import Evidence


SERVING = {
    "fastapi": "FastAPI", "flask": "Flask", "starlette": "Starlette", "django": "Django", "bentoml": "BentoML",
    "litserve": "LitServe", "kserve": "KServe", "ray.serve": "Ray Serve", "ts.torch_handler": "TorchServe",
    "sanic": "Sanic", "aiohttp.web": "aiohttp", "tornado.web": "Tornado", "falcon": "Falcon", "quart": "Quart",
}
ROUTE_SUFFIXES = (".get", ".post", ".put", ".patch", ".delete", ".route", ".api_route", ".websocket", ".api")
SERVICE_MARKERS = re.compile(
    r"(^|\.)(FastAPI|Flask|Starlette|Quart|Sanic|LitServer|LitAPI|Service|service|api|deployment|ModelServer|BaseHandler|Model|"
    r"JsonResponse|HttpResponse|path|re_path|Application|App)$"
)
DEMO = {"streamlit": "Streamlit", "gradio": "Gradio", "dash": "Dash", "panel": "Panel", "voila": "Voilà", "shiny": "Shiny", "nicegui": "NiceGUI"}
LOADER_EXACT = {
    "joblib.load", "pickle.load", "pickle.loads", "cloudpickle.load", "dill.load", "torch.load", "torch.jit.load",
    "skops.io.load", "tensorflow.saved_model.load", "onnxruntime.InferenceSession", "tensorflow.lite.Interpreter",
    "spacy.load", "ultralytics.YOLO", "sentence_transformers.SentenceTransformer", "transformers.pipeline",
    "fastai.learner.load_learner", "fastai.vision.all.load_learner", "keras.models.load_model", "xgboost.Booster",
    "lightgbm.Booster", "gensim.models.Word2Vec.load", "catboost.CatBoostClassifier", "torch.hub.load", "tensorflow.saved_model.load",
    "tensorflow.compat.v1.saved_model.loader.load", "tensorflow.train.import_meta_graph", "tensorflow.compat.v1.train.import_meta_graph",
    "sentence_transformers.CrossEncoder", "keras.models.model_from_json", "tensorflow.keras.models.model_from_json",
}
LOADER_DOTTED = tuple(sorted("." + x for x in LOADER_EXACT))
LOADER_LAST = ("load_model", "from_pretrained", "load_learner", "InferenceSession", "load_state_dict", "load_weights", "import_meta_graph")
NAMED_LOADER = re.compile(r"^_?(re)?load_\w*(model|bundle|pipeline|predictor|classifier|regressor|checkpoint|artifact|weights)s?$")
TF_RESTORE = ("tensorflow.train.Saver", "tensorflow.compat.v1.train.Saver", "tensorflow.train.Checkpoint", "saver.restore", "ckpt.restore", "checkpoint.restore")
HOSTED = ("openai.OpenAI", "openai.AsyncOpenAI", "openai.ChatCompletion.create", "anthropic.Anthropic", "google.generativeai.GenerativeModel", "cohere.Client", "groq.Groq", "mistralai.Mistral")
MODULE_REF = re.compile(r"^([A-Za-z_][\w.]*):([A-Za-z_]\w*)(\(\))?$")
TOOL_MODULES = frozenset({"pip", "venv", "uvicorn", "gunicorn", "streamlit", "flask", "http", "pytest", "mlflow", "bentoml", "celery", "gradio", "hypercorn", "waitress", "daphne"})


@dataclass(frozen=True, slots=True)
class Service:
    """A module that serves HTTP (or a demo UI), with the model loaders it reaches."""

    path: str
    framework: str
    routes: tuple[Evidence, ...]
    loaders: tuple[Evidence, ...]
    hosted: tuple[Evidence, ...]
    modules: tuple[str, ...]
    managed: bool = False
    """A managed platform serves the model (the repository deploys it there; it runs no server of its own)."""


def _full_imports(unit: CodeFacts) -> list[tuple[str, int]]:
    """Imported names in full (module and module.name for `from` imports), with lines."""
    out = []
    for imp in unit.imports:
        if imp.level:
            continue
        out.append((imp.module, imp.line))
        out += [(f"{imp.module}.{name}", imp.line) for name in imp.names if name != "*"]
    return out


def _framework(unit: CodeFacts, table: dict[str, str]) -> tuple[str, int] | None:
    """The serving or demo framework a module imports, with the import's line, if any."""
    if import_heads(unit).keys().isdisjoint({key.split(".", 1)[0] for key in table}):
        return None  # (a name under a key has the key's top-level package)
    for name, line in _full_imports(unit):
        if keys := dotted_heads(name) & table.keys():
            key = next(k for k in table if k in keys)  # the table's first key the name is or lies under
            return table[key], line
    return None


def _loaders(unit: CodeFacts) -> tuple[list[Evidence], list[Evidence]]:
    """Model-loader calls and hosted-model clients in one module."""
    loaders, hosted = [], []
    for call in unit.calls:
        last = call.name.rsplit(".", 1)[-1]
        restores = last == "restore" and (call.name.startswith(TF_RESTORE) or "tensorflow" in unit.import_roots)
        named = bool(NAMED_LOADER.match(last))  # the repository's own loader, e.g. load_serving_bundle()
        if call.name in LOADER_EXACT or last in LOADER_LAST or restores or named or call.name.endswith(LOADER_DOTTED):
            where = "at start-up" if call.function is None else f"in {call.function}()"
            loaders.append(Evidence(f"loads a model with {call.name} {where}", unit.path, call.line, call.cell))
        elif call.name.startswith(HOSTED):
            hosted.append(Evidence(f"calls a hosted model API ({call.name})", unit.path, call.line, call.cell))
    return loaders, hosted


def _routes(unit: CodeFacts) -> list[Evidence]:
    """Route handlers or service markers in a serving module."""
    out = []
    for fn in unit.functions:
        for decorator in fn.decorators:
            if decorator.endswith(ROUTE_SUFFIXES) or decorator.startswith(("bentoml.", "ray.serve.", "litserve.")):
                out.append(Evidence(f"{fn.name}() handles requests (@{decorator})", unit.path, fn.line))
                break
    for cls in unit.classes:
        if any(b.startswith(("litserve.", "kserve.", "ts.torch_handler.", "bentoml.", "django.views")) for b in cls.bases):
            out.append(Evidence(f"class {cls.name} serves requests", unit.path, cls.line))
    if not out:
        marks = [c for c in unit.calls if SERVICE_MARKERS.search(c.name) and c.name.split(".", 1)[0] in ("fastapi", "flask", "starlette", "quart", "sanic", "litserve", "bentoml", "ray", "kserve", "django", "aiohttp", "tornado", "falcon")]
        out += [Evidence(f"builds a service with {c.name}", unit.path, c.line) for c in marks[:2]]
    return out


def own_apps(facts: RepoFacts) -> tuple[tuple[Service, ...], tuple[Service, ...]]:
    """The repository's own HTTP services and demo apps (its project modules), found once per repository for the
    deployment evidence, the library test and the data origin."""
    def build(f: RepoFacts) -> tuple[tuple[Service, ...], tuple[Service, ...]]:
        code = layout(f).project_modules
        return find_services(f, code, SERVING, True), find_services(f, code, DEMO, False)

    return memo(facts, "own-apps", build)


def find_services(facts: RepoFacts, units: tuple[CodeFacts, ...], table: dict[str, str], need_routes: bool) -> tuple[Service, ...]:
    """Serving (or demo) modules and the model loaders each reaches through the repository's imports."""
    out = []
    for unit in units:
        found = _framework(unit, table)
        if not found:
            continue
        framework, line = found
        routes = _routes(unit) if need_routes else [Evidence(f"a {framework} app (imports {framework.lower()})", unit.path, line)]
        if not routes:
            continue
        loaders, hosted = [], []
        modules = reachable(unit, units)
        for module in modules:
            found, api = unit_memo(module, "loaders", _loaders)
            loaders += found
            hosted += api
        out.append(Service(unit.path, framework, tuple(routes), tuple(loaders), tuple(hosted), tuple(m.path for m in modules)))
    return tuple(out)


MLFLOW_SERVE = re.compile(r"\bmlflow\s+models\s+serve\b[^\n]*")


def config_services(facts: RepoFacts) -> list[Service]:
    """Model servers started from configuration: `mlflow models serve` in run files, KServe InferenceService manifests."""
    out = []
    for path, kept in facts.texts.items():
        name = path.rsplit("/", 1)[-1].lower()
        runnable = is_dockerfile(path) or name in ("procfile", "makefile") or path.endswith((".sh", ".yml", ".yaml"))
        if runnable and "mlflow" in kept.text and (match := MLFLOW_SERVE.search(kept.text)):  # (the word every match holds)
            line = kept.text.count("\n", 0, match.start()) + 1
            ev = Evidence(f"starts an MLflow model server: `{match.group(0).strip()[:80]}`", path, line)
            out.append(Service(path, "MLflow", (ev,), (ev,), (), ()))
        elif path.endswith((".yml", ".yaml")) and "InferenceService" in kept.text and re.search(r"(?m)^kind:\s*InferenceService\s*$", kept.text):
            ev = Evidence("KServe InferenceService serves a model from its storageUri", path)
            out.append(Service(path, "KServe", (ev,), (ev,), (), ()))
    return out


def path_exists(facts: RepoFacts, ref: str) -> bool:
    """Whether a path named in packaging exists in the repository (as a file or a folder, or by a glob)."""
    ref = ref.strip().strip("\"'").removeprefix("./").lstrip("/").rstrip("/")
    if ref in ("", "."):
        return True
    paths = repo_paths(facts)
    folders, tails, checkpoints = memo(facts, "path-tables", _path_tables)
    if checkpoints and (ref in checkpoints or any(c.endswith("/" + ref) for c in checkpoints)):
        return True  # a TensorFlow checkpoint prefix: `x.ckpt` is there when `x.ckpt.index` and `x.ckpt.data-*` are
    if any(ch in ref for ch in "*?["):
        return any(fnmatch.fnmatch(p, ref) or fnmatch.fnmatch(p, ref + "/*") for p in paths)
    # a path that is REF, lies under it, ends REF after a slash, or is what REF ends with after a slash
    return ref in paths or ref in folders or ref in tails or any(ref[i + 1 :] in paths for i, ch in enumerate(ref) if ch == "/")


def _path_tables(facts: RepoFacts) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(every folder holding a tracked path, every part of a path after one of its slashes, every TensorFlow checkpoint
    prefix: `x.ckpt` when `x.ckpt.index` and some `x.ckpt.data-*` are tracked)."""
    paths = repo_paths(facts)
    folders: set[str] = set()
    tails: set[str] = set()
    for path in paths:
        at = path.find("/")
        while at != -1:
            folders.add(path[:at])
            tails.add(path[at + 1 :])
            at = path.find("/", at + 1)
    prefixes = [p[:-6] for p in paths if p.endswith(".index")]
    checkpoints = frozenset(c for c in prefixes if any(p.startswith(c + ".data-") for p in paths))
    return frozenset(folders), frozenset(tails), checkpoints


def _module_exists(facts: RepoFacts, module: str) -> bool:
    """Whether a dotted module name names a file of the repository."""
    base = module.replace(".", "/")
    return path_exists(facts, base + ".py") or path_exists(facts, base + "/__init__.py")


def command_refs(facts: RepoFacts, words: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """(refers, missing): project files and modules a start command names, and those that do not exist."""
    refers, missing = [], []
    for index, word in enumerate(words):
        word = word.strip().strip("\"'")
        if match := MODULE_REF.match(word):
            (refers if _module_exists(facts, match.group(1)) else missing).append(word)
        elif word.endswith((".py", ".sh", ".ipynb")) and not word.startswith("-"):
            (refers if path_exists(facts, word) else missing).append(word)
        elif index > 0 and words[index - 1] == "-m" and word.split(".", 1)[0] not in TOOL_MODULES:
            (refers if _module_exists(facts, word) else missing).append(word)
    return refers, missing
