"""What-if scores from a repository's digest are exactly (to the last bit) those of its findings rebuilt with the fixes
and scored from scratch: any findings of the real checks, any statuses, points and weights, any set of fixes."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings, strategies as st

from checks import all_checks
from readiness.models import Status
from readiness.scoring import scores as scoring
from readiness.scoring.gaps import _with_fixes
from readiness.scoring.policy import load_policy
from readiness.scoring.roles import load_roles, neutral_weights, plain_band
from tests.guidance_helpers import make_finding, make_report

settings.register_profile("ci", max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
settings.load_profile(os.environ.get("READINESS_HYPOTHESIS_PROFILE", "ci"))

POLICY = load_policy()
SPECS = {s.id: s for s in all_checks()}
GATES = sorted({*POLICY.ownership, *POLICY.work, *POLICY.judged, *(f.check_id for f in POLICY.red_flags)})
EVIDENCE = sorted({c for rule in POLICY.evidence for c in rule.checks})
IDS = sorted(set(GATES) | set(EVIDENCE) | set(list(SPECS)[::3]))
BOOK = load_roles()
WEIGHTS = [neutral_weights(BOOK)] + [{w.dimension: w.weight for w in role.weights} for role in BOOK.roles]


@st.composite
def findings(draw: st.DrawFn, repo: str, size: int = 30):
    """Findings on REPO of real check ids (their own dimensions), some about another repository, some repeated."""
    out = []
    for check in draw(st.lists(st.sampled_from(IDS), min_size=1, max_size=size)):
        status = draw(st.sampled_from(list(Status)))
        points = draw(st.one_of(st.none(), st.sampled_from([0.0, 2.5, 5.0, 7.5, 10.0]), st.floats(0, 10)))
        points = points if status.scored or draw(st.booleans()) else None
        owner = repo if draw(st.integers(0, 9)) else "elsewhere"
        out.append(make_finding(owner, check, status, points=points, weight=draw(st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.0])),
                                dimension=SPECS[check].dimension))
    if draw(st.booleans()):
        out.append(out[0])  # the same check twice
    return out


@given(st.data())
def test_a_digest_scores_any_fixes_as_the_findings_rebuilt_would(data: st.DataObject) -> None:
    own = data.draw(findings("r"))
    shared = data.draw(st.one_of(st.just([]), findings("portfolio", 6)))
    checks = {f.check_id for f in own}
    fixed = data.draw(st.sets(st.sampled_from(sorted(checks | {"DOC001"})), max_size=4))
    repo = make_report({"r": own}).repos[0]
    rebuilt = _with_fixes(repo, frozenset(("r", c) for c in fixed))
    digest = scoring.Digest("r", own, shared, POLICY)
    for weights in WEIGHTS:
        assert digest.points(fixed, weights) == scoring.repo_points(rebuilt.findings, shared, weights, POLICY)
    alone = scoring.Digest("r", own, (), POLICY)
    band_of = lambda score: plain_band(score, BOOK)  # noqa: E731
    assert alone.score(fixed, WEIGHTS[0], band_of) == scoring.repo_score(rebuilt, WEIGHTS[0], band_of, POLICY)
    assert alone.pooled(fixed) == scoring.dimension_scores(rebuilt.findings, POLICY)


def test_a_digest_of_every_sample_repository_matches_every_single_and_joint_fix(sample_report) -> None:
    band_of = lambda score: plain_band(score, BOOK)  # noqa: E731
    compared = 0
    for repo in sample_report.repos:
        digest = scoring.Digest(repo.name, repo.findings, sample_report.portfolio_findings, POLICY)
        alone = scoring.Digest(repo.name, repo.findings, (), POLICY)
        movable = sorted({f.check_id for f in repo.findings if f.status is Status.FAIL or (f.status is Status.PASS and (f.points or 0) < 10)})
        for fixed in [set(), *({c} for c in movable), set(movable)]:
            rebuilt = _with_fixes(repo, frozenset((repo.name, c) for c in fixed))
            for weights in WEIGHTS:
                assert digest.points(fixed, weights) == scoring.repo_points(rebuilt.findings, sample_report.portfolio_findings, weights, POLICY)
            assert alone.score(fixed, WEIGHTS[0], band_of) == scoring.repo_score(rebuilt, WEIGHTS[0], band_of, POLICY)
            compared += 1
    assert compared > 40


def test_a_fix_leaves_a_finding_about_another_repository_as_it_was() -> None:
    # an ownership or work check failing on a finding about another repository stays failing when it is fixed here
    compared = 0
    for gate in [*POLICY.ownership, *POLICY.work]:
        for other in (Status.FAIL, Status.PASS):
            judged = next(c for c in POLICY.judged if c not in POLICY.work)
            own = [make_finding("r", judged, points=7.5, dimension=SPECS[judged].dimension),
                   make_finding("elsewhere", gate, other, dimension=SPECS[gate].dimension),
                   make_finding("r", gate, Status.FAIL, dimension=SPECS[gate].dimension)]
            repo = make_report({"r": own}).repos[0]
            rebuilt = _with_fixes(repo, frozenset({("r", gate)}))
            expected = scoring.repo_points(rebuilt.findings, (), WEIGHTS[0], POLICY)
            assert scoring.Digest("r", own, (), POLICY).points({gate}, WEIGHTS[0]) == expected
            compared += expected != scoring.repo_points(own, (), WEIGHTS[0], POLICY)
    assert POLICY.ownership and POLICY.work and compared  # some of these fixes move the score
