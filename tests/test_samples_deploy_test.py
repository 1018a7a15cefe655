"""End to end on the sample portfolio: every deployment (DEP) and testing (TST) outcome on every persona."""

from __future__ import annotations

import pytest

from tests.factories import failing_ids, finding

# Failing DEP/TST checks per persona (personas.toml plus personas.d/deployment_testing.toml).
EXPECTED_FAILURES = {
    "churn-model": {"DEP005", "DEP008"},
    "titanic-notebooks": {"DEP001", "DEP002", "DEP003", "DEP007", "TST001", "TST005"},
    "taxi-pipeline": {"TST004", "TST006"},
    "rag-chat": {"DEP002", "DEP004", "DEP005", "TST001", "TST005"},
    "tinystats": set(),
    "ada-learner": {"TST001"},
    "ml-project-template": {"TST001"},
    "sentiment-course": {"DEP001", "DEP002", "DEP003", "DEP007", "TST001", "TST005"},
    "loan-api": {"DEP005", "DEP006", "TST001", "TST002", "TST004", "TST005", "TST006"},
    "notes-api": {"DEP002", "DEP005", "TST004", "TST006"},
    "wordfreq": {"DEP001", "DEP004", "TST001", "TST003", "TST004", "TST006"},
    "geokit": set(),
    "digits-space": {"DEP002"},
    "demand-vertex": {"TST005", "TST006"},
    "attrition-api": {"DEP005", "TST004", "TST006"},
}

# Every outcome, in check-id order (DEP001..DEP008, TST001..TST006): p pass, f fail, n not applicable;
# then the levels DEP001 and TST001 report.
OUTCOMES = {
    "churn-model": ("ppnpfppf", "pppppp", "strong", "solid"),
    "titanic-notebooks": ("fffnnnfn", "fnnnfn", "none", "none"),
    "taxi-pipeline": ("nnnnnnnn", "pppfpf", "none", "few"),
    "rag-chat": ("pfpffpnp", "fnnnfn", "partial", "none"),
    "tinystats": ("nnnnpnnn", "ppppnp", "not-applicable", "solid"),
    "ada-learner": ("nnnnnnnn", "fnnnnn", "none", "none"),
    "ml-project-template": ("nnnnnnnn", "fnnnnn", "none", "none"),
    "sentiment-course": ("fffnnnfn", "fnnnfn", "none", "none"),
    "loan-api": ("ppnpffpp", "ffpfff", "partial", "none"),
    "notes-api": ("pfnpfnnp", "pppfnf", "partial", "few"),
    "wordfreq": ("fnnfnnnn", "fpffnf", "none", "none"),
    "geokit": ("nnnnnnnn", "ppppnp", "not-applicable", "solid"),
    "digits-space": ("pfpppppp", "pppppp", "strong", "solid"),
    "demand-vertex": ("ppnppppn", "ppppff", "strong", "few"),
    "attrition-api": ("ppnpfppp", "pppfpf", "strong", "few"),
}
CODE = {"pass": "p", "fail": "f", "not-applicable": "n", "unknown": "u", "error": "E"}


def _outcomes(report, persona: str, prefix: str) -> str:
    """The outcome letters of one family on one persona, in id order."""
    repo = next(r for r in report.repos if r.name == persona)
    return "".join(CODE[f.status.value] for f in sorted(repo.findings, key=lambda f: f.check_id) if f.check_id.startswith(prefix))


@pytest.mark.parametrize("persona", sorted(EXPECTED_FAILURES))
def test_failing_checks(sample_report, persona: str) -> None:
    """Each persona fails exactly the expected deployment and testing checks."""
    failing = failing_ids(sample_report, persona, "DEP") | failing_ids(sample_report, persona, "TST")
    assert failing == EXPECTED_FAILURES[persona]


@pytest.mark.parametrize("persona", sorted(OUTCOMES))
def test_every_outcome_and_level(sample_report, persona: str) -> None:
    """Every DEP and TST outcome, and the two levels, are pinned."""
    deploy, testing, deploy_level, test_level = OUTCOMES[persona]
    assert _outcomes(sample_report, persona, "DEP") == deploy
    assert _outcomes(sample_report, persona, "TST") == testing
    assert dict(finding(sample_report, persona, "DEP001").values)["level"] == deploy_level
    assert dict(finding(sample_report, persona, "TST001").values)["level"] == test_level


def test_tables_cover_the_families_personas(sample_report) -> None:
    """Both tables cover the same personas, all of them in the sample portfolio."""
    assert set(EXPECTED_FAILURES) == set(OUTCOMES) <= {r.name for r in sample_report.repos}


def _text(item) -> str:
    """A finding's message and evidence as one string."""
    return item.message + " | " + " | ".join(f"{e.path}:{e.line} {e.detail}" for e in item.evidence)


def test_traps_are_explained(sample_report) -> None:
    """The reasons a careful reviewer would give appear in the findings."""
    said = lambda persona, check_id: _text(finding(sample_report, persona, check_id))  # noqa: E731
    assert "web code, not model serving" in said("notes-api", "DEP002")
    assert "model.pkl" in said("loan-api", "DEP006") and "git check-ignore" in said("loan-api", "DEP006")
    assert "commented out" in said("loan-api", "DEP005") and "commented out" in said("loan-api", "TST004")
    assert "0 of 3 tests assert" in said("loan-api", "TST002")
    assert "vendor/" in said("wordfreq", "TST001") and "vendor" in said("wordfreq", "TST003")
    assert "|| true" in said("wordfreq", "TST004")
    assert "artifact, not evidence" in said("wordfreq", "TST006")
    assert "COPY src/" in said("wordfreq", "DEP004")
    assert "lint only" in said("notes-api", "TST004")
    assert "release" in said("tinystats", "DEP001") and "not verified" in said("rag-chat", "DEP008")
    assert "239 test(s)" in said("geokit", "TST001")
    assert "joblib.load" in said("churn-model", "DEP002") and "Dockerfile" in said("churn-model", "DEP004")


def test_a_model_deployed_by_a_cloud_platform_is_deployment(sample_report) -> None:
    """The workflow on push runs `make deploy`, whose recipe runs the script that deploys to Vertex AI: the chain is named."""
    said = lambda check_id: _text(finding(sample_report, "demand-vertex", check_id))  # noqa: E731
    chain = said("DEP005")
    for hop in ("`make deploy`", "Makefile:5 `python scripts/deploy_vertex.py`", "scripts/deploy_vertex.py:19 calls google.cloud.aiplatform.Model.upload()", "on push"):
        assert hop in chain, hop
    assert "authenticating to Google Cloud" in chain and "predicts with endpoint.predict()" in chain
    assert "Vertex AI endpoint serves the model" in said("DEP002")
    assert "not committed but a download step fetches them" in said("DEP006")  # trained by the deploy chain (make deploy needs train)


def test_a_running_instance_on_any_host_is_claimed_not_verified(sample_report) -> None:
    """The README's custom domain and the client's /predict call are claims; the blog, notebook, badge, dataset and docs links are not."""
    live = finding(sample_report, "attrition-api", "DEP008")
    said = _text(live)
    assert dict(live.values)["claimed"] == "https://attrition.ada-learner.dev" and "not verified" in said
    assert "README.md:9" in said and "client/score.py calls its route /predict (declared in app/main.py)" in said
    for other in ("ada-learner.dev/blog", "nbviewer", "kaggle", "fastapi.tiangolo", "scikit-learn.org", "badge"):
        assert other not in said, other
    assert "only when started by hand" in _text(finding(sample_report, "attrition-api", "DEP005"))
