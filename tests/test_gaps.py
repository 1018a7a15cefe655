"""Ranked gaps: points gained per unit of effort, tied to repositories and evidence; only scored failures."""

from __future__ import annotations

from dataclasses import replace

from readiness.models import Dimension, Effort, Evidence, Status
from readiness.scoring.gaps import rank_gaps, rescore
from readiness.scoring.roles import load_roles, role_points, role_score
from tests.guidance_helpers import make_finding, make_report

ML = load_roles().get("ml-engineer")


def _two_failures():
    return make_report({
        "a": [
            make_finding("a", "DOC001"),
            make_finding("a", "DEP001", Status.FAIL, effort=Effort.HIGH, message="the FastAPI app loads models/model.pkl, which is not in the repository",
                         evidence=(Evidence("joblib.load('models/model.pkl')", "app/main.py", 12),)),
            make_finding("a", "TST001", Status.FAIL, effort=Effort.LOW, message="no tests"),
        ],
    })


def test_rescore_is_pure_and_turns_the_fix_into_a_pass() -> None:
    report = _two_failures()
    before = role_points(ML, report.portfolio)
    fixed = rescore(report, frozenset({("a", "DEP001")})).portfolio
    assert before == 25.0  # (10*2 + 0*3 + 0*3) / 8
    assert role_points(ML, fixed) == 62.5  # (10*2 + 10*3 + 0*3) / 8
    assert next(d for d in fixed if d.dimension is Dimension.DEPLOYMENT).score == 10.0
    assert role_points(ML, report.portfolio) == 25.0 and report.repos[0].findings[1].status is Status.FAIL


def test_first_asks_lead_in_the_order_the_role_lists_them() -> None:
    # DEP001 (high effort) and TST001 (low effort) are both first asks for an ML engineer that the best work lacks:
    # the role lists tests first, so tests lead whatever their cost; CI (listed third) follows deployment.
    report = _two_failures()
    with_ci = make_report({"a": [*report.repos[0].findings, make_finding("a", "TST004", Status.FAIL, effort=Effort.LOW)]})
    assert [g.check_id for g in rank_gaps(with_ci, ML)] == ["TST001", "DEP001", "TST004"]
    assert [a.check_id for a in ML.first_asks] == ["TST001", "DEP001", "TST004"]


def test_gaps_rank_by_gain_per_unit_of_effort() -> None:
    gaps = rank_gaps(_two_failures(), ML)
    assert [g.check_id for g in gaps] == ["TST001", "DEP001"]
    assert [g.rank for g in gaps] == [1, 2]
    assert gaps[0].gain == 37.5 and gaps[0].gain_per_effort == 37.5  # low effort = 1 unit
    assert gaps[1].gain == 37.5 and gaps[1].gain_per_effort == round(37.5 / 8, 2)  # high effort = 8 units


def test_a_gap_names_the_repository_its_evidence_and_the_fix() -> None:
    dep = next(g for g in rank_gaps(_two_failures(), ML) if g.check_id == "DEP001")
    assert dep.repos == ("a",)
    assert dep.advice.startswith("a: the FastAPI app loads models/model.pkl, which is not in the repository")
    assert "app/main.py:12" in dep.advice and dep.advice.split(" Asked first")[0].endswith("fix DEP001")
    assert dep.priority == "first-ask" and dep.advice.endswith("runs as a service.")
    assert dep.evidence == (Evidence("a: joblib.load('models/model.pkl')", "app/main.py", 12),)


def test_only_scored_failures_on_own_repositories_become_gaps() -> None:
    report = make_report(
        {
            "a": [make_finding("a", "DOC001"), make_finding("a", "TST001", Status.UNKNOWN), make_finding("a", "DEP001", Status.NOT_APPLICABLE),
                  make_finding("a", "COD001", Status.ERROR)],
            "fork": [make_finding("fork", "DOC002", Status.FAIL)],
        },
        forks=("fork",),
    )
    assert rank_gaps(report, ML) == ()


def test_fixes_that_do_not_move_the_role_score_are_not_gaps_but_red_flags_anywhere_are() -> None:
    """The best work is the best three repositories: hygiene in the fourth is worth nothing; a secret anywhere is a red
    flag (15 points off) and a missing must-have (the score capped at 59.9), and its gap says what the cap costs."""
    strong = {name: [make_finding(name, "DOC001"), make_finding(name, "DOC005"), make_finding(name, "TST001")] for name in ("r1", "r2", "r3")}
    weak = [make_finding("r4", "DOC001"), make_finding("r4", "DOC005", Status.FAIL), make_finding("r4", "DOC012", Status.FAIL, message="1 secret committed")]
    report = make_report({**strong, "r4": weak})
    gaps = rank_gaps(report, ML, missing_must_haves=("DOC012",))
    assert [(g.check_id, g.gain, g.cap_lift) for g in gaps] == [("DOC012", 40.1, 25.1)]  # 59.9 -> 100; 85 uncapped
    assert "must-have for ML engineer" in gaps[0].advice


def test_a_check_failing_in_several_repositories_lists_those_where_fixing_pays() -> None:
    report = make_report({
        "a": [make_finding("a", "DOC001", Status.FAIL), make_finding("a", "DOC005"), make_finding("a", "TST001")],
        "b": [make_finding("b", "DOC001", Status.FAIL), make_finding("b", "DOC005"), make_finding("b", "TST001")],
    })
    (gap,) = rank_gaps(report, ML)
    assert gap.repos == ("a", "b") and gap.gain == 40.0 and gap.gain_per_effort == 20.0  # 60 -> 100; two repositories, two units


def test_sample_gaps_are_failing_scored_findings(sample_report) -> None:
    """Never advise anything that is not scored: each gap is a failing finding in every repository it names."""
    assert sample_report.gaps, "the sample portfolio has gaps"
    for gap in sample_report.gaps:
        for repo in gap.repos:
            finding = next(f for r in sample_report.repos if r.name == repo for f in r.findings if f.check_id == gap.check_id)
            assert finding.status is Status.FAIL and finding.points is not None
        assert gap.advice and gap.check_id in {c.id for c in sample_report.checks}
    assert sample_report.gaps[0].check_id == "DOC012"  # the must-have comes first


def _what_if_cases(report):
    """Every single fix, every check's joint fix and every repository's failing checks all fixed at once, on the
    report's own failing findings."""
    from readiness.scoring.gaps import failing

    per_repo: dict[str, set] = {}
    for check_id, findings in sorted(failing(report).items()):
        for finding in findings:
            yield frozenset({(finding.repo, check_id)})
            per_repo.setdefault(finding.repo, set()).add((finding.repo, check_id))
        yield frozenset((f.repo, check_id) for f in findings)
    for name in sorted(per_repo):
        yield frozenset(per_repo[name])


def _with_copies(report, featured=()):
    """The report with every repository twice more under new names (ties at every cut), re-aggregated."""
    from dataclasses import replace

    from readiness.scoring.gaps import rescore_all

    copies = []
    for suffix in ("", "-copy", "-again"):
        for repo in report.repos:
            name = repo.name + suffix
            findings = tuple(replace(f, repo=name) for f in repo.findings)
            copies.append(replace(repo, name=name, findings=findings))
    return rescore_all(replace(report, repos=tuple(copies), featured=tuple(featured), repo_scores=()))


def test_what_if_on_contenders_equals_rescoring_everything(sample_report) -> None:
    from readiness.scoring.gaps import _WhatIf

    names = [r.name for r in sample_report.repos if not r.fork]
    reports = [sample_report, _with_copies(sample_report), _with_copies(sample_report, featured=(names[0], names[3] + "-copy"))]
    checked, book = 0, load_roles()
    for report in reports:
        for role in book.roles:
            what_if = _WhatIf(role, report)
            for fixes in _what_if_cases(report):
                assert what_if.points(fixes) == (role_score(role, rescore(report, fixes), book).score or 0.0), (role.id, sorted(fixes))
                checked += 1
    assert checked > 500


def _no_tests_anywhere(best_tests: Status = Status.FAIL):
    """Two projects with a README and a served model; the best has tests or not; no outside contributions."""
    return make_report(
        {
            "app": [make_finding("app", "DOC001"), make_finding("app", "DEP001"),
                    make_finding("app", "TST001", best_tests, effort=Effort.MEDIUM, message="tests: none")],
            "notebook": [make_finding("notebook", "DOC001"), make_finding("notebook", "DEP001", Status.FAIL, effort=Effort.HIGH),
                         make_finding("notebook", "TST001", Status.FAIL, effort=Effort.MEDIUM, message="tests: none")],
        },
        portfolio_findings=(make_finding("portfolio", "OSS001", Status.FAIL, effort=Effort.LOW),),
    )


def test_a_first_ask_the_best_work_lacks_leads_over_a_cheaper_shared_gap() -> None:
    report = _no_tests_anywhere()
    gaps = rank_gaps(report, ML)
    by_id = {g.check_id: g for g in gaps}
    # Reporting an issue elsewhere is worth more per unit of effort, yet tests where no project has any come first.
    assert by_id["OSS001"].gain_per_effort > by_id["TST001"].gain_per_effort
    assert gaps[0].check_id == "TST001" and gaps[0].priority == "first-ask"
    assert gaps[0].repos[0] == "app"  # the best work first: the repository to do it in
    assert "Asked first for ML engineer" in gaps[0].advice
    assert by_id["OSS001"].priority == ""


def test_a_first_ask_met_in_the_best_work_is_ranked_by_points_per_effort_and_shared_gaps_come_last() -> None:
    gaps = rank_gaps(_no_tests_anywhere(best_tests=Status.PASS), ML)
    assert all(g.priority != "first-ask" for g in gaps if g.check_id == "TST001")
    own = [g for g in gaps if g.check_id != "OSS001"]
    assert own and [g.gain_per_effort for g in own] == sorted((g.gain_per_effort for g in own), reverse=True)
    # An outside contribution is worth more per unit of effort, but reviewers name the projects' own gaps first.
    assert gaps[-1].check_id == "OSS001" and gaps[-1].gain_per_effort > own[0].gain_per_effort


def test_a_first_ask_met_only_at_half_marks_in_the_best_work_still_leads() -> None:
    report = make_report(
        {
            "app": [make_finding("app", "DOC001"), make_finding("app", "DEP001"),
                    make_finding("app", "TST001", Status.PASS, effort=Effort.MEDIUM, message="tests: few (2)", points=5.0)],
            "notebook": [make_finding("notebook", "DOC001"), make_finding("notebook", "DEP001", Status.FAIL, effort=Effort.HIGH),
                         make_finding("notebook", "DOC004", Status.FAIL, effort=Effort.LOW)],
        },
        portfolio_findings=(make_finding("portfolio", "OSS001", Status.FAIL, effort=Effort.LOW),),
    )
    gaps = rank_gaps(report, ML)
    assert gaps[0].check_id == "TST001" and gaps[0].priority == "first-ask" and gaps[0].repos == ("app",)
    assert "only in part" in gaps[0].advice and gaps[0].gain > 0
    # The same pass at full marks meets the first ask: no gap for it at all.
    full = make_report(
        {name: [replace(f, points=10.0) if f.check_id == "TST001" else f for f in repo.findings] for name, repo in ((r.name, r) for r in report.repos)},
        portfolio_findings=report.portfolio_findings,
    )
    assert "TST001" not in {g.check_id for g in rank_gaps(full, ML)}


def test_every_role_names_first_asks_with_a_source() -> None:
    for role in load_roles().roles:
        assert role.first_asks, role.id
        assert all(a.reason and a.source for a in role.first_asks)
