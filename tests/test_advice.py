"""Degree-versus-portfolio advice: table tests over profiles, traceability of every line, and the CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from readiness.advice.inputs import Background, DegreePlan
from readiness.advice.rules import with_guidance
from readiness.models import Advice, Status
from readiness.report.advice_text import render_advice
from readiness.report.formats import render
from readiness.scoring.data import load_sources
from tests.guidance_helpers import make_finding, make_report

SEEDS = Path("/work/shared/seeds")


def _execution_gaps():
    """A portfolio with a README and pinned dependencies but no deployment and no tests."""
    return make_report({
        "churn": [
            make_finding("churn", "DOC001"), make_finding("churn", "DOC012"),
            make_finding("churn", "DEP001", Status.FAIL, message="the notebook model is never served"),
            make_finding("churn", "TST001", Status.FAIL, message="no tests"),
        ],
    })


def _strong():
    """A portfolio that passes everything it was scored on."""
    return make_report({"lib": [make_finding("lib", "DOC001"), make_finding("lib", "DOC012"), make_finding("lib", "DEP001"), make_finding("lib", "TST001")]})


PROFILES = [
    # (name, report, role, background, plan, verdict)
    ("STEM graduate with execution gaps: build the portfolio first", _execution_gaps, "ml-engineer",
     Background(stem_degree=True, years_experience=3, current_role="software engineer"), DegreePlan(), "portfolio-first"),
    ("career changer without a STEM degree, not working, full-time on campus", _execution_gaps, "ml-engineer",
     Background(stem_degree=False, years_experience=0, current_role="student"), DegreePlan(pace="full-time", modality="in-person"), "degree-fits"),
    ("working analyst without a STEM degree: part-time online", _execution_gaps, "data-scientist",
     Background(stem_degree=False, years_experience=4, current_role="analyst"), DegreePlan(), "part-time-online"),
    ("no STEM degree, budget short of full-time study", _execution_gaps, "data-engineer",
     Background(stem_degree=False, years_experience=0), DegreePlan(budget=5_000), "part-time-online"),
    ("a role or visa requires the credential", _strong, "software-engineer",
     Background(stem_degree=True, years_experience=2), DegreePlan(credential_required=True), "credential-required"),
    ("research / PhD track", _strong, "research", Background(stem_degree=True), DegreePlan(pace="full-time"), "degree-fits"),
    ("no STEM degree but a strong portfolio: portfolio first", _strong, "ml-engineer",
     Background(stem_degree=False, years_experience=5), DegreePlan(), "portfolio-first"),
]


@pytest.mark.parametrize(("name", "build", "role", "background", "plan", "verdict"), PROFILES, ids=[p[0] for p in PROFILES])
def test_profiles_get_the_clearly_right_verdict(name, build, role, background, plan, verdict) -> None:
    report = with_guidance(build(), role, background, plan)
    assert report.advice is not None and report.advice.verdict == verdict, report.advice.summary
    assert report.target_role == role and report.roles[0].role == role
    _assert_traceable(report.advice)


def _assert_traceable(advice: Advice) -> None:
    """Every advice line carries evidence and sources, and each source is listed in Advice.sources."""
    listed = {s.id for s in advice.sources}
    for line in advice.lines + advice.alternatives:
        assert line.evidence and all(e.strip() for e in line.evidence), line
        assert line.sources and set(line.sources) <= listed, line
    assert {c.source for c in advice.costs} <= listed
    assert listed <= {s.id for s in load_sources()}
    assert advice.lines[0].kind == "verdict" and advice.lines[0].text == advice.summary


def test_execution_gaps_are_what_a_degree_does_not_close() -> None:
    advice = with_guidance(_execution_gaps(), "ml-engineer", Background(stem_degree=True), DegreePlan()).advice
    not_closed = [l for l in advice.lines if l.kind == "degree-does-not-close"]
    assert {next(e for e in l.evidence if "fails in" in e).split()[0] for l in not_closed} == {"DEP001", "TST001"}
    assert all("seed-000" in l.sources for l in not_closed)
    assert not any(l.kind == "degree-closes" for l in advice.lines)


def test_foundations_credential_and_network_are_what_a_degree_closes() -> None:
    advice = with_guidance(_execution_gaps(), "ml-engineer", Background(stem_degree=False, years_experience=0),
                           DegreePlan(pace="full-time", modality="in-person", credential_required=True)).advice
    closes = " ".join(l.text for l in advice.lines if l.kind == "degree-closes")
    assert "applied mathematics" in closes and "credential" in closes and "peer network and compute" in closes


def test_part_time_online_is_costed_as_part_time_online() -> None:
    advice = with_guidance(_execution_gaps(), "data-scientist", Background(stem_degree=False, years_experience=4), DegreePlan()).advice
    costs = {c.label: c.amount for c in advice.costs}
    assert costs == {"tuition": 24_342, "housing": 0.0, "lost income": 0.0}
    assert advice.total_cost == 24_342 and advice.break_even_years == round(24_342 / (139_202 - 58_260), 1)


def test_alternatives_are_the_ones_the_seeds_name() -> None:
    advice = with_guidance(_execution_gaps(), "ml-engineer", Background(), DegreePlan()).advice
    text = " ".join(l.text for l in advice.alternatives).lower()
    for name in ("self-study", "courses", "certificate", "bootcamp"):
        assert name in text
    assert all(l.kind == "alternative" for l in advice.alternatives)


def test_unscored_dimensions_are_named_not_counted() -> None:
    advice = with_guidance(_execution_gaps(), "ml-engineer", Background(), DegreePlan()).advice
    coverage = next(l for l in advice.lines if l.kind == "coverage")
    assert "notebooks" in coverage.text and "open source" in coverage.text and "deployment" not in coverage.text


def _windows(text: str, size: int = 8) -> set[str]:
    words = re.findall(r"[a-z0-9$,.']+", text.lower())
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed articles not available")
def test_no_sentence_is_copied_from_the_seed_articles(sample_report) -> None:
    seed_text = " ".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("0*.txt"))
    ours = render_advice(sample_report) + " ".join(s.detail for s in load_sources())
    for profile in PROFILES:
        ours += " " + render_advice(with_guidance(profile[1](), profile[2], profile[3], profile[4]))
    for source in load_sources():  # the articles' titles are citations, not copied sentences
        ours = ours.replace(source.title, "")
    assert not _windows(ours) & _windows(seed_text)


def test_sample_report_advice_is_in_text_and_json(sample_report) -> None:
    text = render(sample_report, "text", details=True)
    assert "Role readiness" in text and "Degree or portfolio?" in text and "Cost model" in text
    data = json.loads(render(sample_report, "json"))
    assert data["advice"]["verdict"] == "portfolio-first" and data["roles"][0]["target"] is True
    _assert_traceable(sample_report.advice)


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "readiness", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_advise_command_prints_the_advice_alone(tmp_path: Path) -> None:
    result = _cli("-q", "advise", "--sample", "--role", "data-scientist", "--no-stem-degree", "--years-experience", "4", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Role readiness") and "data scientist (target)" in result.stdout
    assert "part-time-online" in result.stdout and "DOC010 no-junk-committed:" not in result.stdout


def test_advise_reuses_a_previous_json_report(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    assert _cli("-q", "assess", "--sample", "--format", "json", "-o", str(report), cwd=tmp_path).returncode == 0
    result = _cli("advise", "--report", str(report), "--role", "research", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["target_role"] == "research" and data["advice"]["role"] == "research"


@pytest.mark.parametrize(
    ("content", "needle"),
    [("{not json", "not a JSON report"), ('{"schema_version": "1.0"}', "not a readiness"), ("[1, 2]", "not a readiness")],
)
def test_advise_rejects_a_bad_report_with_one_line(tmp_path: Path, content: str, needle: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    result = _cli("advise", "--report", str(bad), cwd=tmp_path)
    assert result.returncode == 2 and needle in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [("advise",), ("advise", "--sample", "--role", "astronaut"), ("advise", "--sample", "--report", "x.json"), ("advise", "--sample", "--pace", "slow")],
)
def test_advise_usage_errors_exit_2(tmp_path: Path, args: tuple[str, ...]) -> None:
    result = _cli(*args, cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_fail_under_gates_the_target_role(tmp_path: Path) -> None:
    result = _cli("-q", "assess", "--sample", "--role", "research", "--fail-under", "100", "-o", str(tmp_path / "r.txt"), cwd=tmp_path)
    assert result.returncode == 1 and "research / PhD track readiness" in result.stderr
