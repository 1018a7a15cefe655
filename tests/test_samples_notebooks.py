"""End to end on the sample portfolio: each persona's failing notebook checks, and the outcomes that matter most."""

from __future__ import annotations

import pytest

from readiness.models import Status
from readiness.report.text import render_details as render
from tests.factories import failing_ids, finding

EXPECTED_NBK_FAILURES = {
    "churn-model": set(),
    "titanic-notebooks": {"NBK002", "NBK004", "NBK005", "NBK006", "NBK007", "NBK009", "NBK010", "NBK011", "NBK012", "NBK013", "NBK017"},
    "taxi-pipeline": set(),
    "rag-chat": set(),
    "tinystats": set(),
    "ada-learner": set(),
    "ml-project-template": set(),
    "sentiment-course": {"NBK017"},
    "air-quality-alerts": set(),
    "shop-sales-scripts": set(),
    "loan-api": set(),
    "notes-api": set(),
    "wordfreq": set(),
    "geokit": set(),
    "digits-space": set(),
    "energy-notebooks": set(),
    "bikes-stripped-notebooks": set(),
    "notebook-scratchpad": {
        "NBK001", "NBK003", "NBK006", "NBK007", "NBK008", "NBK009", "NBK010", "NBK012", "NBK013", "NBK014",
        "NBK015", "NBK016", "NBK017", "NBK018",
    },
}
WITHOUT_NOTEBOOKS = ("churn-model", "taxi-pipeline", "rag-chat", "tinystats", "ada-learner", "ml-project-template")


@pytest.mark.parametrize("persona", sorted(EXPECTED_NBK_FAILURES))
def test_persona_notebook_failures(sample_report, persona: str) -> None:
    """Each persona fails exactly the expected notebook checks."""
    assert failing_ids(sample_report, persona, "NBK") == EXPECTED_NBK_FAILURES[persona]


def test_personas_outside_the_table_fail_no_notebook_check(sample_report) -> None:
    """A persona added later without a row here must not fail notebook checks (add a row when it does)."""
    for repo in sample_report.repos:
        if repo.name not in EXPECTED_NBK_FAILURES:
            assert failing_ids(sample_report, repo.name, "NBK") == set(), repo.name


@pytest.mark.parametrize("persona", WITHOUT_NOTEBOOKS)
def test_repositories_without_notebooks_are_not_judged(sample_report, persona: str) -> None:
    repo = next(r for r in sample_report.repos if r.name == persona)
    assert {f.status for f in repo.findings if f.check_id.startswith("NBK")} == {Status.NOT_APPLICABLE}


def test_clean_notebook_project_passes_everything(sample_report) -> None:
    """The clean persona: narrated, in order, seeded, relative paths, download script, tested module."""
    repo = next(r for r in sample_report.repos if r.name == "energy-notebooks")
    assert {f.check_id: f.status for f in repo.findings if f.check_id.startswith("NBK")} == {f"NBK{i:03d}": Status.PASS for i in range(1, 19)}
    data = finding(sample_report, "energy-notebooks", "NBK013")
    assert "scripts/download_data.py" in data.evidence[0].detail


def test_stripped_notebooks_have_unknown_order(sample_report) -> None:
    """nbstripout configured: execution order and completeness are unknown, not bad."""
    for check_id in ("NBK002", "NBK003"):
        result = finding(sample_report, "bikes-stripped-notebooks", check_id)
        assert result.status is Status.UNKNOWN and result.points is None
        assert any(e.path == ".gitattributes" for e in result.evidence)


def test_titanic_evidence_names_notebooks_and_cells(sample_report) -> None:
    """The Kaggle persona: evidence per notebook and cell for each of its known faults."""
    where = lambda check_id: {(e.path, e.cell) for e in finding(sample_report, "titanic-notebooks", check_id).evidence}  # noqa: E731
    assert ("titanic_eda.ipynb", 1) in where("NBK002")
    assert where("NBK004") == {("titanic_eda.ipynb", 2), ("titanic_model.ipynb", 3)}
    assert where("NBK005") == {("titanic_eda.ipynb", 3), ("titanic_model.ipynb", 3)}
    assert where("NBK006") == {("titanic_eda.ipynb", 0)}
    assert where("NBK009") == {("titanic_eda.ipynb", 4)}
    assert where("NBK010") == {("titanic_model.ipynb", 3)}
    assert where("NBK011") == {("titanic_model.ipynb", 5)}
    assert "NameError" in " ".join(e.detail for e in finding(sample_report, "titanic-notebooks", "NBK004").evidence)
    assert "later, in cell 6" in finding(sample_report, "titanic-notebooks", "NBK010").evidence[0].detail


def test_scratchpad_names_copies_and_secret(sample_report) -> None:
    names = {e.path for e in finding(sample_report, "notebook-scratchpad", "NBK008").evidence}
    assert {"Untitled-1.ipynb", "Copy of analysis.ipynb"} <= names
    copies = finding(sample_report, "notebook-scratchpad", "NBK016").evidence[0]
    assert copies.path == "Copy of analysis.ipynb" and "analysis.ipynb" in copies.detail
    secret = finding(sample_report, "notebook-scratchpad", "NBK015")
    assert "redacted" in secret.evidence[0].detail and "Qm7xT2vL9kR4" not in repr(secret)


def test_text_report_shows_cells(sample_report) -> None:
    """The text report shows per notebook what was found, with cell numbers, and never the secret."""
    text = render(sample_report)
    assert "titanic_eda.ipynb [cell 2]: ran as [1]" in text
    assert "Qm7xT2vL9kR4" not in text
