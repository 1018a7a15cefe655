"""Deployment evidence of one repository, computed once from its facts (services, packaging, CI, artifacts, claimed instances), and the level it makes (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field

from checks.support.artifact_evidence import Artifact, find_artifacts, find_downloads, find_exports, find_hub_models, model_cards
from checks.support.batch_evidence import BatchJob, batch_jobs
from checks.support.code_graph import layout, memo
from checks.support.common import code_units, ml_project
from checks.support.deploy_chain import CiFinding, ci_shipping
from checks.support.library import library_evidence
from checks.support.live_instances import Claim, live_instances
from checks.support.packaging_evidence import Package, find_packages, hf_space, space_package
from checks.support.platforms import code_hits
from checks.support.serving_evidence import Service, config_services, own_apps
from readiness.facts.model import CodeFacts, RepoFacts
from readiness.models import Evidence

HEURISTIC = "not verified: the tool does not browse; telling an app host from a blog is a heuristic"

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
    manual: tuple[CiFinding, ...] = ()
    artifacts: tuple[Artifact, ...] = ()
    downloads: tuple[Evidence, ...] = ()
    hub_models: tuple[Evidence, ...] = ()
    exports: tuple[Evidence, ...] = ()
    saves: tuple[Evidence, ...] = ()
    cards: tuple[Evidence, ...] = ()
    trains: tuple[Evidence, ...] = ()
    links: tuple[tuple[str, Evidence], ...] = field(default=())
    """README links that are not running instances: 'temporary' share links, 'other' blogs and notebooks."""
    claims: tuple[Claim, ...] = ()
    """Running instances of the app the README or a client claims (never fetched)."""
    batch: tuple[BatchJob, ...] = ()
    """Orchestrated pipeline steps that score new data with the model (scheduled batch inference)."""
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


def _managed(code: tuple[CodeFacts, ...], deploys: tuple[CiFinding, ...]) -> list[Service]:
    """Models served by a managed platform (a Vertex AI or SageMaker endpoint, an Azure ML online endpoint, a batch-prediction
    job): deploy calls in the project's code, and deploy commands a CI workflow runs itself."""
    out: list[Service] = []
    for unit in code:
        hits = [h for h in code_hits(unit) if h.platform.serves == "model"]
        if hits:
            said = tuple(h.evidence for h in hits[:2]) + tuple(e for e in (hits[0].predicts,) if e is not None)
            out.append(Service(unit.path, f"{hits[0].platform.name} endpoint", said, said, (), (unit.path,), managed=True))
    for deploy in deploys:
        hit = deploy.hit
        if hit is not None and hit.platform.serves == "model" and hit.evidence.path is None:
            out.append(Service(deploy.evidence.path or "", f"{hit.platform.name} endpoint", (deploy.evidence,), (deploy.evidence,), (), (), managed=True))
    return out


def _analyse(facts: RepoFacts) -> DeployEvidence:
    """Compute the deployment evidence of one repository."""
    code = layout(facts).project_modules
    shipping = ci_shipping(facts)
    served, demos = own_apps(facts)
    services = served + tuple(config_services(facts)) + tuple(_managed(code, shipping.deploys))
    packages = list(find_packages(facts, code))
    if (space := space_package(facts)) is not None:
        packages.append(space)
    units = code_units(facts)
    exports, saves, trains = find_exports([u for u in units if u.path not in {t.path for t in layout(facts).test_modules}])
    runtime = services + demos
    runnable = bool(runtime or hf_space(facts) or any(p.ok for p in packages) or shipping.deploys)
    claims, links = live_instances(facts, services + demos, runnable)
    return DeployEvidence(
        services=services,
        demos=demos,
        space=hf_space(facts),
        packages=tuple(packages),
        deploys=shipping.deploys,
        publishes=shipping.publishes,
        inert=shipping.inert,
        manual=shipping.manual,
        artifacts=tuple(find_artifacts(facts, runtime, tuple(packages))),
        downloads=tuple(find_downloads(facts, code, frozenset(m for s in runtime for m in s.modules))),
        hub_models=tuple(find_hub_models(runtime)),
        exports=tuple(exports),
        saves=tuple(saves),
        cards=tuple(model_cards(facts)),
        trains=tuple(trains),
        links=links,
        claims=claims,
        batch=batch_jobs(facts),
        ml=ml_project(facts),
        library=bool(library_evidence(facts)),
    )


def deploy_evidence(facts: RepoFacts) -> DeployEvidence:
    """The deployment evidence of FACTS, computed once and shared by every deployment check."""
    return memo(facts, "deployment", _analyse)


def _serving(service: Service) -> str:
    """How a service serves the model, for the level's reasons."""
    if service.managed:
        return f"model serving: a {service.framework}, deployed by {service.path}: {service.loaders[0].detail}"
    return f"model serving: {service.framework} service; {(service.loaders or service.hosted)[0].detail}"


def level(ev: DeployEvidence) -> tuple[str, list[Evidence]]:
    """The deployment level (strong / partial / none / not-applicable) and the reasons for it."""
    reasons: list[Evidence] = []
    serving = ev.model_services
    demos = ev.model_demos
    packaged = [p for p in ev.packages if p.ok]
    broken = [p for p in ev.packages if p.missing]
    missing = ev.missing_artifacts
    reasons += [Evidence(_serving(s), s.path, s.routes[0].line) for s in serving[:2]]
    reasons += [Evidence(f"web code without a model: {s.framework} routes load no model", s.path, s.routes[0].line) for s in ev.services if s not in serving][:2]
    reasons += [Evidence(f"demo app: {d.framework}" + (" using a model" if d in demos else " (no model reached)"), d.path, d.routes[0].line) for d in ev.demos[:2]]
    reasons += [Evidence(f"packaging refers to the project's code: {p.kind}", p.path, p.refers[0].line) for p in packaged[:3]]
    reasons += [Evidence(f"packaging names missing files: {p.missing[0].detail}", p.path, p.missing[0].line) for p in broken[:2]]
    reasons += [Evidence(f"deploy automation: {d.evidence.detail}", d.evidence.path, d.evidence.line) for d in ev.deploys[:2]]
    reasons += [Evidence(f"release automation: {d.evidence.detail}", d.evidence.path, d.evidence.line) for d in ev.publishes[:1]]
    reasons += [Evidence(f"not automated: {d.evidence.detail}", d.evidence.path, d.evidence.line) for d in ev.manual[:1] if not ev.deploys]
    reasons += [Evidence(f"missing artifact: {a.name} is not committed" + (" (.gitignore excludes it)" if a.ignored else ""), a.where.path, a.where.line) for a in missing[:2]]
    reasons += [Evidence(f"live instance claimed at {c.url} ({c.how}; {HEURISTIC})", c.evidence.path, c.evidence.line) for c in ev.claims[:1]]
    reasons += [Evidence(f"batch inference: {b.predict.detail}", b.path, b.predict.line) for b in ev.batch[:1]]
    if ev.library:
        return "not-applicable", reasons
    if not (ev.deployable or ev.deploys or ev.batch or any(p.missing for p in ev.packages)):
        return "none", reasons
    shipped = ev.deploys or ev.claims  # a side file naming a missing file does not undo a deploy that runs or a claimed instance
    if (serving or demos or ev.batch) and (packaged or ev.deploys) and not missing and not (broken and not shipped):
        return "strong", reasons
    positive = serving or ev.services or ev.demos or ev.batch or packaged or ev.deploys or ev.claims
    return ("partial" if positive else "none"), reasons


def level_gaps(ev: DeployEvidence) -> str:
    """What keeps a partial deployment from being strong."""
    gaps = []
    if not (ev.model_services or ev.model_demos or ev.batch):
        gaps.append("no service or demo reaches a model")
    if not (any(p.ok for p in ev.packages) or ev.deploys):
        gaps.append("nothing packages or deploys it")
    if any(p.missing for p in ev.packages) and not (ev.deploys or ev.claims):
        gaps.append("packaging names missing files")
    if ev.missing_artifacts:
        gaps.append("a model file it loads is not in the repository")
    return "; ".join(gaps)
