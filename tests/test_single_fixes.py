"""Single-fix scores worked out as each repository arrives are the ones the gaps and advice would compute at the end."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from checks import all_checks
from readiness.advice.inputs import Background, DegreePlan
from readiness.advice.rules import with_guidance
from readiness.models import Status
from readiness.pipeline.runner import RunOptions, assess_repos
from readiness.scoring.gaps import FixedScores, single_fixes
from readiness.scoring.roles import load_roles
from readiness.serialize import to_data
from readiness.sources.local import local_sources
from tests.factories import make_repo


def test_single_fixes_are_the_fixed_scores_of_each_failing_check(sample_report) -> None:
    book = load_roles()
    fixed = FixedScores(sample_report.repos, book)
    known = {key: value for repo in sample_report.repos for key, value in single_fixes(repo, book).items()}
    failing = {(r.name, f.check_id) for r in sample_report.repos if not r.fork for f in r.findings if f.status is Status.FAIL}
    assert set(known) == failing and failing
    assert all(fixed.score(*key) == value for key, value in known.items())


def test_guidance_uses_the_known_scores_only_with_the_bundled_roles(sample_report) -> None:
    book = load_roles()
    plain = with_guidance(sample_report, None, Background(), DegreePlan())
    known = {key: value for repo in sample_report.repos for key, value in single_fixes(repo, book).items()}
    assert to_data(with_guidance(sample_report, None, Background(), DegreePlan(), known=known)) == to_data(plain)
    # a known score that differs shows that it was used (it is never recomputed), and ignored with a book given
    name, check = next(key for key in known if known[key].score is not None)
    altered = dict(known)
    altered[name, check] = replace(known[name, check], score=100.0)
    used = with_guidance(sample_report, None, Background(), DegreePlan(), known=altered)
    assert next(s for s in used.repo_scores if s.name == name).top_gap == check
    ignored = with_guidance(sample_report, None, Background(), DegreePlan(), book=book, known=altered)
    assert to_data(ignored) == to_data(plain)


def test_each_report_is_handed_on_once_cached_ones_after_the_hook(tmp_path: Path) -> None:
    paths = [make_repo(tmp_path / f"r{i}", {"README.md": "# r\n", f"m{i}.py": f"X = {i}\n"}) for i in range(3)]
    sources = local_sources([str(p) for p in paths])
    specs = tuple(s for s in all_checks() if s.scope == "repo")
    options = RunOptions(jobs=2, cache_dir=tmp_path / "cache")
    assess_repos(sources[:1], specs, None, options)  # the first repository is cached
    events: list[str] = []
    reports = assess_repos(sources, specs, None, options, meanwhile=lambda: events.append("meanwhile"),
                           each=lambda report: events.append(report.name))
    assert events[0] == "meanwhile" and events[1] == sources[0].name
    assert sorted(events[1:]) == sorted(s.name for s in sources) and len(reports) == 3
