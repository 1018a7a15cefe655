"""Scheduled batch inference: an orchestrated pipeline step that scores new data with the trained model (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from checks.support.code_graph import layout, memo
from checks.support.lifecycle import last_part
from readiness.facts.model import CodeFacts, RepoFacts
from readiness.models import Evidence

ORCHESTRATORS = {
    "dagster": "Dagster", "airflow": "Airflow", "prefect": "Prefect", "zenml": "ZenML", "kfp": "Kubeflow Pipelines",
    "metaflow": "Metaflow", "flytekit": "Flyte", "luigi": "Luigi",
}
"""Schedulers and pipeline frameworks whose steps run unattended (their docs: dagster.io, airflow.apache.org,
prefect.io, zenml.io, kubeflow.org, metaflow.org, flyte.org, luigi.readthedocs.io)."""
PREDICT = frozenset({"predict", "predict_proba", "decision_function"})


@dataclass(frozen=True, slots=True)
class BatchJob:
    """A pipeline step of an orchestrator that scores data with a model: where, with what, and the call."""

    path: str
    orchestrator: str
    predict: Evidence


def _orchestrator(unit: CodeFacts) -> str | None:
    """The orchestrator UNIT imports, if any."""
    for imp in unit.imports:
        root = imp.module.split(".", 1)[0]
        if imp.level == 0 and root in ORCHESTRATORS:
            return ORCHESTRATORS[root]
    return None


def _analyse(facts: RepoFacts) -> tuple[BatchJob, ...]:
    """Project modules (not tests, not notebooks) that import an orchestrator and call a model's predict."""
    jobs = []
    for unit in layout(facts).project_modules:
        name = _orchestrator(unit)
        call = next((c for c in unit.calls if last_part(c.name) in PREDICT), None) if name else None
        if name and call is not None:
            jobs.append(BatchJob(unit.path, name, Evidence(f"{name} step calls {last_part(call.name)}()", unit.path, call.line)))
    return tuple(jobs)


def batch_jobs(facts: RepoFacts) -> tuple[BatchJob, ...]:
    """The scheduled batch-inference steps of FACTS, computed once per repository."""
    return memo(facts, "batch-jobs", _analyse)
