"""The storefront (issue 25): pins read with one GraphQL query validated against GitHub's schema, the profile README,
the storefront checks, pins as the featured best work, and the curation plan — personas served by the stand-in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from checks import all_checks
from readiness.models import Report, Status
from readiness.pipeline.config import Config
from readiness.pipeline.github import run_github
from readiness.report import html, markdown, text
from readiness.report.summary import text_lines
from readiness.scoring.roles import portfolio_scores
from readiness.serialize import to_data
from readiness.sources.storefront import NO_TOKEN, PINNED_QUERY, parse_pins
from tests.factories import make_repo
from tests.guidance_helpers import make_finding, make_report
from tests.standin import Repo, User, World, graphql
from tests.test_standin import make_standin, validated_digests, validator  # noqa: F401  (fixtures)

TOKEN = "ghp_storefrontTestToken0123456789abcdefXYZ"
STRONG = ("churn-model", "digits-space", "tinystats")
TUTORIALS = ("titanic-notebooks", "sentiment-course", "ml-project-template")
GOOD_README = """# Ada Learner

I'm a machine learning engineer who takes models past the notebook. I work in Python with scikit-learn, FastAPI
and Docker, and I test what I ship with pytest and GitHub Actions.

## Projects

- [churn-model](https://github.com/ada-learner/churn-model): a churn model served by FastAPI, packaged with Docker.
- [digits-space](https://github.com/ada-learner/digits-space): a Gradio demo deployed to a Hugging Face Space.
- [tinystats](https://github.com/ada-learner/tinystats): a small statistics library with tests and CI.
"""
WIDGETS_README = """<h1 align="center">Hi there 👋</h1>

![stats](https://github-readme-stats.vercel.app/api?username=ada-learner&show_icons=true)
![streak](https://streak-stats.demolab.com?user=ada-learner)
[![Python](https://img.shields.io/badge/Python-3776AB?logo=python)](https://python.org)
"""


@pytest.fixture(scope="module")
def samples() -> dict[str, Path]:
    """The sample repositories by name (materialised once)."""
    from readiness.sources.samples import sample_sources

    return {s.name: s.path for s in sample_sources()[1]}


def persona(samples: dict[str, Path], tmp_path: Path, names: tuple[str, ...], pinned: tuple[str, ...],
            readme: str | None) -> World:
    """ada-learner owning NAMES (ml-project-template as a fork), pinning PINNED, with README as the profile README."""
    from readiness.sources.samples import load_personas

    candidate = load_personas()[0]
    repos = [Repo(candidate.login, n, 800 + i, fork=n == "ml-project-template", git_path=samples[n],
                  pushed_at=f"2026-06-{1 + i:02d}T00:00:00Z", language="Python") for i, n in enumerate(names)]
    if readme is not None:
        profile = make_repo(tmp_path / candidate.login, {"README.md": readme})
        repos.append(Repo(candidate.login, candidate.login, 799, git_path=profile, pushed_at="2026-07-01T00:00:00Z"))
    user = User(candidate.login, candidate.github_id, name=candidate.name, email=candidate.email,
                pinned=tuple(f"{candidate.login}/{n}" for n in pinned))
    return World(users=(user,), repos=tuple(repos))


def assess(standin: Any, monkeypatch: pytest.MonkeyPatch, token: str | None = TOKEN) -> Report:
    """`assess ada-learner` against the stand-in, in process."""
    monkeypatch.setenv("READINESS_ALLOW_HTTP_LOOPBACK", "1")
    for name in ("GH_TOKEN", "GITHUB_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("readiness.sources.github_auth.shutil.which", lambda name: None)  # no `gh auth token`
    return run_github(("ada-learner",), {"api_url": standin.url, "token": token}, Config(jobs=1))


def portfolio_finding(report: Report, check_id: str) -> Any:
    """A portfolio-scope finding."""
    return next(f for f in report.portfolio_findings if f.check_id == check_id)


# --------------------------------------------------------------------------- the query and the stand-in


def test_the_pinned_query_validates_against_githubs_graphql_schema() -> None:
    """The one query the client sends is valid for @octokit/graphql-schema; a wrong field would not be."""
    graphql.validate_request({"query": PINNED_QUERY, "variables": {"login": "ada-learner"}})
    with pytest.raises(AssertionError, match="Cannot query field 'pinned'"):
        graphql.validate_request({"query": PINNED_QUERY.replace("pinnedItems(first: 6", "pinned(first: 6"), "variables": {}})
    with pytest.raises(AssertionError, match="variables"):
        graphql.validate_request({"query": PINNED_QUERY, "variables": {"login": 7}})


def test_the_standins_answer_matches_the_schema_and_parses_into_pins() -> None:
    """The stand-in answers from the World; the answer re-executes identically against the schema; a wrong one does not."""
    world = World(users=(User("ada", 1, bio="ML", pinned=("ada/one", "ada/two", "other/lib")),),
                  repos=(Repo("ada", "one", 1, description="first", language="Python"), Repo("ada", "two", 2, fork=True)))
    request = {"query": PINNED_QUERY, "variables": {"login": "ada"}}
    status, body = graphql.answer(world, request)
    assert status == 200 and "errors" not in body
    graphql.validate_response(request, body)
    store = parse_pins(body["data"], "ada")
    assert [(p.full_name, p.fork, p.language) for p in store.pins] == [("ada/one", False, "Python"), ("ada/two", True, None), ("other/lib", False, None)]
    assert store.pinned_names == ("one", "two") and store.bio == "ML"
    broken = {"data": {"user": {**body["data"]["user"], "login": None}}}
    with pytest.raises(AssertionError, match="non-nullable"):
        graphql.validate_response(request, broken)
    assert graphql.answer(world, {"query": PINNED_QUERY, "variables": {"login": "nobody"}})[1]["errors"][0]["type"] == "NOT_FOUND"


# --------------------------------------------------------------------------- personas


def test_a_strong_persona_that_pins_its_tutorials(make_standin, samples, tmp_path, monkeypatch) -> None:
    """Pins are the featured set; the checks name a stronger unpinned repository and each weak pin's reason; a red
    flag in a pin weighs double; the plan pins the strong work and archives the template; one GraphQL call."""
    world = persona(samples, tmp_path, STRONG + TUTORIALS, TUTORIALS, GOOD_README)
    standin = make_standin(world, tokens={TOKEN})
    report = assess(standin, monkeypatch)
    graphql_calls = standin.calls(route="/graphql")
    assert len(graphql_calls) == 1 and graphql_calls[0].method == "POST" and graphql_calls[0].authenticated
    assert len(standin.api_calls()) == 5  # profile, repositories, merged-PR search, issues search + 1 GraphQL query
    store = report.storefront
    assert store is not None and store.featured_from == "pins" and store.pinned == TUTORIALS
    assert report.featured == TUTORIALS and report.pinned == TUTORIALS
    best = {s.name for s in report.repo_scores if s.best_work}
    assert best and best <= set(TUTORIALS)  # the best work is judged among the pins, not the strong repositories
    strongest = portfolio_finding(report, "DOC014")
    assert strongest.status is Status.FAIL and dict(strongest.values)["stronger"] in STRONG
    assert "is stronger than the weakest shown" in strongest.message
    weak = portfolio_finding(report, "DOC015")
    assert weak.status is Status.FAIL and set(dict(weak.values)["weak"].split(",")) == set(TUTORIALS)
    details = " ".join(e.detail for e in weak.evidence)
    assert "titanic-notebooks: broken — NBK004" in details and "sentiment-course: coursework" in details
    assert "ml-project-template: fork" in details
    assert portfolio_finding(report, "DOC013").status is Status.PASS
    flag = next(p for p in report.penalties if p.check_id == "NBK004" and p.repo == "titanic-notebooks")
    assert flag.points == 10.0 and "pinned: ×2" in flag.reason
    plan = store.plan
    assert {line.repo for line in plan.pin} >= {"churn-model", "digits-space"} and not {line.repo for line in plan.pin} & set(TUTORIALS)
    assert {line.repo for line in plan.archive} >= {"ml-project-template"}
    assert all(line.check_id and line.why for line in plan.pin + plan.archive)
    assert plan.fix and plan.fix[0].repo == "titanic-notebooks" and plan.fix[0].why.startswith("red flag NBK004")
    outline = {line.repo: line for line in plan.outline}
    assert "fastapi" in outline["stack"].why and outline["role"].why.startswith("Role: ML engineer")
    assert sum(1 for line in plan.outline if line.repo == "project") == 3


def test_a_persona_with_no_profile_readme(make_standin, samples, tmp_path, monkeypatch) -> None:
    """No LOGIN/LOGIN repository: DOC013 fails and says so; the pins are still read and used."""
    standin = make_standin(persona(samples, tmp_path, ("churn-model", "tinystats", "titanic-notebooks"), ("churn-model", "tinystats"), None), tokens={TOKEN})
    report = assess(standin, monkeypatch)
    readme = portfolio_finding(report, "DOC013")
    assert readme.status is Status.FAIL and "no profile README" in readme.message
    assert report.storefront is not None and report.storefront.profile_readme == "" and report.storefront.featured_from == "pins"
    assert portfolio_finding(report, "DOC014").status is Status.PASS


def test_a_persona_whose_pins_are_its_best_work(make_standin, samples, tmp_path, monkeypatch) -> None:
    """Pinning the strongest repositories passes both pin checks; the plan keeps them pinned and archives nothing pinned."""
    standin = make_standin(persona(samples, tmp_path, STRONG + ("titanic-notebooks",), STRONG, GOOD_README), tokens={TOKEN})
    report = assess(standin, monkeypatch)
    assert portfolio_finding(report, "DOC014").status is Status.PASS
    assert portfolio_finding(report, "DOC015").status is Status.PASS
    assert portfolio_finding(report, "DOC013").status is Status.PASS
    plan = report.storefront.plan
    assert [line.repo for line in plan.pin][:3] == list(dict(portfolio_finding(report, "DOC014").values)["ranking"].split(","))[:3]
    assert set(STRONG) <= {line.repo for line in plan.pin} and not {line.repo for line in plan.archive} & set(STRONG)
    assert not [p for p in report.penalties if "pinned" in p.reason]


def test_without_a_token_the_profile_readmes_links_stand_in(make_standin, samples, tmp_path, monkeypatch) -> None:
    """No token: no GraphQL call, one problem that says why, the profile README's links become the featured set."""
    standin = make_standin(persona(samples, tmp_path, STRONG + TUTORIALS, TUTORIALS, GOOD_README))
    report = assess(standin, monkeypatch, token=None)
    assert standin.calls(route="/graphql") == [] and len(standin.api_calls()) == 4
    assert [p.message for p in report.problems].count(NO_TOKEN) == 1
    store = report.storefront
    assert store.featured_from == "profile README" and not store.pins_read and store.note == NO_TOKEN
    assert report.featured == STRONG and report.pinned == ()
    assert dict(portfolio_finding(report, "DOC014").values)["shown_from"] == "profile README links"
    assert "Repositories (best work from the repositories the profile README links to:" in "\n".join(text_lines(report))
    details = " ".join(text.render_details(report).split())  # the terminal wraps long lines
    assert "Best work chosen from the repositories the profile README links to" in details and NO_TOKEN in details


# --------------------------------------------------------------------------- checks, scores and formats without a server


def test_a_readme_of_widgets_and_badges_is_not_a_profile(make_standin, samples, tmp_path, monkeypatch) -> None:
    """Stats cards, streaks and badges with no prose fail DOC013 with a score of 0."""
    standin = make_standin(persona(samples, tmp_path, ("churn-model", "tinystats"), ("churn-model",), WIDGETS_README), tokens={TOKEN})
    readme = portfolio_finding(assess(standin, monkeypatch), "DOC013")
    assert readme.status is Status.FAIL and readme.points == 0 and "widgets and badges" in readme.message
    assert int(dict(readme.values)["widgets"]) >= 3


def _scored_with_and_without_pins(check_id: str):
    """Two repositories in the best work, the first failing CHECK_ID, scored without pins and with the first pinned."""
    repos = {n: [make_finding(n, "DOC001"), make_finding(n, "TST001")] for n in ("a", "b")}
    repos["a"].append(make_finding("a", check_id, Status.FAIL))
    report = make_report(repos)
    return portfolio_scores(report.repos, featured=("a", "b")), portfolio_scores(report.repos, featured=("a", "b"), pinned=("a",))


def test_a_red_flag_in_a_pinned_repository_weighs_more() -> None:
    """The same broken notebook in the best work costs double when the repository is pinned (policy: roles.toml)."""
    plain, pinned = _scored_with_and_without_pins("NBK001")
    assert [p.points for p in plain.penalties] == [5.0] and [p.points for p in pinned.penalties] == [10.0]
    assert pinned.overall == round(plain.overall - 5.0, 1)


def test_a_notebook_saved_with_errors_is_a_red_flag_only_where_a_reviewer_opens_it_first() -> None:
    """Saved errors lower the notebooks score wherever they are; only in a pinned repository are they a red flag."""
    plain, pinned = _scored_with_and_without_pins("NBK004")
    assert plain.penalties == () and [(p.check_id, p.points) for p in pinned.penalties] == [("NBK004", 10.0)]
    assert pinned.overall == round(plain.overall - 10.0, 1)


def test_the_plan_is_in_every_format(make_standin, samples, tmp_path, monkeypatch) -> None:
    """Text, Markdown (the Action's step summary), HTML and JSON all carry the plan and the featured set."""
    standin = make_standin(persona(samples, tmp_path, ("churn-model", "ml-project-template"), ("ml-project-template",), GOOD_README), tokens={TOKEN})
    report = assess(standin, monkeypatch)
    archived = report.storefront.plan.archive[0]
    assert archived.repo == "ml-project-template" and archived.check_id in ("ORG002", "ACT001")
    summary = " ".join(" ".join(text_lines(report)).split())
    assert "Curation plan: pin churn-model; archive or make private ml-project-template" in summary
    for rendered in (" ".join(text.render_details(report).split()), markdown.render(report), html.render(report)):
        assert "Archive or make private" in rendered and "Pin these" in rendered and "pinned repositories" in rendered
    data = to_data(report)
    assert data["storefront"]["featured_from"] == "pins" and data["storefront"]["plan"]["archive"][0]["repo"] == "ml-project-template"


def test_a_profile_is_read_like_a_recruiter_reads_it() -> None:
    """A headline role counts; tools shown only as badges do not; short tool names count only as written."""
    from checks.support.storefront import read_profile

    text = ("# Jane Doe — Machine Learning Engineer\n\nLet's go! I build with PyTorch and scikit-learn, and query SQL.\n"
            "![k8s](https://img.shields.io/badge/Kubernetes-326CE5?logo=kubernetes)\n")
    profile = read_profile(text, "README.md")
    assert profile.role is not None and profile.role.detail == "role: 'Machine Learning Engineer'" and profile.role.line == 1
    assert profile.stack == ("PyTorch", "scikit-learn", "SQL") and profile.widgets == 1
    assert read_profile(WIDGETS_README, "README.md").words < 25


def test_the_pinned_weight_is_policy_data() -> None:
    """roles.toml's pinned_red_flags is read and validated by policy.py like the rest of the policy."""
    from readiness.errors import ConfigError
    from readiness.scoring.data import ROLES_FILE, _read, source_ids
    from readiness.scoring.policy import load_policy, parse_policy

    assert load_policy().pinned_factor == 2.0
    data = _read(ROLES_FILE)
    checks = [s.id for s in all_checks()]
    assert parse_policy({**data, "pinned_red_flags": 3}, checks, source_ids()).pinned_factor == 3.0
    with pytest.raises(ConfigError, match="pinned_red_flags"):
        parse_policy({**data, "pinned_red_flags": 0.5}, checks, source_ids())
