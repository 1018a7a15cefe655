"""The contribution finder without the network: batching under the query limit, the ranking on a fixed set of issues,
taken issues from the payload alone, the stack, gaps and projects from a real assessment, and the configuration."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from readiness.advice.contribute_data import ContributeSettings, load_projects, parse_contribute, with_settings
from readiness.advice.contribute_plan import gap_themes, projects_for, stack_of
from readiness.advice.contribute_rank import BUSY_FACTOR, rank_issues, taken_because, themes_of
from readiness.contributions import GapTheme, Project
from readiness.errors import ConfigError, InputError
from readiness.sources.github_issues import MAX_QUERY, IssueHit, batches, fixed_part, hit

NOW = datetime(2026, 6, 1, tzinfo=timezone.utc).timestamp()


def day(n: int) -> str:
    """N days before NOW, as GitHub writes it."""
    return datetime.fromtimestamp(NOW - n * 86400, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def issue(repo: str, number: int, title: str, labels: tuple[str, ...], updated: int, body: str = "", comments: int = 0, **kw) -> IssueHit:
    """An issue hit updated UPDATED days ago."""
    return IssueHit(repo, number, title, f"https://github.com/{repo}/issues/{number}", labels, body, comments, day(updated + 30),
                    day(updated), kw.get("assignee"), kw.get("pull_request", False))


GAPS = [GapTheme("tests", 0.9, ("TST001",), "TST001 fails in 3 repositories"), GapTheme("docs", 0.3, ("DOC002",), "DOC002 fails in 1 repository"),
        GapTheme("beginner", 0.5, ("OSS001",), "open-source work unknown")]
PROJECTS = [Project("scikit-learn/scikit-learn", ("sklearn",), 1.0, "you train models with sklearn (churn/train.py:7)"),
            Project("pandas-dev/pandas", ("pandas",), 0.8, "your code imports pandas (churn/train.py:1)"),
            Project("psf/requests", ("requests",), 0.4, "you declare (but never import) requests")]
HITS = [
    issue("pandas-dev/pandas", 1, "DOC: fix the read_csv example", ("Docs",), 3),
    issue("scikit-learn/scikit-learn", 2, "Add tests for LogisticRegression with one class", ("good first issue",), 5),
    issue("psf/requests", 3, "Add tests for Session.mount", ("tests",), 1),
    issue("scikit-learn/scikit-learn", 4, "Speed up KMeans", ("help wanted",), 2),
    issue("scikit-learn/scikit-learn", 5, "Test coverage for metrics", ("tests",), 4, comments=6),
    issue("pandas-dev/pandas", 6, "Add tests for merge_asof", ("tests",), 2, body="I'm working on this, PR soon"),
    issue("pandas-dev/pandas", 7, "Old documentation issue", ("documentation",), 700),
    issue("scikit-learn/scikit-learn", 8, "A pull request", ("tests",), 1, pull_request=True),
    issue("scikit-learn/scikit-learn", 2, "Add tests for LogisticRegression with one class", ("good first issue",), 5),
]


def test_ranking_on_a_fixed_set_of_issues() -> None:
    """Fit to the gaps first, then familiarity, freshness and activity; a busy thread scores lower; taken issues and
    pull requests are never offered as open; duplicates appear once."""
    ranked = rank_issues(HITS, PROJECTS, GAPS, NOW)
    assert [(i.repo.split("/")[0], i.number, i.status) for i in ranked] == [
        ("scikit-learn", 2, "open"), ("scikit-learn", 5, "open"), ("psf", 3, "open"), ("pandas-dev", 1, "open"),
        ("scikit-learn", 4, "open"), ("pandas-dev", 7, "open"), ("pandas-dev", 6, "taken"),
    ]
    assert [i.rank for i in ranked] == list(range(1, 8))
    first, busy = ranked[0], ranked[1]
    assert first.themes == ("beginner", "tests") and first.fit == 0.9 and first.familiarity == 1.0
    assert first.reasons[0].startswith("fits your tests gap (TST001 fails") and "you train models with sklearn" in first.reasons[1]
    assert first.reasons[2].startswith("updated 5 day(s) ago") and first.reasons[3].startswith("project activity: 3 of its 3 open issue(s)")
    unbusy = 40 * busy.fit + 25 * busy.familiarity + 20 * busy.freshness + 15 * busy.activity
    assert busy.score == pytest.approx(round(unbusy * BUSY_FACTOR, 1), abs=0.06) and "6 comments" in busy.reasons[-1]
    off_gap = next(i for i in ranked if i.number == 4)
    assert off_gap.fit == 0 and off_gap.reasons[0] == "not about a gap of yours: no gap of yours it closes"
    assert ranked[-1].taken_because == "its description says \"I'm working on this\"" and ranked[-1].reasons[-1].startswith("probably taken")
    stale = next(i for i in ranked if i.number == 7)
    assert stale.freshness < 0.01 < next(i for i in ranked if i.number == 1).freshness


@pytest.mark.parametrize(("labels", "body", "assignee", "why"), [
    ((), "", "octocat", "assigned to octocat"),
    (("status: in progress",), "", None, "labelled 'status: in progress'"),
    (("has PR",), "", None, "labelled 'has PR'"),
    ((), "Fixed by #4821 once merged", None, "its description points to pull request #4821"),
    ((), "see https://github.com/a/b/pull/77", None, "its description points to pull request #77"),
    ((), "I'll open a PR for this tomorrow", None, "its description says \"I'll open a PR\""),
    ((), "Tests for this would help; anyone?", None, ""),
    (("good first issue",), "The working on it part of the docs is wrong", None, ""),
])
def test_taken_from_the_payload(labels: tuple[str, ...], body: str, assignee: str | None, why: str) -> None:
    """Assignee, a progress label, a linked pull request or a claim in the description mark an issue taken; words that
    only look similar do not."""
    assert taken_because(issue("a/b", 1, "x", labels, 1, body, assignee=assignee)) == why


def test_themes_come_from_labels_and_title() -> None:
    """Tests, docs, deployment, beginner ... from labels and title, case-insensitive; the body is not read for themes."""
    assert themes_of(issue("a/b", 1, "Flaky test in CI", ("Good First Issue",), 1)) == ("beginner", "tests", "deployment")
    assert themes_of(issue("a/b", 1, "Crash on empty input", ("bug",), 1, body="add tests and docs")) == ()
    assert themes_of(issue("a/b", 1, "Typo in the user guide", ("module: docs",), 1)) == ("docs",)


def test_batches_fit_the_query_limit_and_keep_order() -> None:
    """Every query is at most 256 characters, every repository is in exactly one batch, in order, ORed labels quoted."""
    repos = [f"owner-{i:02d}/project-with-a-long-name-{i:02d}" for i in range(23)]
    labels = ("good first issue", "help wanted", "documentation")
    planned = batches(repos, labels)
    assert [r for b in planned for r in b.repos] == repos
    assert all(len(b.query) <= MAX_QUERY for b in planned) and len(planned) == 8
    assert all(b.query.startswith('is:issue is:open no:assignee -linked:pr label:"good first issue","help wanted",documentation repo:') for b in planned)
    assert all(len(b.query) + len(" repo:" + nxt.repos[0]) > MAX_QUERY for b, nxt in zip(planned, planned[1:]))  # each batch is full
    assert batches([], labels) == []
    with pytest.raises(InputError, match="labels make the query"):
        batches(["a/b"], tuple(f"label number {i} with a long name" for i in range(9)))
    assert len(fixed_part(())) < len(fixed_part(labels))


def test_hit_reads_only_the_payload() -> None:
    """A search item becomes an IssueHit from its own fields; anything malformed is dropped, never raised."""
    item = {"number": 7, "repository_url": "https://api.github.com/repos/a/b", "title": "T", "html_url": "https://github.com/a/b/issues/7",
            "labels": [{"name": "tests"}, "junk", {"name": None}], "body": None, "comments": 2, "assignee": None,
            "assignees": [{"login": "x"}], "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-02T00:00:00Z"}
    got = hit(item)
    assert got is not None and (got.repo, got.labels, got.body, got.assignee, got.pull_request) == ("a/b", ("tests",), "", "x", False)
    assert hit({"number": "7"}) is None and hit({"number": 1, "repository_url": "nonsense"}) is None and hit([]) is None


def test_stack_gaps_and_projects_from_the_sample(sample_report) -> None:
    """The stack is what the code imports and trains with (standard library and own modules left out), the gaps come
    from failing checks (hygiene such as a committed secret is not a docs gap), projects are most familiar first."""
    projects = load_projects()
    stack = stack_of(sample_report, projects)
    by_name = {s.name: s for s in stack}
    assert by_name["sklearn"].use == "trains-with" and by_name["pandas"].use == "imports" and len(by_name["pandas"].repos) >= 5
    assert not {"os", "argparse", "churn", "pathlib"} & set(by_name)
    assert all(s.use != "declares" or projects.project_of(s.name) for s in stack)
    gaps = {g.theme: g for g in gap_themes(sample_report)}
    assert gaps["tests"].weight > 0 and "TST001" in gaps["tests"].checks
    assert "DOC012" not in gaps["docs"].reason and gaps["beginner"].weight == 0.5
    chosen, unmapped = projects_for(stack, projects, ContributeSettings())
    assert chosen[0].repo == "scikit-learn/scikit-learn" and chosen[0].familiarity == 1.0 and "sklearn" in chosen[0].reason
    assert [p.familiarity for p in chosen] == sorted((p.familiarity for p in chosen), reverse=True)
    assert len({p.repo.lower() for p in chosen}) == len(chosen)
    excluded, _ = projects_for(stack, projects, ContributeSettings(exclude=("scikit-learn/scikit-learn",)))
    assert "scikit-learn/scikit-learn" not in {p.repo for p in excluded}


def test_configuration_extends_the_map() -> None:
    """[contribute] adds and corrects projects, replaces the labels, excludes projects; mistakes are one clear error."""
    settings = parse_contribute({"projects": {"mylib": "me/mylib", "sklearn": "me/sklearn-fork"}, "labels": ["easy"], "exclude": ["A/B"]}, "cfg: [contribute]")
    merged = with_settings(load_projects(), settings)
    assert merged.project_of("mylib") == "me/mylib" and merged.project_of("sklearn") == "me/sklearn-fork"
    assert merged.project_of("scikit-learn") == "scikit-learn/scikit-learn" and merged.labels == ("easy",) and settings.exclude == ("a/b",)
    for table, message in (({"projects": {"x": "not a repo"}}, "not a GitHub repository"), ({"labels": []}, "non-empty list"),
                           ({"labels": [f"l{i}" for i in range(9)]}, "at most 8 labels"), ({"colour": 1}, "unknown setting"),
                           ({"exclude": "a/b"}, "must be a list")):
        with pytest.raises(ConfigError, match=message):
            parse_contribute(table, "cfg: [contribute]")


def test_the_bundled_map_is_valid() -> None:
    """Every entry names OWNER/NAME; the common ML packages are there under their import and distribution names."""
    projects = load_projects()
    for name in ("sklearn", "scikit-learn", "torch", "transformers", "pandas", "numpy", "xgboost", "sentence_transformers", "cv2"):
        assert projects.project_of(name), name
    assert projects.project_of("airflow-dag", "tool") == "apache/airflow" and len(projects.packages) > 90


def test_projects_already_contributed_to_come_first(sample_report) -> None:
    """Projects that merged the candidate's pull requests (OSS001/OSS002 evidence from a GitHub account) are the most
    familiar, whether or not the code imports them; a failing OSS001 makes good first issues a full-weight gap."""
    import dataclasses

    from readiness.models import Dimension, Effort, Evidence, Finding, Status

    def oss(check_id: str, status: Status, *evidence: Evidence) -> Finding:
        return Finding(check_id, "x", Dimension.OPEN_SOURCE, "t", "portfolio", status, "m", evidence, (), None, 1.0, Effort.LOW, "r")

    merged = oss("OSS001", Status.PASS, Evidence("huggingface/datasets#12 Fix a typo (2026-01-02)", "https://github.com/huggingface/datasets/pull/12"))
    reached = oss("OSS002", Status.FAIL, Evidence("1 merged pull request(s)", "huggingface/datasets"))
    report = dataclasses.replace(sample_report, portfolio_findings=(merged, reached))
    stack = stack_of(report, load_projects())
    assert stack[0].name == "huggingface/datasets" and stack[0].use == "contributed"
    chosen, _ = projects_for(stack, load_projects(), ContributeSettings())
    assert chosen[0].repo == "huggingface/datasets" and chosen[0].familiarity == 1.0
    assert chosen[0].reason == "you contributed to it (https://github.com/huggingface/datasets/pull/12)"
    failing = dataclasses.replace(sample_report, portfolio_findings=(oss("OSS001", Status.FAIL),))
    assert {g.theme: g.weight for g in gap_themes(failing)}["beginner"] == 1.0


def test_an_old_report_without_the_import_record_says_so(tmp_path, sample_report) -> None:
    """A report made before BRD001 recorded imports has no stack: nothing is searched and the note says to assess again."""
    import dataclasses
    import json

    from readiness.pipeline.contribute import ContributeOptions, contribute_request
    from readiness.pipeline.run import Request
    from readiness.report.formats import render

    old = dataclasses.replace(sample_report, repos=tuple(dataclasses.replace(r, findings=tuple(
        dataclasses.replace(f, values=tuple((k, v) for k, v in f.values if k not in ("imports", "trains_with", "declared", "infra")))
        for f in r.findings)) for r in sample_report.repos))
    path = tmp_path / "old.json"
    path.write_text(render(old, "json"))
    said: list[str] = []
    report = contribute_request(Request(report_path=path, github=(("token", "t0ken"),)), ContributeOptions(), None, said.append)
    found = report.contributions
    assert found is not None and found.projects == () and found.searches == () and found.calls_made == 0 and not found.partial
    assert found.notes[-1].endswith("(made before readiness recorded it); assess again")
    assert said == ["contribute: 0 project(s) in 0 issue search(es), 0 to make (hard cap 30); GitHub allows 30 searches a minute with a token, plus 1 free GET /rate_limit"]
    assert json.loads(render(report, "json"))["contributions"]["budget"] == 0
