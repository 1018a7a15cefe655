"""Breadth checks: ML domains and lifecycle stages per repository; domains and seed 001's curriculum across the portfolio."""

from __future__ import annotations

from checks.support.code_graph import files_with_suffix, has_code
from checks.support.lifecycle import AREA_LABELS, AREAS, DOMAIN_LABELS, DOMAINS, STAGES
from checks.support.repo_profile import profile
from checks.support.portfolio import own_repos, repo_values, value
from checks.support.registry import check
from checks.support.tooling import tool_values
from readiness.facts.model import PortfolioFacts, RepoFacts
from readiness.models import Dimension, Effort, Evidence, Status, Verdict, failed, not_applicable, passed

BRD = Dimension.BREADTH


EVAL_SEARCH = (
    "sklearn.metrics / torchmetrics / evaluate imports and metric calls",
    "a held-out split (train_test_split, KFold, TimeSeriesSplit...) followed by score/predict",
    "fit(..., validation_data=...) or model.evaluate(...)",
)


@check(
    id="BRD001",
    slug="lifecycle-stages",
    dimension=BRD,
    title="A project that trains a model evaluates it on held-out data, as part of a wider lifecycle",
    remediation="Hold out data the model never saw (train_test_split, cross-validation or a time-based split), report metrics against a baseline, and show the stages around training: data collection or cleaning, tuning, serving.",
    effort=Effort.MEDIUM,
    weight=3,
)
def lifecycle_stages(facts: RepoFacts) -> Verdict:
    """Lists the ML lifecycle stages the repository's own code covers (tests and docs left out), as a list, not a
    sum: data collection (scraping, API clients, HTTP downloads, database reads), preparation (cleaning and
    features: fillna, to_datetime, encoders, vectorisers, SQL models), training (fit, training loops),
    evaluation (metrics, a held-out split followed by scoring, validation data; a model-quality test that
    computes a metric counts too), tuning (grid or random
    search, Optuna...), serving (FastAPI, Flask, Streamlit, Gradio, BentoML) and monitoring (Evidently,
    Prometheus, whylogs...). Each stage needs code evidence, never a file name alone. The ML domains (NLP,
    computer vision, tabular, time series, RL, recommender systems, LLM/RAG, data engineering, MLOps) are
    reported beside the stages, each with its evidence, from what the models and pipelines do: model classes
    and layers (Conv2d, LSTM over sequences, TF-IDF, estimators), task loaders, well-known datasets, lag
    features, LLM calls, pipeline frameworks (Kafka, Spark, Airflow, dbt); an import alone counts only with a
    README claim, MLOps needs two kinds of practice (tracking, versioning, orchestration, monitoring, serving
    infrastructure), a recommender's vectorised tags are not NLP, and analysis of tables with nothing else is
    tabular. A library's domains come from its package, not from the examples around it.

    Judged only for repositories that train a model: training without any held-out evaluation fails (a
    model scored on its own training data says nothing); training with evaluation passes with 6 points, plus
    one for each part of the wider lifecycle the code shows: a data side (collection or preparation), tuning,
    serving, monitoring, and MLOps practice of two kinds (tracking, orchestration, versioning, feature store,
    serving infrastructure) — a notebook that cleans, trains and scores gets 7, a tuned and served model with
    tracked, orchestrated pipelines 10 (reviewers read "beyond the notebook" as the lifecycle around the model). Repositories that train nothing (pipelines, libraries, LLM apps) are not
    applicable but still report their stages and domains for the portfolio checks.
    The verdict also carries, as values for `readiness match`, the packages the project's own code imports, the
    libraries it trains a model with (a training call in code that imports the library), the dependencies its
    manifests declare and its infrastructure files (Dockerfiles, Kubernetes, Terraform, dbt, DAGs, CI, cloud
    deploy steps, languages), each with its first location; they do not change the outcome.
    Source: signals.md L1 (stage coverage, report a vector), L2 (evaluation rigour) and L8 (domains);
    seed 000 (hiring managers want models taken beyond a notebook).
    """
    prof = profile(facts)
    tools = tool_values(facts)
    if not has_code(facts) and not files_with_suffix(facts, frozenset({".sql"})):
        domains = ", ".join(DOMAIN_LABELS[d] for d in DOMAINS if d in prof.domains)
        return not_applicable("no Python code" + (f" (domains from its data: {domains})" if domains else ""),
                              *[evs[0] for evs in prof.domains.values()][:3], values=prof.values() + tools)
    values = prof.values() + tools
    listed = ", ".join(s for s in STAGES if s in prof.stages) or "none"
    domains = ", ".join(DOMAIN_LABELS[d] for d in DOMAINS if d in prof.domains) or "none recognised"
    summary = f"stages: {listed}; domains: {domains}"
    evidence = [Evidence(f"{stage}: {evs[0].detail}", evs[0].path, evs[0].line, evs[0].cell) for stage in STAGES if (evs := prof.stages.get(stage))]
    evidence += [Evidence(f"domain {DOMAIN_LABELS[d]}: {ev.detail}", ev.path, ev.line, ev.cell) for d in DOMAINS for ev in prof.domains.get(d, [])[:2]]
    if "training" not in prof.stages:
        return not_applicable(f"trains no model ({summary})", *evidence, values=values)
    if "evaluation" not in prof.stages:
        return failed(f"trains a model but never evaluates it on held-out data ({summary})", *evidence, searched=EVAL_SEARCH, score=3, values=values)
    return passed(f"trains and evaluates a model ({summary})", *evidence, score=lifecycle_points(prof.stages, prof.domains), values=values)


def lifecycle_points(stages: dict[str, list[Evidence]], domains: dict[str, list[Evidence]]) -> float:
    """Points for a project that trains and evaluates: 6, plus one for each part of the wider lifecycle its code
    shows (a data side: collection or preparation; tuning; serving; monitoring; MLOps practice of two kinds), at most 10."""
    parts = ({"collection", "preparation"} & set(stages), "tuning" in stages, "serving" in stages, "monitoring" in stages, "mlops" in domains)
    return float(min(10, 6 + sum(1 for part in parts if part)))


@check(
    id="BRD002",
    slug="domain-breadth",
    dimension=BRD,
    title="The portfolio shows depth in more than one ML domain",
    remediation="Add a project in a second domain (e.g. NLP, time series, computer vision, data engineering or an LLM application) and take it past training: evaluation, serving or a data pipeline.",
    effort=Effort.HIGH,
    weight=2,
    scope="portfolio",
)
def domain_breadth(portfolio: PortfolioFacts) -> Verdict:
    """Counts the distinct ML domains across the candidate's own repositories (forks and repositories with no
    commit of theirs left out), from the domains each repository reports on BRD001. A domain counts in depth
    when some repository showing it does not fail BRD001 (it evaluates what it trains, or it is a pipeline,
    library or application that trains nothing); domains seen only in failing repositories are listed as
    shallow. One domain fails; two pass at 7, three at 8.5, four or more at 10 (readiness's own scale). The union of lifecycle stages
    across the portfolio is reported too, with the stages no repository shows.
    Source: signals.md L8 (portfolio breadth, weighted by depth: quantity of repositories is a vanity metric,
    SharpestMinds and DataTalks.Club); Visual Resume (diversity of projects as a signal).
    """
    repos = own_repos(portfolio)
    deep: dict[str, list[str]] = {}
    shallow: dict[str, list[str]] = {}
    stages: dict[str, list[str]] = {}
    for repo in repos:
        status, values = repo_values(repo, "BRD001")
        for domain in value(values, "domains"):
            (shallow if status is Status.FAIL else deep).setdefault(domain, []).append(repo.name)
        for stage in value(values, "stages"):
            stages.setdefault(stage, []).append(repo.name)
    seen = [d for d in DOMAINS if d in deep or d in shallow]
    if not seen:
        if not any(value(repo_values(r, "BRD001")[1], "stages") for r in repos):
            return not_applicable("no repository of the candidate's shows ML or data code")
    evidence = [Evidence(f"{DOMAIN_LABELS[d]}: {', '.join(deep.get(d, []) or shallow.get(d, []))}" + ("" if d in deep else " (shallow: training without evaluation)")) for d in seen]
    missing = [s for s in STAGES if s not in stages]
    evidence.append(Evidence(f"lifecycle stages across the portfolio: {', '.join(s for s in STAGES if s in stages) or 'none'}; not shown: {', '.join(missing) or 'none'}"))
    values = (("domains", ",".join(d for d in DOMAINS if d in deep)), ("shallow", ",".join(d for d in DOMAINS if d in shallow and d not in deep)),
              ("stages", ",".join(s for s in STAGES if s in stages)))
    count = len(deep)
    searched = tuple(f"{DOMAIN_LABELS[d]}" for d in DOMAINS)
    if count < 2:
        return failed(f"{count} ML domain(s) shown in depth across {len(repos)} repositories", *evidence, score=3.0 * count, searched=searched, values=values)
    score = {2: 7.0, 3: 8.5}.get(count, 10.0)
    return passed(f"{count} ML domains shown in depth: {', '.join(DOMAIN_LABELS[d] for d in DOMAINS if d in deep)}", *evidence, score=score, values=values)


@check(
    id="BRD003",
    slug="curriculum-coverage",
    dimension=BRD,
    title="The portfolio shows each area an ML master's covers",
    remediation="Fill the uncovered areas of the map with one project each (e.g. a statistics or optimisation piece for applied mathematics, a clustering or deep-learning model for ML methods, an NLP or vision project for AI subdisciplines).",
    effort=Effort.HIGH,
    weight=2,
    scope="portfolio",
)
def curriculum_coverage(portfolio: PortfolioFacts) -> Verdict:
    """A coverage map of the five areas seed 001 says ML master's programmes commonly cover, each with the
    repositories that show it in code: applied mathematics (SciPy, statsmodels, SymPy, or three or more
    distinct numerical routines such as quantiles, variances or linear algebra); programming (functions or
    classes across modules, tested or packaged code, not notebooks alone); machine-learning methods
    (supervised, unsupervised, reinforcement, deep learning: each listed); AI subdisciplines (NLP, computer
    vision, LLM applications, robotic process automation); data skills (collection, preparation, mining and
    analysis, visualization, architecture: each listed). Four or five areas pass (2 points per area); fewer
    fail (readiness's own bar; seed 001 gives no weights). Forks and repositories without a commit of the candidate's are left out.
    Source: seed 001 ("Is a master's in machine learning worth it?"): applied mathematics, programming, ML
    methods, AI subdisciplines and data skills; the portfolio is the candidate's evidence of the same skills.
    """
    repos = own_repos(portfolio)
    shown: dict[str, list[str]] = {a: [] for a in AREAS}
    details: dict[str, dict[str, list[str]]] = {"ml-methods": {}, "data-skills": {}}
    for repo in repos:
        _, values = repo_values(repo, "BRD001")
        for area in value(values, "areas"):
            shown[area].append(repo.name)
        for method in value(values, "methods"):
            details["ml-methods"].setdefault(method, []).append(repo.name)
        for skill in value(values, "data_skills"):
            details["data-skills"].setdefault(skill, []).append(repo.name)
    if not repos:
        return not_applicable("no repository of the candidate's to map")
    evidence = []
    for area in AREAS:
        where = ", ".join(shown[area]) or "no repository"
        extra = ""
        if area in details:
            extra = "; " + "; ".join(f"{k}: {', '.join(v)}" for k, v in sorted(details[area].items())) if details[area] else ""
        evidence.append(Evidence(f"{AREA_LABELS[area]}: {where}{extra}"))
    covered = [a for a in AREAS if shown[a]]
    missing = [AREA_LABELS[a] for a in AREAS if not shown[a]]
    values = (("areas", ",".join(covered)), ("missing", ",".join(a for a in AREAS if not shown[a])))
    message = f"{len(covered)} of the 5 areas ML master's programmes cover (seed 001) are shown" + (f"; missing: {', '.join(missing)}" if missing else "")
    if len(covered) >= 4:
        return passed(message, *evidence, score=2.0 * len(covered), values=values)
    return failed(message, *evidence, score=2.0 * len(covered), values=values, searched=tuple(AREA_LABELS[a] for a in AREAS))
