"""`readiness contribute` against the GitHub stand-in: exact calls, the ranking on a fixed set of issues, every format,
the Actions step summary, the hard cap, and rate-limit and failure handling (partial results, clear message, exit code)."""

from __future__ import annotations

import dataclasses
import json
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from readiness.errors import GatherError
from readiness.report.schema import SCHEMA_FILE
from readiness.sources.github import GitHubClient
from readiness.sources.github_issues import MAX_QUERY, Batch, batches, run_searches
from tests.factories import make_repo
from tests.standin import GitHubStandIn, IssueOrPR, World
from tests.test_github import FAST, TOKEN, run_cli
from tests.test_render_html import assert_inert
from tests.test_standin import make_standin, validated_digests, validator  # noqa: F401  (fixtures)

EPOCH = 1780000000
LABELS = ("good first issue", "help wanted", "documentation", "docs", "tests")
CHURN = {
    "README.md": "# churn\n\nPredicts which customers leave.\n",
    "requirements.txt": "pandas==2.2.0\nnumpy==2.0.0\nscikit-learn==1.5.0\nmatplotlib==3.9.0\nseaborn==0.13.2\nxgboost==2.1.0\n"
                        "requests==2.32.0\nscipy==1.14.0\njoblib==1.4.2\n",
    "train.py": "import joblib\nimport matplotlib.pyplot as plt\nimport numpy as np\nimport pandas as pd\nimport requests\nimport scipy.stats\n"
                "import seaborn as sns\nimport xgboost\nfrom sklearn.linear_model import LogisticRegression\n\n\n"
                "def train(path):\n    frame = pd.read_csv(path)\n    model = LogisticRegression()\n    model.fit(frame[['a']], frame['y'])\n"
                "    joblib.dump(model, 'model.joblib')\n    return model\n",
}
VISION = {
    "README.md": "# vision\n\nA small image classifier.\n",
    "requirements.txt": "torch==2.3.0\n",
    "model.py": "import torch\n\n\ndef step(model, batch, optimiser):\n    loss = model(batch).mean()\n    loss.backward()\n    optimiser.step()\n",
}


def day(n: int) -> str:
    """N days before the fixed 'now' (SOURCE_DATE_EPOCH)."""
    return datetime.fromtimestamp(EPOCH - n * 86400, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def open_issue(repo: str, number: int, title: str, labels: tuple[str, ...], updated: int, **kw: Any) -> IssueOrPR:
    """An open issue by someone else, updated UPDATED days ago."""
    return IssueOrPR(repo, number, title, "maintainer", 5000 + number, is_pull_request=False, state="open", labels=labels,
                     created_at=day(updated + 20), updated_at=day(updated), author_association="MEMBER", **kw)


def world() -> World:
    """Issues in the candidate's projects: ones to offer, one claimed, and ones the query must leave out."""
    items = (
        open_issue("scikit-learn/scikit-learn", 101, "Add tests for LogisticRegression with a single class", ("good first issue",), 3),
        open_issue("scikit-learn/scikit-learn", 102, "Improve the Ridge docstring", ("Documentation",), 12),
        open_issue("pytorch/pytorch", 201, "Flaky test in test_nn", ("tests",), 1, comments=7),
        open_issue("pandas-dev/pandas", 301, "DOC: fix the read_csv example", ("Docs", "good first issue"), 40),
        open_issue("pandas-dev/pandas", 302, "Add tests for merge_asof", ("good first issue",), 2, body="I'm working on this one"),
        open_issue("joblib/joblib", 601, "Support <script>alert(1)</script> @octocat in names", ("help wanted",), 5),
        open_issue("numpy/numpy", 401, "Assigned already", ("good first issue",), 1, assignee="someone"),
        open_issue("numpy/numpy", 402, "Has a linked pull request", ("good first issue",), 1, linked_pr=True),
        open_issue("numpy/numpy", 404, "Only a bug label", ("bug",), 1),
        IssueOrPR("numpy/numpy", 403, "Closed", "maintainer", 5403, is_pull_request=False, state="closed", labels=("tests",),
                  created_at=day(9), closed_at=day(8)),
        IssueOrPR("scikit-learn/scikit-learn", 103, "A pull request", "maintainer", 5103, state="open", labels=("tests",), created_at=day(2)),
        open_issue("someone/unrelated", 1, "Not one of your projects", ("good first issue",), 1),
    )
    return World(items=items)


EXPECTED = ["scikit-learn/scikit-learn#101", "scikit-learn/scikit-learn#102", "pandas-dev/pandas#301", "pytorch/pytorch#201",
            "joblib/joblib#601", "pandas-dev/pandas#302"]
"""Tests and docs gaps weigh the same here (both repositories fail TST001 and DOC001): the most familiar project's issues
first, the freshest first among them; the busy pytorch thread loses 15%; off-gap joblib last; the claimed one after all."""


@pytest.fixture(scope="module")
def repos(tmp_path_factory) -> list[str]:
    """Two candidate repositories: one trains with scikit-learn and imports eight more packages, one trains with PyTorch."""
    root = tmp_path_factory.mktemp("contribute")
    return [str(make_repo(root / "churn", CHURN)), str(make_repo(root / "vision", VISION))]


def contribute(repos: list[str], standin: GitHubStandIn, *extra: str, **env: str):
    """`readiness contribute` on the two repositories against the stand-in, at the fixed time."""
    return run_cli(["contribute", *repos, "--api-url", standin.url, "--no-cache", "--jobs", "1", *extra], SOURCE_DATE_EPOCH=str(EPOCH), **env)


def searches(standin: GitHubStandIn) -> list[str]:
    """The q= of every issue search made."""
    return [c.query["q"] for c in standin.calls(route="/search/issues")]


def test_end_to_end_calls_ranking_and_schema(make_standin, repos: list[str]) -> None:
    """One free GET /rate_limit and one search per batch of projects, nothing per issue; the fixed issues ranked;
    what the query must exclude is absent; the JSON is in the report schema; the token is never shown."""
    standin = make_standin(world(), tokens={TOKEN})
    result = contribute(repos, standin, "--format", "json", "--token", TOKEN)
    assert result.returncode == 0, result.stderr[-2000:]
    assert TOKEN not in result.stdout + result.stderr
    data = json.loads(result.stdout)
    jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text())).validate(data)
    found = data["contributions"]
    projects = [p["repo"] for p in found["projects"]]
    assert projects[:2] == ["pytorch/pytorch", "scikit-learn/scikit-learn"] and len(projects) == 10
    planned = batches(projects, LABELS)
    assert len(planned) == 2 and searches(standin) == [b.query for b in planned]
    assert all(len(q) <= MAX_QUERY for q in searches(standin))
    assert len(standin.calls(route="/rate_limit")) == 1 and len(standin.api_calls()) == 1 + len(planned)
    assert all(c.authenticated and c.query["per_page"] == "100" and c.query["sort"] == "updated" for c in standin.calls(route="/search/issues"))
    assert [f"{i['repo']}#{i['number']}" for i in found["issues"]] == EXPECTED
    assert [i["status"] for i in found["issues"]] == ["open"] * 5 + ["taken"]
    top = found["issues"][0]
    assert top["themes"] == ["beginner", "tests"] and top["familiarity"] == 1.0
    assert top["reasons"][0].startswith("fits your tests gap (TST001 test-suite-level fails in 2 repositories")
    assert top["reasons"][1] == "you train models with sklearn (churn/train.py:15)"
    assert found["budget"] == 2 and found["cap"] == 30 and not found["partial"] and not data["partial"]
    assert found["rate_limit"] == "30 searches a minute with a token; 30 left when the searches started"
    assert "10 project(s) in 2 issue search(es), 2 to make (hard cap 30)" in result.stderr


def test_every_format_and_untrusted_issue_text(make_standin, repos: list[str], tmp_path: Path) -> None:
    """Text, Markdown and HTML show the ranked issues with their reasons; issue text cannot inject markup or ping anyone."""
    standin = make_standin(world())
    out = tmp_path / "out"
    result = contribute(repos, standin, "--format", "text,markdown,html,json", "--output-dir", str(out))
    assert result.returncode == 0, result.stderr[-2000:]
    text = (out / "readiness-contribute.txt").read_text()
    assert text.index("scikit-learn/scikit-learn#101") < text.index("pytorch/pytorch#201") < text.index("Probably taken") < text.index("pandas-dev/pandas#302")
    assert "- fits your tests gap" in text and "search limit: 10 searches a minute without a token" in text
    markdown = (out / "readiness-contribute.md").read_text()
    assert "[scikit-learn/scikit-learn#101](https://github.com/scikit-learn/scikit-learn/issues/101)" in markdown.replace("\\", "")
    assert "<script>" not in markdown and "@\u2060octocat" in markdown
    page = (out / "readiness-contribute.html").read_text()
    assert_inert(page)
    assert "&lt;script&gt;" in page and 'href="https://github.com/pytorch/pytorch/issues/201"' in page
    assert json.loads((out / "readiness-contribute.json").read_text())["contributions"]["issues"][0]["number"] == 101


def test_rate_limit_leaves_a_partial_result(make_standin, repos: list[str], tmp_path: Path) -> None:
    """One search left in the window, which resets in an hour: one batch is read, the other is not made; the result is
    written, marked partial, and the command says why, when the limit resets and how to raise it (exit 5)."""
    standin = make_standin(world())
    standin.set_remaining("search", 1, reset_in=3600)
    out = tmp_path / "partial.json"
    result = contribute(repos, standin, "--format", "json", "-o", str(out))
    assert result.returncode == 5, result.stderr[-2000:]
    assert len(standin.calls(route="/search/issues")) == 1 and len(standin.api_calls()) == 2
    data = json.loads(out.read_text())["contributions"]
    assert [s["status"] for s in data["searches"]] == ["read", "not-made"] and data["partial"]
    assert {i["repo"] for i in data["issues"]} <= set(data["searches"][0]["repos"]) and data["issues"]
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith("readiness: partial result: 1 issue search(es) not made: the search rate limit is used up until ")
    assert "30 searches a minute instead of 10" in message


def test_nothing_readable_is_one_line_and_exit_3(make_standin, repos: list[str]) -> None:
    """The search limit used up for an hour before the first search: no search is sent, one line, exit 3."""
    standin = make_standin(world())
    standin.set_remaining("search", 0, reset_in=3600)
    result = contribute(repos, standin)
    assert result.returncode == 3 and len(standin.calls(route="/search/issues")) == 0
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("readiness: no issue search could be read: 2 issue search(es) not made: the search rate limit is used up until")
    unreachable = run_cli(["contribute", *repos, "--api-url", "http://127.0.0.1:9", "--no-cache"])
    assert unreachable.returncode == 3 and "cannot connect to 127.0.0.1:9" in unreachable.stderr.strip().splitlines()[-1]


def test_hard_cap_and_dry_run(make_standin, repos: list[str]) -> None:
    """--max-searches is a hard cap (what it leaves out is said, not an error); --dry-run sends nothing at all."""
    standin = make_standin(world())
    capped = contribute(repos, standin, "--max-searches", "1", "--format", "json")
    assert capped.returncode == 0, capped.stderr[-2000:]
    assert len(standin.calls(route="/search/issues")) == 1 and "1 over the cap are left out" in capped.stderr
    data = json.loads(capped.stdout)["contributions"]
    assert data["searches"][1]["note"] == "over the hard cap of 1 searches (--max-searches)" and not data["partial"]
    standin.clear_log()
    dry = contribute(repos, standin, "--dry-run")
    assert dry.returncode == 0 and standin.api_calls() == [] and "is:issue is:open no:assignee -linked:pr" in dry.stdout


def test_github_actions_step_summary(make_standin, repos: list[str], tmp_path: Path) -> None:
    """Actions mode appends the top five open issues to the step summary, sets the `issues` output, writes the reports."""
    standin = make_standin(world())
    summary, outputs = tmp_path / "summary.md", tmp_path / "outputs.txt"
    result = contribute(repos, standin, "--github-actions", "--output-dir", str(tmp_path / "r"), GITHUB_STEP_SUMMARY=str(summary), GITHUB_OUTPUT=str(outputs))
    assert result.returncode == 0, result.stderr[-2000:]
    text = summary.read_text()
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| #")]
    assert text.startswith("## Open-source issues to take") and len(rows) == 5 and "pandas-dev/pandas#302" not in text.replace("\\", "")
    issues = json.loads(next(line for line in outputs.read_text().splitlines() if line.startswith("issues=")).removeprefix("issues="))
    assert [f"{i['repo']}#{i['number']}" for i in issues] == EXPECTED[:5]
    assert (tmp_path / "r" / "readiness-contribute.md").is_file() and (tmp_path / "r" / "readiness-contribute.json").is_file()
    assert result.stdout.count("::notice title=contribute #") == 5


def test_search_client_failures_and_waiting(make_standin) -> None:
    """A search that keeps failing is noted and the next is still made (partial); a limit that resets within a minute
    is waited for, then the searches go on; the exact calls are counted."""
    standin = make_standin(world())
    planned = [Batch("is:issue is:open repo:scikit-learn/scikit-learn", ("scikit-learn/scikit-learn",)),
               Batch("is:issue is:open repo:pandas-dev/pandas", ("pandas-dev/pandas",))]
    client = GitHubClient(standin.url, None, FAST)
    try:
        standin.fail(r"^/search/issues$", "server_500", times=3)
        run = run_searches(client, planned, cap=10)
        assert [o.status for o in run.outcomes] == ["failed", "read"] and run.partial
        assert run.problems[0] == "1 issue search(es) failed: GitHub kept failing (server errors) after retries" and len(standin.calls(route="/search/issues")) == 4
        standin.clear_log()
        standin.set_remaining("search", 0, reset_in=1)
        said: list[str] = []
        started = time.monotonic()
        waited = run_searches(client, planned, cap=10, say=said.append)
        assert [o.status for o in waited.outcomes] == ["read", "read"] and not waited.partial
        assert said and "waiting" in said[0] and time.monotonic() - started >= 0.5
        assert len(standin.calls(route="/search/issues")) == 2
        standin.fail(r"^/search/issues$", "rate_limit_403", times=5, reset_in=3600)
        with pytest.raises(GatherError, match="no issue search could be read: 1 issue search\\(es\\) failed: GitHub's search rate limit was reached"):
            run_searches(client, planned, cap=10)
    finally:
        client.close()


def test_configured_projects_are_searched(make_standin, repos: list[str], tmp_path: Path) -> None:
    """[contribute] in .readiness.toml adds a project for a package, excludes another and replaces the labels."""
    standin = make_standin(world())
    config = tmp_path / "readiness.toml"
    config.write_text('[contribute]\nprojects = { torch = "pytorch/tutorials" }\nexclude = ["scikit-learn/scikit-learn"]\nlabels = ["tests"]\n')
    result = contribute(repos, standin, "--config", str(config), "--format", "json")
    assert result.returncode == 0, result.stderr[-2000:]
    found = json.loads(result.stdout)["contributions"]
    assert found["projects"][0]["repo"] == "pytorch/tutorials" and "scikit-learn/scikit-learn" not in {p["repo"] for p in found["projects"]}
    assert found["labels"] == ["tests"] and all(" label:tests repo:" in q for q in searches(standin))
    bad = tmp_path / "bad.toml"
    bad.write_text('[contribute]\nprojects = { torch = "nope" }\n')
    broken = contribute(repos, standin, "--config", str(bad))
    assert broken.returncode == 2 and "[contribute] projects.torch: 'nope' is not a GitHub repository as OWNER/NAME" in broken.stderr


def test_action_adds_the_top_five_to_the_step_summary(make_standin, tmp_path: Path) -> None:
    """The action with `contribute: true`: the assessment's summary, then the issues' top five and the `issues` output."""
    from tests.test_action import BIN, parse_outputs, run_action_step

    standin = make_standin(world())
    result = run_action_step(tmp_path, {"sample": "true", "contribute": "true"}, BIN / "readiness", {"GITHUB_API_URL": standin.url})
    assert result.returncode == 0, result.stderr[-2000:]
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert summary.index("# ") < summary.index("## Open-source issues to take") and "scikit-learn/scikit-learn#101" in summary.replace("\\", "")
    issues = json.loads(parse_outputs((tmp_path / "output.txt").read_text(encoding="utf-8"))["issues"])
    assert issues and issues[0]["repo"] == "scikit-learn/scikit-learn" and len(issues) <= 5
    assert 1 <= len(standin.calls(route="/search/issues")) <= 30 and all(c.authenticated for c in standin.api_calls())


def test_standin_answers_like_github_for_long_queries_and_scopes(make_standin) -> None:
    """A query over 256 characters is refused (422, as GitHub does) and noted; several repo: qualifiers are ORed, and so
    are the comma-separated values of one label: qualifier."""
    standin = make_standin(world())
    client = GitHubClient(standin.url, None, FAST)
    try:
        too_long = Batch("is:issue " + " ".join(f"repo:owner/repository-{i}" for i in range(12)), ())
        ored = Batch("is:issue is:open label:tests,documentation repo:numpy/numpy repo:scikit-learn/scikit-learn", ())
        run = run_searches(client, [too_long, ored], cap=10)
    finally:
        client.close()
    assert len(too_long.query) > MAX_QUERY and run.outcomes[0].status == "failed" and run.outcomes[0].note.startswith("HTTP 422")
    assert [(h.repo, h.number) for h in run.outcomes[1].hits] == [("scikit-learn/scikit-learn", 102)] and run.partial


def test_github_account_costs_the_assessment_plus_the_batches(make_standin) -> None:
    """`contribute USERNAME`: the account's four calls, the free rate-limit read, one search per batch; the project the
    candidate already contributed to (a merged pull request) comes first, within 10 searches a minute without a token."""
    from tests.test_github import sample_world

    base = sample_world()
    standin = make_standin(World(users=base.users, repos=base.repos, items=base.items + world().items))
    result = run_cli(["contribute", "ada-learner", "--api-url", standin.url, "--format", "json"], SOURCE_DATE_EPOCH=str(EPOCH))
    assert result.returncode == 0, result.stderr[-2000:]
    found = json.loads(result.stdout)["contributions"]
    first = found["projects"][0]
    assert first["repo"] == "scikit-learn/scikit-learn" and first["reason"].startswith("you contributed to it (")
    planned = batches([p["repo"] for p in found["projects"]], LABELS)
    assert searches(standin)[2:] == [b.query for b in planned] and len(planned) + 2 <= 10
    assert len(standin.calls(route="/users/{username}")) == 1 and len(standin.calls(route="/users/{username}/repos")) == 1
    assert len(standin.api_calls()) == 1 + 1 + 2 + 1 + len(planned)
    assert found["issues"][0]["repo"] == "scikit-learn/scikit-learn" and found["issues"][0]["familiarity"] == 1.0


def test_a_repository_github_cannot_search_is_found_by_halving(make_standin) -> None:
    """GitHub refuses a whole search (422) when one repo: names a repository that is gone: the batch is searched again
    in halves, within the cap, until that one is named; every other project is still read and the result is complete."""
    repos = ["scikit-learn/scikit-learn", "pytorch/pytorch", "pandas-dev/pandas", "joblib/joblib", "numpy/numpy", "mwaskom/seaborn"]
    standin = make_standin(dataclasses.replace(world(), gone=("mwaskom/seaborn",)))
    client = GitHubClient(standin.url, None, FAST)
    try:
        run = run_searches(client, batches(repos, LABELS), cap=10)
        capped = run_searches(client, batches(repos, LABELS), cap=2)
    finally:
        client.close()
    assert [(o.status, len(o.batch.repos)) for o in run.outcomes] == [
        ("refused", 6), ("read", 3), ("refused", 3), ("read", 1), ("refused", 2), ("read", 1), ("refused", 1)]
    assert {h.repo for o in run.outcomes for h in o.hits} == {"scikit-learn/scikit-learn", "pytorch/pytorch", "pandas-dev/pandas", "joblib/joblib"}
    assert not run.partial and run.problems == ("GitHub cannot search mwaskom/seaborn (renamed, deleted or private): correct or exclude it "
                                                "under [contribute] in .readiness.toml",)
    assert [o.status for o in capped.outcomes] == ["refused", "read", "not-made"] and len(standin.calls(route="/search/issues")) == 7 + 2
