"""How a repository is packaged and shipped: Dockerfiles, compose files, Procfiles, platform configuration, cloud SDKs, Hugging Face Spaces, CI deploy and publish steps."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from checks.support.code_graph import pipelines
from checks.support.serving_evidence import command_refs, path_exists
from readiness.facts.bounded import ParseError, Refused, load_yaml
from readiness.facts.ci_steps import command_lines
from readiness.facts.docker import copy_sources, is_dockerfile, parse_dockerfile
from readiness.facts.model import CodeFacts, RepoFacts
from readiness.models import Evidence


K8S_KIND = re.compile(r"(?m)^kind:\s*(Deployment|StatefulSet|InferenceService|Service|CronJob|Job|Ingress|Rollout)\s*$")
SPACE_FRONT = re.compile(r"\A---\s*\n(.*?)\n---", re.S)
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
COMPOSE_NAMES = re.compile(r"(^|/)(docker-)?compose(\.[\w-]+)?\.ya?ml$", re.I)


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
class CiFinding:
    """A CI step that deploys or publishes, or a CI file that would but runs nothing."""

    kind: str
    evidence: Evidence


def _dockerfile(facts: RepoFacts, path: str, text: str) -> Package:
    """What a Dockerfile copies and starts, and which of the files it names are not in the repository."""
    refers, missing = [], []
    base_image = ""
    for ins in parse_dockerfile(text):
        if ins.keyword == "FROM" and not base_image:
            base_image = ins.args
        sources = copy_sources(ins)
        for source in sources:
            if path_exists(facts, source):
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
        data = load_yaml(text)
    except Refused as exc:
        return Package(path, "compose", note=str(exc))
    except ParseError:
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
    """Safe-loaded YAML within the parsing limits, or None."""
    try:
        return load_yaml(text)
    except ParseError:
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


def find_packages(facts: RepoFacts, units: tuple[CodeFacts, ...]) -> tuple[Package, ...]:
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


def space_package(facts: RepoFacts) -> Package | None:
    """The Space front matter as platform configuration: its app_file must exist."""
    space = hf_space(facts)
    if space is None or facts.readme is None:
        return None
    app = re.search(r"app_file (\S+)", space.detail)
    if app:
        ref = app.group(1)
        if path_exists(facts, ref):
            return Package(facts.readme.path, "Hugging Face Space", (Evidence(f"Space runs {ref}", facts.readme.path, 1),))
        return Package(facts.readme.path, "Hugging Face Space", (), (Evidence(f"Space app_file {ref}: not in the repository", facts.readme.path, 1),))
    return Package(facts.readme.path, "Hugging Face Space", (space,))


def ci_findings(facts: RepoFacts) -> tuple[list[CiFinding], list[CiFinding], list[CiFinding]]:
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
