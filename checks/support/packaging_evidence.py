"""How a repository is packaged: Dockerfiles, compose files, Procfiles, platform configuration, deploy code and scripts, Hugging Face Spaces."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from checks.support.code_graph import repo_paths
from checks.support.platforms import code_hits, command_hit, may_hit
from checks.support.prefilter import first_match
from checks.support.serving_evidence import command_refs, path_exists
from readiness.facts.bounded import ParseError, Refused, load_yaml
from readiness.facts.ci_steps import logical_lines
from readiness.facts.docker import copy_sources, is_dockerfile, parse_dockerfile
from readiness.facts.model import CodeFacts, RepoFacts
from readiness.models import Evidence


K8S_KIND = re.compile(r"(?m)^kind:\s*(Deployment|StatefulSet|InferenceService|Service|CronJob|Job|Ingress|Rollout)\s*$")
SPACE_FRONT = re.compile(r"\A---\s*\n(.*?)\n---", re.S)
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
            (refers if target in repo_paths(facts) else missing).append(Evidence(f"service {name} is built from {target}" + ("" if target in repo_paths(facts) else ": not in the repository"), path))
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
    if path.endswith((".yaml", ".yml")) and "kind:" in text and (k8s := first_match(K8S_KIND, text)) and re.search(r"(?m)^apiVersion:", text) and not path.startswith(".github/"):
        return Package(path, "Kubernetes", (Evidence(f"Kubernetes {k8s.group(1)}", path),))
    if path.endswith(".tf") and re.search(r'(?m)^resource\s+"', text):
        return Package(path, "Terraform", (Evidence("Terraform resources", path),))
    return None


def _sdk_packages(units: tuple[CodeFacts, ...]) -> list[Package]:
    """Deploys made in code through a platform SDK of the catalogue (Vertex AI, SageMaker, Azure ML, Spaces, Modal...): calls, not imports."""
    out = []
    for unit in units:
        by_platform: dict[str, list[Evidence]] = {}
        for hit in code_hits(unit):
            by_platform.setdefault(hit.platform.name, []).append(hit.evidence)
        out += [Package(unit.path, f"{name} deploy code", tuple(found[:3])) for name, found in by_platform.items()]
    return out


def _deploy_scripts(facts: RepoFacts, path: str, text: str) -> Package | None:
    """A shell script or Makefile that deploys a model or an app with a catalogue command (by presence, like platform files; image pushes and infrastructure alone are not)."""
    refers: list[Evidence] = []
    if not may_hit(text):
        return None
    for number, line in logical_lines(text):
        line = line.strip()
        if line.startswith("#") or line.startswith(("echo ", "printf ")):
            continue
        if (found := command_hit(line)) and found[0].serves in ("model", "app"):
            refers.append(Evidence(f"runs `{found[1]}` ({found[0].label})", path, number))
    return Package(path, "deploy script", tuple(refers[:3])) if refers else None


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
        elif (path.endswith(".sh") or name in ("makefile", "gnumakefile")) and (package := _deploy_scripts(facts, path, kept.text)) is not None:
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
