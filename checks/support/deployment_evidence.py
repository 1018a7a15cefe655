"""What a repository shows of deployment, computed once per repository from its facts (pure)."""

from __future__ import annotations

import fnmatch
import posixpath
import re
import tomllib
from dataclasses import dataclass, field

import yaml

from checks.support.code_graph import layout, memo, pipelines, reachable
from checks.support.common import code_units, ml_project, outline
from readiness.facts.ci_steps import command_lines
from readiness.facts.docker import copy_sources, is_dockerfile, parse_dockerfile
from readiness.facts.ignore import MODEL_SUFFIXES, literal_paths, model_literals
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
    "lightgbm.Booster", "gensim.models.Word2Vec.load", "catboost.CatBoostClassifier",
}
LOADER_LAST = ("load_model", "from_pretrained", "load_learner", "InferenceSession", "load_state_dict")
HOSTED = ("openai.OpenAI", "openai.AsyncOpenAI", "openai.ChatCompletion.create", "anthropic.Anthropic", "google.generativeai.GenerativeModel", "cohere.Client", "groq.Groq", "mistralai.Mistral")
DOWNLOAD_CALL = re.compile(r"(^|\.)(hf_hub_download|snapshot_download|urlretrieve|download_file|download_fileobj|download)$|(^|\.)\w*download\w*$", re.I)
DOWNLOAD_TEXT = re.compile(
    r"\b((wget|curl)\b.*(model|weights|checkpoint|releases/download|\.pkl|\.joblib|\.pt\b|\.onnx|\.h5|\.safetensors)|gdown|dvc\s+pull|"
    r"aws\s+s3\s+(cp|sync)|gsutil\s+cp|huggingface-cli\s+download|hf\s+download|git\s+lfs\s+pull|"
    r"python3?\s+(-m\s+)?[\w./-]*(download|fetch|train)\w*(\.py)?)\b",
    re.I,
)
MODEL_DIR = re.compile(r"(^|/)(models?|artifacts?|weights|checkpoints?|saved_models?)/?$", re.I)
EXPORT_STRONG = (
    ("torch.onnx.export", "ONNX export"), ("torch.export.export", "torch.export"), ("tf2onnx.convert", "ONNX export"),
    ("skl2onnx.convert_sklearn", "ONNX export"), ("skl2onnx.to_onnx", "ONNX export"), ("onnxmltools.convert", "ONNX export"), ("torch.jit.trace", "TorchScript"),
    ("torch.jit.script", "TorchScript"), ("torch.jit.save", "TorchScript"), ("tensorflow.saved_model.save", "SavedModel"),
    ("tensorflow.lite.TFLiteConverter", "TensorFlow Lite"), ("coremltools.convert", "Core ML"), ("mlflow.register_model", "MLflow registry"),
)
EXPORT_STRONG_LAST = (("log_model", "MLflow model"), ("save_pretrained", "save_pretrained"), ("push_to_hub", "pushed to the Hugging Face Hub"), ("register_model", "model registry"))
SAVE_EXACT = ("joblib.dump", "pickle.dump", "torch.save", "cloudpickle.dump", "skops.io.dump")
SAVE_MODEL = re.compile(r"(^|\.)(save_model|(model|clf|estimator|pipeline|pipe|net|learner|regressor|classifier|booster)\w*\.save)$", re.I)
TRAIN_LAST = frozenset({"fit", "fit_generator", "partial_fit", "train", "backward", "train_model"})
MODEL_CARD = re.compile(r"(?i)(^|/)(model[_-]?card|modelcard)(\.md|\.rst|\.txt)?$")
CARD_FRONT_MATTER = re.compile(r"(?m)^(model-index|pipeline_tag|library_name|base_model):")
SPACE_FRONT = re.compile(r"\A---\s*\n(.*?)\n---", re.S)
APP_HOSTS = (
    r"[\w-]+\.streamlit\.app", r"share\.streamlit\.io", r"huggingface\.co/spaces/", r"[\w-]+\.hf\.space", r"[\w-]+\.herokuapp\.com",
    r"[\w-]+\.onrender\.com", r"[\w-]+\.fly\.dev", r"[\w-]+\.vercel\.app", r"[\w-]+\.netlify\.app", r"[\w-]+\.run\.app",
    r"[\w-]+\.azurewebsites\.net", r"[\w-]+\.appspot\.com", r"[\w-]+\.pythonanywhere\.com", r"[\w-]+\.railway\.app",
    r"[\w-]+\.modal\.run", r"[\w-]+\.koyeb\.app", r"[\w-]+\.replit\.app", r"[\w-]+\.elasticbeanstalk\.com", r"execute-api\.[\w-]+\.amazonaws\.com",
)
APP_HOST = re.compile(r"https?://(?:[\w-]+\.)*(" + "|".join(APP_HOSTS) + r")", re.I)
TEMPORARY_HOST = re.compile(r"https?://[\w.-]*(gradio\.live|ngrok\.io|ngrok-free\.app|ngrok\.app|trycloudflare\.com)", re.I)
NOT_A_DEMO = re.compile(r"https?://(?:[\w-]+\.)*(medium\.com|towardsdatascience\.com|dev\.to|hashnode\.\w+|substack\.com|wordpress\.com|blogspot\.com|linkedin\.com|kaggle\.com|colab\.research\.google\.com|mybinder\.org|nbviewer\.org|youtube\.com|youtu\.be)", re.I)
DEPLOY_COMMAND = re.compile(
    r"\b(docker\s+push|docker\s+buildx\s+build\b.*--push|gcloud\s+(run|app|functions)\s+deploy|gcloud\s+builds\s+submit|(fly|flyctl)\s+deploy|"
    r"heroku\s+(container:push|container:release|deploy)|git\s+push\s+\S*heroku|aws\s+ecs\s+update-service|aws\s+lambda\s+update-function-code|"
    r"sam\s+deploy|(serverless|sls)\s+deploy|kubectl\s+(apply|set\s+image|rollout)|helm\s+(upgrade|install)|terraform\s+apply|modal\s+deploy|"
    r"bentoml\s+(deploy|push)|anyscale\s+service\s+(deploy|rollout)|az\s+(ml|webapp|containerapp|functionapp)\b|vercel\s+(deploy|--prod)|"
    r"netlify\s+deploy|railway\s+up|huggingface-cli\s+upload|hf\s+upload|git\s+push\s+\S*(huggingface\.co|hf\.co)/spaces|api\.render\.com/deploy|"
    r"databricks\s+bundle\s+deploy|mlflow\s+deployments\s+create)"
)
DEPLOY_ACTIONS = (
    "google-github-actions/deploy-cloudrun", "google-github-actions/deploy-appengine", "aws-actions/amazon-ecs-deploy-task-definition",
    "azure/webapps-deploy", "azure/k8s-deploy", "azure/aml-deploy", "akhileshns/heroku-deploy", "superfly/flyctl-actions",
    "amondnet/vercel-action", "huggingface/huggingface_hub", "aws-actions/aws-cloudformation-github-deploy",
)
PUBLISH_COMMAND = re.compile(r"\b(twine\s+upload|poetry\s+publish|uv\s+publish|hatch\s+publish|flit\s+publish|pdm\s+publish|npm\s+publish)\b")
PUBLISH_ACTIONS = ("pypa/gh-action-pypi-publish",)
MODULE_REF = re.compile(r"^([A-Za-z_][\w.]*):([A-Za-z_]\w*)(\(\))?$")
TOOL_MODULES = frozenset({"pip", "venv", "uvicorn", "gunicorn", "streamlit", "flask", "http", "pytest", "mlflow", "bentoml", "celery", "gradio", "hypercorn", "waitress", "daphne"})
COMPOSE_NAMES = re.compile(r"(^|/)(docker-)?compose(\.[\w-]+)?\.ya?ml$", re.I)
K8S_KIND = re.compile(r"(?m)^kind:\s*(Deployment|StatefulSet|InferenceService|Service|CronJob|Job|Ingress|Rollout)\s*$")


@dataclass(frozen=True, slots=True)
class Service:
    """A module that serves HTTP (or a demo UI), with the model loaders it reaches."""

    path: str
    framework: str
    routes: tuple[Evidence, ...]
    loaders: tuple[Evidence, ...]
    hosted: tuple[Evidence, ...]
    modules: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Package:
    """A packaging or platform file: what it refers to, and what it names that is missing."""

    path: str
    kind: str
    refers: tuple[Evidence, ...] = ()
    missing: tuple[Evidence, ...] = ()
    note: str | None = None

    @property
    def ok(self) -> bool:
        """Refers to the project's own files, and every file it names exists."""
        return bool(self.refers) and not self.missing


@dataclass(frozen=True, slots=True)
class Artifact:
    """A model file a deploy needs: where it is referenced and whether it is committed or ignored."""

    name: str
    where: Evidence
    present: bool
    ignored: bool | None


@dataclass(frozen=True, slots=True)
class CiFinding:
    """A CI step that deploys or publishes, or a CI file that would but runs nothing."""

    kind: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class DeployEvidence:
    """Everything the deployment checks judge, for one repository."""

    services: tuple[Service, ...] = ()
    demos: tuple[Service, ...] = ()
    space: Evidence | None = None
    packages: tuple[Package, ...] = ()
    deploys: tuple[CiFinding, ...] = ()
    publishes: tuple[CiFinding, ...] = ()
    inert: tuple[CiFinding, ...] = ()
    artifacts: tuple[Artifact, ...] = ()
    downloads: tuple[Evidence, ...] = ()
    hub_models: tuple[Evidence, ...] = ()
    exports: tuple[Evidence, ...] = ()
    saves: tuple[Evidence, ...] = ()
    cards: tuple[Evidence, ...] = ()
    trains: tuple[Evidence, ...] = ()
    links: tuple[tuple[str, Evidence], ...] = field(default=())
    ml: bool = False
    library: bool = False

    @property
    def model_services(self) -> tuple[Service, ...]:
        """HTTP services that reach a model loader (or a hosted model API)."""
        return tuple(s for s in self.services if s.loaders or s.hosted)

    @property
    def model_demos(self) -> tuple[Service, ...]:
        """Demo apps that reach a model."""
        return tuple(d for d in self.demos if d.loaders or d.hosted)

    @property
    def missing_artifacts(self) -> tuple[Artifact, ...]:
        """Artifacts neither committed nor fetched by a download step."""
        return () if self.downloads else tuple(a for a in self.artifacts if not a.present)

    @property
    def deployable(self) -> bool:
        """Something that could be deployed: a service, a demo app, or packaging of the project's code."""
        return bool(self.services or self.demos or self.space or any(p.ok for p in self.packages))


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
    for name, line in _full_imports(unit):
        for key, label in table.items():
            if name == key or name.startswith(key + "."):
                return label, line
    return None


def _loaders(unit: CodeFacts) -> tuple[list[Evidence], list[Evidence]]:
    """Model-loader calls and hosted-model clients in one module."""
    loaders, hosted = [], []
    for call in unit.calls:
        last = call.name.rsplit(".", 1)[-1]
        if call.name in LOADER_EXACT or last in LOADER_LAST or any(call.name.endswith("." + x) for x in LOADER_EXACT):
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


def _services(facts: RepoFacts, units: tuple[CodeFacts, ...], table: dict[str, str], need_routes: bool) -> tuple[Service, ...]:
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
            found, api = _loaders(module)
            loaders += found
            hosted += api
        out.append(Service(unit.path, framework, tuple(routes), tuple(loaders), tuple(hosted), tuple(m.path for m in modules)))
    return tuple(out)


MLFLOW_SERVE = re.compile(r"\bmlflow\s+models\s+serve\b[^\n]*")


def _config_services(facts: RepoFacts) -> list[Service]:
    """Model servers started from configuration: `mlflow models serve` in run files, KServe InferenceService manifests."""
    out = []
    for path, kept in facts.texts.items():
        name = path.rsplit("/", 1)[-1].lower()
        runnable = is_dockerfile(path) or name in ("procfile", "makefile") or path.endswith((".sh", ".yml", ".yaml"))
        if runnable and (match := MLFLOW_SERVE.search(kept.text)):
            line = kept.text.count("\n", 0, match.start()) + 1
            ev = Evidence(f"starts an MLflow model server: `{match.group(0).strip()[:80]}`", path, line)
            out.append(Service(path, "MLflow", (ev,), (ev,), (), ()))
        elif path.endswith((".yml", ".yaml")) and re.search(r"(?m)^kind:\s*InferenceService\s*$", kept.text):
            ev = Evidence("KServe InferenceService serves a model from its storageUri", path)
            out.append(Service(path, "KServe", (ev,), (ev,), (), ()))
    return out


def _exists(facts: RepoFacts, ref: str) -> bool:
    """Whether a path named in packaging exists in the repository (as a file or a folder, or by a glob)."""
    ref = ref.strip().strip("\"'").removeprefix("./").lstrip("/").rstrip("/")
    if ref in ("", "."):
        return True
    paths = facts.paths
    if any(ch in ref for ch in "*?["):
        return any(fnmatch.fnmatch(p, ref) or fnmatch.fnmatch(p, ref + "/*") for p in paths)
    return any(p == ref or p.startswith(ref + "/") or ref.endswith("/" + p) or p.endswith("/" + ref) for p in paths)


def _module_exists(facts: RepoFacts, module: str) -> bool:
    """Whether a dotted module name names a file of the repository."""
    base = module.replace(".", "/")
    return _exists(facts, base + ".py") or _exists(facts, base + "/__init__.py")


def command_refs(facts: RepoFacts, words: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """(refers, missing): project files and modules a start command names, and those that do not exist."""
    refers, missing = [], []
    for index, word in enumerate(words):
        word = word.strip().strip("\"'")
        if match := MODULE_REF.match(word):
            (refers if _module_exists(facts, match.group(1)) else missing).append(word)
        elif word.endswith((".py", ".sh", ".ipynb")) and not word.startswith("-"):
            (refers if _exists(facts, word) else missing).append(word)
        elif index > 0 and words[index - 1] == "-m" and word.split(".", 1)[0] not in TOOL_MODULES:
            (refers if _module_exists(facts, word) else missing).append(word)
    return refers, missing


def _dockerfile(facts: RepoFacts, path: str, text: str) -> Package:
    """What a Dockerfile copies and starts, and which of the files it names are not in the repository."""
    refers, missing = [], []
    base_image = ""
    for ins in parse_dockerfile(text):
        if ins.keyword == "FROM" and not base_image:
            base_image = ins.args
        sources = copy_sources(ins)
        for source in sources:
            if _exists(facts, source):
                refers.append(Evidence(f"{ins.keyword} {source}", path, ins.line))
            else:
                missing.append(Evidence(f"{ins.keyword} {source}: not in the repository", path, ins.line))
        if ins.keyword in ("CMD", "ENTRYPOINT", "RUN"):
            found, absent = command_refs(facts, ins.words)
            refers += [Evidence(f"{ins.keyword} runs {ref}", path, ins.line) for ref in found]
            if ins.keyword != "RUN":
                missing += [Evidence(f"{ins.keyword} runs {ref}: not in the repository", path, ins.line) for ref in absent]
    manifests_only = all(re.search(r"requirements|pyproject|setup\.|environment\.ya?ml|Pipfile|poetry\.lock|uv\.lock", e.detail) for e in refers)
    note = None
    if re.match(r"(?i)(--platform=\S+\s+)?(jupyter|quay\.io/jupyter)/", base_image):
        note = f"a notebook environment (FROM {base_image.split()[0]}), not a deployment image"
        refers = []
    elif refers and manifests_only:
        note = "copies only dependency files, none of the project's code"
        refers = []
    return Package(path, "Dockerfile", tuple(refers), tuple(missing), note)


def _compose(facts: RepoFacts, path: str, text: str) -> Package:
    """A compose file refers to the project when a service is built from the repository."""
    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError):
        return Package(path, "compose", note="invalid YAML")
    services = data.get("services") if isinstance(data, dict) else None
    refers, missing, images = [], [], []
    base = posixpath.dirname(path)
    for name, spec in (services or {}).items() if isinstance(services, dict) else ():
        if not isinstance(spec, dict):
            continue
        build = spec.get("build")
        context = build.get("context", ".") if isinstance(build, dict) else build
        if isinstance(context, str):
            where = posixpath.normpath(posixpath.join(base, context))
            target = "Dockerfile" if where == "." else f"{where}/Dockerfile"
            dockerfile = build.get("dockerfile") if isinstance(build, dict) else None
            if dockerfile:
                target = posixpath.normpath(posixpath.join(where, dockerfile))
            (refers if target in facts.paths else missing).append(Evidence(f"service {name} is built from {target}" + ("" if target in facts.paths else ": not in the repository"), path))
        elif isinstance(spec.get("image"), str):
            images.append(spec["image"])
    note = f"runs only third-party images ({', '.join(images[:3])}), none built from this repository" if images and not refers and not missing else None
    return Package(path, "compose", tuple(refers), tuple(missing), note)


def _procfile(facts: RepoFacts, path: str, text: str) -> Package:
    """A Procfile's process commands and the project files they name."""
    refers, missing = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        name, _, command = line.partition(":")
        if not command.strip() or line.lstrip().startswith("#"):
            continue
        found, absent = command_refs(facts, tuple(command.split()))
        refers += [Evidence(f"{name.strip()}: runs {ref}", path, number) for ref in found]
        missing += [Evidence(f"{name.strip()}: runs {ref}: not in the repository", path, number) for ref in absent]
    return Package(path, "Procfile", tuple(refers), tuple(missing))


def _named_command(facts: RepoFacts, path: str, kind: str, commands: list[str]) -> Package:
    """A platform file whose start commands or handlers name project files."""
    refers, missing = [], []
    for command in commands:
        found, absent = command_refs(facts, tuple(command.split()))
        refers += [Evidence(f"runs {ref}", path) for ref in found]
        missing += [Evidence(f"runs {ref}: not in the repository", path) for ref in absent]
    return Package(path, kind, tuple(refers), tuple(missing), None if refers or missing else "names no file of the project (presence only)")


def _yaml(text: str) -> object:
    """Safe-loaded YAML, or None."""
    try:
        return yaml.safe_load(text)
    except (yaml.YAMLError, RecursionError):
        return None


def _strings(node: object, keys: tuple[str, ...], depth: int = 0) -> list[str]:
    """String values under any of KEYS, anywhere in a YAML/JSON document."""
    out: list[str] = []
    if depth > 10:
        return out
    if isinstance(node, dict):
        for key, value in node.items():
            if key in keys and isinstance(value, str):
                out.append(value)
            else:
                out += _strings(value, keys, depth + 1)
    elif isinstance(node, list):
        for item in node[:200]:
            out += _strings(item, keys, depth + 1)
    return out


def _platform(facts: RepoFacts, path: str, text: str) -> Package | None:
    """A platform or infrastructure file (App Engine, Render, Fly, Vercel, Serverless, Kubernetes, Helm, Terraform, BentoML, Modal...)."""
    name = path.rsplit("/", 1)[-1].lower()
    if name == "app.yaml" and "runtime:" in text:
        return _named_command(facts, path, "App Engine", _strings(_yaml(text), ("entrypoint",)))
    if name == "render.yaml":
        return _named_command(facts, path, "Render", _strings(_yaml(text), ("startCommand",)))
    if name in ("serverless.yml", "serverless.yaml"):
        handlers = [h.rsplit(".", 1)[0].replace("/", ".") + ":" + h.rsplit(".", 1)[-1] for h in _strings(_yaml(text), ("handler",)) if "." in h]
        return _named_command(facts, path, "Serverless", handlers)
    if name == "bentofile.yaml":
        return _named_command(facts, path, "BentoML", _strings(_yaml(text), ("service",)))
    if name == "fly.toml":
        return Package(path, "Fly.io", (Evidence("Fly.io app configuration", path),), note="builds the repository's Dockerfile or image")
    if name == "vercel.json" or name == "now.json":
        return Package(path, "Vercel", (Evidence("Vercel configuration", path),))
    if name == "chart.yaml" and "apiVersion" in text:
        return Package(path, "Helm chart", (Evidence("Helm chart", path),))
    if name in ("template.yaml", "template.yml") and "AWS::Serverless" in text:
        return Package(path, "AWS SAM", (Evidence("AWS SAM template", path),))
    if path.endswith((".yaml", ".yml")) and K8S_KIND.search(text) and re.search(r"(?m)^apiVersion:", text) and not path.startswith(".github/"):
        kind = K8S_KIND.search(text).group(1)  # type: ignore[union-attr]
        return Package(path, "Kubernetes", (Evidence(f"Kubernetes {kind}", path),))
    if path.endswith(".tf") and re.search(r'(?m)^resource\s+"', text):
        return Package(path, "Terraform", (Evidence("Terraform resources", path),))
    return None


CLOUD_SDKS = (
    ("SageMaker", ("sagemaker",), ("deploy",)),
    ("Vertex AI", ("google.cloud.aiplatform",), ("deploy", "deploy_model")),
    ("Azure ML", ("azure.ai.ml", "azureml"), ("begin_create_or_update", "deploy")),
    ("Modal", ("modal",), ("function", "asgi_app", "web_endpoint", "fastapi_endpoint")),
    ("Anyscale", ("anyscale",), ("deploy",)),
)


def _sdk_calls(unit: CodeFacts, prefixes: tuple[str, ...], last: tuple[str, ...]) -> list[Evidence]:
    """Calls into a cloud SDK, or deploy-like method calls in a module that imports it."""
    imports_sdk = any(i.module.startswith(prefixes) for i in unit.imports)
    return [
        Evidence(f"calls {c.name}", unit.path, c.line)
        for c in unit.calls
        if c.name.startswith(prefixes) or (imports_sdk and c.name.rsplit(".", 1)[-1] in last)
    ]


def _sdk_packages(units: tuple[CodeFacts, ...]) -> list[Package]:
    """Cloud ML platform deployments made in code (SageMaker, Vertex AI, Azure ML, Modal, Anyscale)."""
    out = []
    for unit in units:
        for label, prefixes, last in CLOUD_SDKS:
            if found := _sdk_calls(unit, prefixes, last):
                out.append(Package(unit.path, label, tuple(found[:3])))
    return out


def _packages(facts: RepoFacts, units: tuple[CodeFacts, ...]) -> tuple[Package, ...]:
    """Every packaging or platform file of the repository, judged by what it refers to."""
    out: list[Package] = []
    for path, kept in facts.texts.items():
        if path.startswith(".devcontainer/") or "/.devcontainer/" in path:
            continue
        name = path.rsplit("/", 1)[-1].lower()
        if is_dockerfile(path):
            out.append(_dockerfile(facts, path, kept.text))
        elif COMPOSE_NAMES.search(path):
            out.append(_compose(facts, path, kept.text))
        elif name == "procfile":
            out.append(_procfile(facts, path, kept.text))
        elif (package := _platform(facts, path, kept.text)) is not None:
            out.append(package)
    out += _sdk_packages(units)
    return tuple(out)


def hf_space(facts: RepoFacts) -> Evidence | None:
    """A Hugging Face Space configuration in the README front matter (sdk: gradio|streamlit|docker|static)."""
    if not facts.readme:
        return None
    match = SPACE_FRONT.match(facts.readme.text)
    if not match:
        return None
    front = match.group(1)
    sdk = re.search(r"(?m)^sdk:\s*(\w+)", front)
    if not sdk:
        return None
    app = re.search(r"(?m)^app_file:\s*(\S+)", front)
    detail = f"Hugging Face Space front matter: sdk {sdk.group(1)}" + (f", app_file {app.group(1)}" if app else "")
    return Evidence(detail, facts.readme.path, 1)


def _space_package(facts: RepoFacts) -> Package | None:
    """The Space front matter as platform configuration: its app_file must exist."""
    space = hf_space(facts)
    if space is None or facts.readme is None:
        return None
    app = re.search(r"app_file (\S+)", space.detail)
    if app:
        ref = app.group(1)
        if _exists(facts, ref):
            return Package(facts.readme.path, "Hugging Face Space", (Evidence(f"Space runs {ref}", facts.readme.path, 1),))
        return Package(facts.readme.path, "Hugging Face Space", (), (Evidence(f"Space app_file {ref}: not in the repository", facts.readme.path, 1),))
    return Package(facts.readme.path, "Hugging Face Space", (space,))


def _ci(facts: RepoFacts) -> tuple[list[CiFinding], list[CiFinding], list[CiFinding]]:
    """(deploys, publishes, inert): CI steps that deploy or publish, and deploy-looking files that run nothing."""
    deploys, publishes, inert = [], [], []
    for workflow, pipeline in pipelines(facts):
        if pipeline.inert:
            if re.search(r"(?i)deploy|docker\s+push|heroku|publish|twine|release", workflow.text):
                inert.append(CiFinding("inert", Evidence(f"would deploy or publish, but is {pipeline.inert}", workflow.path)))
            continue
        for step in pipeline.steps:
            if step.disabled:
                continue
            if step.uses:
                action = step.uses.split("@", 1)[0].lower()
                if action in PUBLISH_ACTIONS:
                    publishes.append(CiFinding("publish", Evidence(f"publishes a package with {step.uses} (on {', '.join(pipeline.triggers)})", workflow.path, step.line)))
                elif action in DEPLOY_ACTIONS or (action == "docker/build-push-action" and dict(step.with_).get("push", "").lower() in ("true", "${{ github.event_name != 'pull_request' }}")):
                    deploys.append(CiFinding("deploy", Evidence(f"deploys with {step.uses} (on {', '.join(pipeline.triggers)})", workflow.path, step.line)))
                continue
            for line, number in command_lines(step):
                if match := DEPLOY_COMMAND.search(line):
                    deploys.append(CiFinding("deploy", Evidence(f"deploys: `{match.group(0)}` (on {', '.join(pipeline.triggers)})", workflow.path, number)))
                elif match := PUBLISH_COMMAND.search(line):
                    publishes.append(CiFinding("publish", Evidence(f"publishes: `{match.group(0)}` (on {', '.join(pipeline.triggers)})", workflow.path, number)))
    return deploys, publishes, inert


def _artifacts(facts: RepoFacts, services: tuple[Service, ...], packages: tuple[Package, ...]) -> list[Artifact]:
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
                present = any(_exists(facts, o) for o in options) or any(p.endswith("/" + literal.lstrip("./")) for p in facts.paths)
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



def _downloads(facts: RepoFacts, units: tuple[CodeFacts, ...]) -> list[Evidence]:
    """Steps that fetch or build a model at deploy time: download calls, or shell/CI/Docker commands."""
    out = []
    for unit in units:
        for call in unit.calls:
            if DOWNLOAD_CALL.search(call.name) and not call.name.startswith(("requests.", "urllib.parse")):
                out.append(Evidence(f"fetches with {call.name}()", unit.path, call.line))
    for path, kept in facts.texts.items():
        name = path.rsplit("/", 1)[-1].lower()
        if not (is_dockerfile(path) or name in ("procfile", "makefile") or path.endswith(".sh") or path.startswith(".github/workflows/")):
            continue
        for number, line in enumerate(kept.text.splitlines(), start=1):
            stripped = line.strip()
            if stripped.startswith("#"):
                continue
            if match := DOWNLOAD_TEXT.search(stripped):
                out.append(Evidence(f"fetches or builds at deploy time: `{match.group(0)}`", path, number))
    out += [Evidence("DVC pointer file", p) for p in sorted(facts.paths) if p.endswith(".dvc")][:3]
    return out


def _hub_models(services: tuple[Service, ...]) -> list[Evidence]:
    """Loaders that fetch a named model from a hub (from_pretrained, SentenceTransformer, pipeline)."""
    out = []
    for service in services:
        for ev in service.loaders:
            if re.search(r"from_pretrained|SentenceTransformer|transformers\.pipeline|hf_hub|spacy\.load|YOLO", ev.detail):
                out.append(ev)
    return out


def _exports(units: list[CodeFacts]) -> tuple[list[Evidence], list[Evidence], list[Evidence]]:
    """(exports, saves, trains): export/registry calls, plain serialisation, and training calls."""
    exports, saves, trains = [], [], []
    for unit in units:
        for call in unit.calls:
            last = call.name.rsplit(".", 1)[-1]
            label = next((lab for prefix, lab in EXPORT_STRONG if call.name.startswith(prefix)), None)
            label = label or next((lab for suffix, lab in EXPORT_STRONG_LAST if last == suffix and "." in call.name), None)
            if label:
                exports.append(Evidence(f"{label}: {call.name}()", unit.path, call.line, call.cell))
            elif call.name in SAVE_EXACT or SAVE_MODEL.search(call.name):
                saves.append(Evidence(f"saves a trained artifact: {call.name}()", unit.path, call.line, call.cell))
            elif last in TRAIN_LAST and "." in call.name:
                trains.append(Evidence(f"trains: {call.name}()", unit.path, call.line, call.cell))
    return exports, saves, trains


def _cards(facts: RepoFacts) -> list[Evidence]:
    """Model cards: a MODEL_CARD file, model-card front matter in the README, or a model-card heading."""
    out = [Evidence("model card", f.path) for f in facts.files if MODEL_CARD.search(f.path)]
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


def _links(facts: RepoFacts) -> list[tuple[str, Evidence]]:
    """README links classified: 'app' (an app host), 'temporary' (a share link that expires), 'other' (blog, notebook, video)."""
    if not facts.readme:
        return []
    out = []
    seen: set[str] = set()
    for line, _, url in outline(facts.readme.text).links:
        if url in seen or not url.startswith("http"):
            continue
        seen.add(url)
        ev = Evidence(url, facts.readme.path, line)
        if TEMPORARY_HOST.match(url):
            out.append(("temporary", ev))
        elif APP_HOST.match(url):
            out.append(("app", ev))
        elif NOT_A_DEMO.match(url):
            out.append(("other", ev))
    return out


def is_library(facts: RepoFacts) -> bool:
    """A package meant to be installed: a build system and a project name in pyproject.toml, or a setup.py/setup.cfg."""
    text = facts.text("pyproject.toml")
    if text:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            data = {}
        project = data.get("project") or data.get("tool", {}).get("poetry") or {}
        if "build-system" in data and isinstance(project, dict) and project.get("name"):
            return True
    return "setup.py" in facts.paths or bool(re.search(r"(?m)^name\s*=", facts.text("setup.cfg") or ""))


def _analyse(facts: RepoFacts) -> DeployEvidence:
    """Compute the deployment evidence of one repository."""
    code = layout(facts).project_modules
    services = _services(facts, code, SERVING, True) + tuple(_config_services(facts))
    demos = _services(facts, code, DEMO, False)
    packages = list(_packages(facts, code))
    if (space := _space_package(facts)) is not None:
        packages.append(space)
    deploys, publishes, inert = _ci(facts)
    units = code_units(facts)
    exports, saves, trains = _exports([u for u in units if u.path not in {t.path for t in layout(facts).test_modules}])
    runtime = services + demos
    return DeployEvidence(
        services=services,
        demos=demos,
        space=hf_space(facts),
        packages=tuple(packages),
        deploys=tuple(deploys),
        publishes=tuple(publishes),
        inert=tuple(inert),
        artifacts=tuple(_artifacts(facts, runtime, tuple(packages))),
        downloads=tuple(_downloads(facts, code)),
        hub_models=tuple(_hub_models(runtime)),
        exports=tuple(exports),
        saves=tuple(saves),
        cards=tuple(_cards(facts)),
        trains=tuple(trains),
        links=tuple(_links(facts)),
        ml=ml_project(facts),
        library=is_library(facts) and not services and not demos and not trains,
    )


def deploy_evidence(facts: RepoFacts) -> DeployEvidence:
    """The deployment evidence of FACTS, computed once and shared by every deployment check."""
    return memo(facts, "deployment", _analyse)
