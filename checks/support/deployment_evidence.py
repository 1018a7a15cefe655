"""Deployment evidence of one repository, computed once from its facts: services, packaging and artifacts in one DeployEvidence (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from checks.support.artifact_evidence import Artifact, find_artifacts, find_downloads, find_exports, find_hub_models, model_cards
from checks.support.code_graph import layout, memo
from checks.support.common import code_units, ml_project, outline
from checks.support.library import library_evidence
from checks.support.packaging_evidence import CiFinding, Package, ci_findings, find_packages, hf_space, space_package
from checks.support.serving_evidence import DEMO, SERVING, Service, config_services, find_services
from readiness.facts.model import RepoFacts
from readiness.models import Evidence

APP_HOSTS = (
    r"[\w-]+\.streamlit\.app", r"share\.streamlit\.io", r"huggingface\.co/spaces/", r"[\w-]+\.hf\.space", r"[\w-]+\.herokuapp\.com",
    r"[\w-]+\.onrender\.com", r"[\w-]+\.fly\.dev", r"[\w-]+\.vercel\.app", r"[\w-]+\.netlify\.app", r"[\w-]+\.run\.app",
    r"[\w-]+\.azurewebsites\.net", r"[\w-]+\.appspot\.com", r"[\w-]+\.pythonanywhere\.com", r"[\w-]+\.railway\.app",
    r"[\w-]+\.modal\.run", r"[\w-]+\.koyeb\.app", r"[\w-]+\.replit\.app", r"[\w-]+\.elasticbeanstalk\.com", r"execute-api\.[\w-]+\.amazonaws\.com",
)
APP_HOST = re.compile(r"https?://(?:[\w-]+\.)*(" + "|".join(APP_HOSTS) + r")", re.I)
TEMPORARY_HOST = re.compile(r"https?://[\w.-]*(gradio\.live|ngrok\.io|ngrok-free\.app|ngrok\.app|trycloudflare\.com)", re.I)
NOT_A_DEMO = re.compile(r"https?://(?:[\w-]+\.)*(medium\.com|towardsdatascience\.com|dev\.to|hashnode\.\w+|substack\.com|wordpress\.com|blogspot\.com|linkedin\.com|kaggle\.com|colab\.research\.google\.com|mybinder\.org|nbviewer\.org|youtube\.com|youtu\.be)", re.I)


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


def _analyse(facts: RepoFacts) -> DeployEvidence:
    """Compute the deployment evidence of one repository."""
    code = layout(facts).project_modules
    services = find_services(facts, code, SERVING, True) + tuple(config_services(facts))
    demos = find_services(facts, code, DEMO, False)
    packages = list(find_packages(facts, code))
    if (space := space_package(facts)) is not None:
        packages.append(space)
    deploys, publishes, inert = ci_findings(facts)
    units = code_units(facts)
    exports, saves, trains = find_exports([u for u in units if u.path not in {t.path for t in layout(facts).test_modules}])
    runtime = services + demos
    return DeployEvidence(
        services=services,
        demos=demos,
        space=hf_space(facts),
        packages=tuple(packages),
        deploys=tuple(deploys),
        publishes=tuple(publishes),
        inert=tuple(inert),
        artifacts=tuple(find_artifacts(facts, runtime, tuple(packages))),
        downloads=tuple(find_downloads(facts, code, frozenset(m for s in runtime for m in s.modules))),
        hub_models=tuple(find_hub_models(runtime)),
        exports=tuple(exports),
        saves=tuple(saves),
        cards=tuple(model_cards(facts)),
        trains=tuple(trains),
        links=tuple(_links(facts)),
        ml=ml_project(facts),
        library=bool(library_evidence(facts)),
    )


def deploy_evidence(facts: RepoFacts) -> DeployEvidence:
    """The deployment evidence of FACTS, computed once and shared by every deployment check."""
    return memo(facts, "deployment", _analyse)
