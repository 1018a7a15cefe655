"""Realistic postings (tests/postings/) matched against the sample portfolio: requirement sets, verdicts, evidence."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from readiness.advice.inputs import Background, DegreePlan
from readiness.advice.posting import extract
from readiness.advice.posting_guidance import with_posting
from readiness.sources.posting import read_posting

HERE = Path(__file__).resolve().parent
POSTINGS = HERE / "postings"
SAMPLES = HERE.parent / "sample_repos"
EXPECTED = tomllib.loads((POSTINGS / "expected.toml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def matched(sample_report) -> dict:
    """Every posting matched once against the sample portfolio."""
    out = {}
    for name in EXPECTED:
        posting = read_posting(str(POSTINGS / name))
        out[name] = with_posting(sample_report, extract(posting), posting.origin, None, None, Background(), DegreePlan())
    return out


def test_the_postings_cover_the_roles_and_formats() -> None:
    names = sorted(p.name for p in POSTINGS.iterdir() if p.suffix != ".toml")
    assert names == sorted(EXPECTED) and len(names) >= 12
    assert {Path(n).suffix for n in names} == {".md", ".txt", ".html"}
    roles = {spec["role"] for spec in EXPECTED.values()}
    assert {"ml-engineer", "data-scientist", "data-engineer", "software-engineer", "research"} <= roles
    sizes = [len((POSTINGS / n).read_text(encoding="utf-8").split()) for n in names]
    assert min(sizes) < 40 and max(sizes) > 150


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_requirements_and_verdicts(name: str, matched: dict) -> None:
    """The requirement set, each must-have and nice-to-have verdict, the exclusions, the role and the degree advice."""
    spec, report = EXPECTED[name], matched[name]
    match = report.match
    verdicts = {imp: {m.requirement.id: m.verdict for m in match.requirements if m.requirement.importance == imp} for imp in ("must", "nice")}
    assert verdicts["must"] == spec["must"]
    assert verdicts["nice"] == spec["nice"]
    assert [x.split(":")[0] for x in match.excluded] == spec["excluded"]
    assert (match.title, match.role, report.target_role) == (spec["title"], spec["role"], spec["role"])
    assert report.advice.verdict == spec["advice"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_evidence_points_at_real_files_and_gaps_cover_what_is_missing(name: str, matched: dict) -> None:
    match = matched[name].match
    for m in match.requirements:
        if m.verdict == "met":
            assert m.evidence, m.requirement.id
        for ev in m.evidence:
            if ev.path:
                assert (SAMPLES / ev.repo / ev.path).exists(), ev
    open_ = {m.requirement.id for m in match.requirements if m.verdict in ("missing", "partly-met")}
    assert {g.requirement for g in match.gaps} == open_
    importance = [g.importance for g in match.gaps]
    assert importance == sorted(importance, key=lambda i: i != "must"), "must-haves rank first"
    checkable = [m for m in match.requirements if m.requirement.importance == "must" and m.verdict != "not-checkable"]
    expected = round(100 * sum({"met": 1, "partly-met": 0.5}.get(m.verdict, 0) for m in checkable) / len(checkable), 1) if checkable else None
    assert match.must_have.percent == expected


def test_framework_use_means_training_not_a_requirements_line(matched: dict) -> None:
    """LangChain is in rag-chat's requirements.txt but no code imports it: missing, and the evidence says so."""
    langchain = next(m for m in matched["llm-engineer.md"].match.requirements if m.requirement.id == "langchain")
    assert langchain.verdict == "missing"
    assert [(e.repo, e.path) for e in langchain.evidence] == [("rag-chat", "requirements.txt")]
    assert "no code imports it" in langchain.evidence[0].detail
    tf = next(m for m in matched["ml-engineer-fintech.md"].match.requirements if m.requirement.id == "pytorch|tensorflow")
    assert tf.matched == "tensorflow" and tf.evidence[0].detail == "trains a model with tensorflow"
    assert tf.evidence[0].cell is not None


def test_deployment_uses_the_deployment_verdict(matched: dict) -> None:
    deployment = next(m for m in matched["ml-engineer-short.txt"].match.requirements if m.requirement.id == "model-deployment")
    assert deployment.verdict == "met" and deployment.evidence[0].detail.startswith("DEP001")
    assert deployment.evidence[0].repo in {"churn-model", "digits-space"}


def test_a_required_degree_feeds_the_degree_advice(matched: dict) -> None:
    """A PhD required with no 'or equivalent' makes the degree a required credential; 'or equivalent experience' does not."""
    strict = matched["research-scientist-nlp.html"]
    assert strict.advice.verdict == "credential-required"
    assert any("required credential" in note for note in strict.match.notes)
    lenient = matched["ml-engineer-fintech.md"]
    assert lenient.advice.verdict == "portfolio-first"
    assert any("equivalent experience" in note for note in lenient.match.notes)


def test_gaps_suggest_a_repository_to_extend(matched: dict) -> None:
    gaps = {g.requirement: g for g in matched["mlops-engineer.md"].match.gaps}
    assert gaps["monitoring"].extend == "churn-model" and "monitoring" in gaps["monitoring"].suggestion
    assert gaps["kubernetes"].importance == "must" and gaps["kubernetes"].source == "made-with-ml"
    partly = {g.requirement: g for g in matched["data-engineer-logistics.txt"].match.gaps}["data-warehouses"]
    assert partly.verdict == "partly-met" and partly.extend == "taxi-pipeline"


def test_posting_text_is_inert_in_every_format(sample_report) -> None:
    """Words from a posting reach the reports escaped: no markup, no link, no @mention."""
    from readiness.report.match_formats import MATCH_RENDERERS
    from readiness.sources.posting import Posting
    from tests.test_render_html import assert_inert

    text = "Requirements\n- <img src=x onerror=alert(1)> PyTorch for @octocat, see [x](https://evil.example)\n"
    posting = Posting("<b>job</b>.txt", text)
    report = with_posting(sample_report, extract(posting), posting.origin, None, None, Background(), DegreePlan())
    page = MATCH_RENDERERS["html"](report)
    assert_inert(page) and "&lt;img src=x onerror=alert(1)&gt;" in page
    markdown = MATCH_RENDERERS["markdown"](report)
    assert "@octocat" not in markdown and "](https://" not in markdown and "<img" not in markdown
    assert "onerror" in MATCH_RENDERERS["text"](report)


def test_a_report_without_tool_values_says_so_instead_of_missing(sample_report) -> None:
    """An earlier report (before BRD001 carried imports and files) cannot show PyTorch: not checkable, with a note."""
    import dataclasses

    def strip(finding):
        keep = tuple((k, v) for k, v in finding.values if k not in ("imports", "trains_with", "declared", "infra"))
        return dataclasses.replace(finding, values=keep)

    old = dataclasses.replace(sample_report, repos=tuple(dataclasses.replace(r, findings=tuple(map(strip, r.findings))) for r in sample_report.repos))
    posting = read_posting(str(POSTINGS / "ml-engineer-fintech.md"))
    match = with_posting(old, extract(posting), posting.origin, None, None, Background(), DegreePlan()).match
    verdicts = {m.requirement.id: m.verdict for m in match.requirements}
    assert verdicts["pytorch|tensorflow"] == "not-checkable" and verdicts["model-deployment"] == "met" and verdicts["testing"] == "met"
    assert any("assessment again" in note for note in match.notes)
