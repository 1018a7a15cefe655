"""End to end on the sample portfolio: breadth (BRD), originality (ORG), code quality (COD) and history (ACT)."""

from __future__ import annotations

import pytest

from readiness.models import Status
from tests.factories import failing_ids, finding

PREFIXES = ("BRD", "ORG", "COD", "ACT")

# The checks of these four families each persona is expected to fail (personas.toml and personas.d/breadth_history.toml).
EXPECTED_FAILURES = {
    "churn-model": set(),
    "titanic-notebooks": {"ACT002", "BRD001", "ORG001"},  # one upload; trained and scored on its training data; Titanic as given
    "taxi-pipeline": set(),
    "rag-chat": {"ACT003"},  # "wip", "fix", "update"...
    "tinystats": set(),
    "ada-learner": {"ACT003"},
    "ml-project-template": {"ACT001", "ORG002"},  # no candidate commit; empty template stubs
    "sentiment-course": {"ACT003", "ORG001"},  # coursework is only a label (ORG002 passes)
    "air-quality-alerts": set(),  # own data; iris only in a test fixture
    "shop-sales-scripts": {"COD001", "COD002", "COD003", "COD004"},
}


def _failing(report, persona: str) -> set[str]:
    return set().union(*(failing_ids(report, persona, prefix) for prefix in PREFIXES))


@pytest.mark.parametrize("persona", sorted(EXPECTED_FAILURES))
def test_persona_failures(sample_report, persona: str) -> None:
    """Each persona fails exactly the expected BRD/ORG/COD/ACT checks."""
    assert _failing(sample_report, persona) == EXPECTED_FAILURES[persona]


def _values(report, persona: str, check_id: str) -> dict[str, str]:
    return dict(finding(report, persona, check_id).values)


def test_toy_data_only_in_tests_is_not_counted(sample_report) -> None:
    values = _values(sample_report, "air-quality-alerts", "ORG001")
    assert values["toy"] == "" and values["toy_in_tests"] == "Iris"
    assert values["own"] == "collection,cleaning"


def test_toy_data_is_a_label(sample_report) -> None:
    assert _values(sample_report, "titanic-notebooks", "ORG001")["toy"] == "Titanic"


def test_coursework_is_labelled_not_failed(sample_report) -> None:
    course = finding(sample_report, "sentiment-course", "ORG002")
    assert course.status is Status.PASS and "coursework" in course.message
    assert dict(course.values)["course"] == "course,readme,name,path"


def test_stages_are_reported_as_lists(sample_report) -> None:
    assert _values(sample_report, "churn-model", "BRD001")["stages"] == "preparation,training,evaluation,tuning,serving"
    assert _values(sample_report, "taxi-pipeline", "BRD001")["stages"] == "collection,preparation"
    assert _values(sample_report, "air-quality-alerts", "BRD001")["domains"] == "tabular,time-series"


def test_tiny_files_get_no_maintainability_score(sample_report) -> None:
    assert finding(sample_report, "ada-learner", "COD002").status is Status.NOT_APPLICABLE
    assert finding(sample_report, "churn-model", "COD002").status is Status.PASS


def test_history_shapes(sample_report) -> None:
    churn = _values(sample_report, "churn-model", "ACT001")
    assert churn["candidate_commits"] == "24" and int(churn["span_days"]) >= 90  # a genuine multi-month history
    assert _values(sample_report, "tinystats", "ACT001")["share"] == "0.50"  # team work shown, not zeroed
    assert finding(sample_report, "tinystats", "ACT001").points == 10
    assert "Add files via upload" in finding(sample_report, "titanic-notebooks", "ACT002").evidence[0].detail


def test_messy_code_evidence(sample_report) -> None:
    complexity = finding(sample_report, "shop-sales-scripts", "COD001")
    assert complexity.evidence[0].path == "clean_sales.py" and "rank F" in complexity.evidence[0].detail
    copies = finding(sample_report, "shop-sales-scripts", "COD004")
    assert any(e.path == "notebooks/explore_sales.ipynb" and "monthly_report.py" in e.detail for e in copies.evidence)


def test_portfolio_findings(sample_report) -> None:
    """The sample candidate shows several domains, all five curriculum areas, own data and work over time."""
    portfolio = {f.check_id: f for f in sample_report.portfolio_findings if f.check_id.startswith(PREFIXES)}
    assert {k: v.status for k, v in portfolio.items()} == {
        "BRD002": Status.PASS, "BRD003": Status.PASS, "ORG003": Status.PASS, "ACT004": Status.PASS,
    }
    breadth = dict(portfolio["BRD002"].values)["domains"].split(",")
    assert {"tabular", "time-series", "llm", "data-engineering", "mlops"} <= set(breadth)
    assert "ml-project-template" not in " ".join(e.detail for e in portfolio["BRD003"].evidence)  # not the candidate's work
    assert len(portfolio["BRD003"].evidence) == 5
