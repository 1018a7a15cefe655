"""The Action's pull-request comment against the GitHub stand-in: one comment, updated in place, never for forks."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from readiness.report.pr_comment import LIMIT, MARKER, comment_body
from tests.report_fixtures import tiny_report
from tests.standin import GitHubStandIn, IssueOrPR, User, World
from tests.standin.comments import ACTIONS_BOT
from tests.test_action import BIN, commands, run_action_step
from tests.test_standin import make_standin, validated_digests, validator  # noqa: F401  (fixtures)

REPO = "ada-learner/ada-learner"
NUMBER = 7
TOKEN = "ghs_workflowTokenForTheStandIn0123456789"
READ_ONLY = "ghs_readOnlyWorkflowToken0123456789abcd"
COMMENTS = f"/repos/{REPO}/issues/{NUMBER}/comments"


def world() -> World:
    """The portfolio repository with one open pull request."""
    owner = User("ada-learner", 4242, name="Ada Learner")
    pull = IssueOrPR(REPO, NUMBER, "Feature the new project", "ada-learner", 77, state="open", author_association="OWNER")
    return World(users=(owner,), items=(pull,))


def event(tmp_path: Path, head: str | None = REPO, name: str = "pull_request") -> dict[str, str]:
    """The runner's variables for a pull-request event whose head is HEAD (None: the fork was deleted)."""
    payload = {"action": "synchronize", "number": NUMBER,
               "pull_request": {"number": NUMBER, "base": {"repo": {"full_name": REPO}},
                                "head": {"repo": {"full_name": head} if head else None}}}
    path = tmp_path / "pr-event.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    return {"GITHUB_EVENT_NAME": name, "GITHUB_EVENT_PATH": str(path), "GITHUB_SERVER_URL": "https://github.com",
            "GITHUB_RUN_ID": "4242"}


def run_with_comment(tmp_path: Path, standin: GitHubStandIn, token: str = TOKEN, comment: str = "true",
                     **env: str) -> Any:
    """The action's assess step on the sample portfolio with `comment`, GitHub being the stand-in."""
    runner_env = {"GITHUB_API_URL": standin.url, **env}
    return run_action_step(tmp_path, {"sample": "true", "comment": comment, "token": token}, BIN / "readiness", runner_env)


def comment_commands(stdout: str) -> list[str]:
    """The annotations about the comment."""
    return [c for c in commands(stdout) if c.startswith(("::notice title=readiness comment", "::warning title=readiness comment"))]


def test_comment_is_created_then_updated_in_place(tmp_path: Path, make_standin) -> None:
    standin = make_standin(world(), tokens={TOKEN})
    first = run_with_comment(tmp_path, standin, **event(tmp_path))
    assert first.returncode == 0, first.stderr[-2000:]
    [posted] = standin.comments.on(REPO, NUMBER)
    assert posted.user == ACTIONS_BOT and posted.body.startswith(MARKER + "\n# ML portfolio readiness: sample portfolio")
    assert "https://github.com/ada-learner/ada-learner/actions/runs/4242" in posted.body and len(posted.body) <= LIMIT
    assert TOKEN not in first.stdout + first.stderr
    [note] = comment_commands(first.stdout)
    assert note.startswith(f"::notice title=readiness comment::created the readiness comment on pull request #{NUMBER}")
    standin.comments.update(posted, MARKER + "\nan older summary")
    second = run_with_comment(tmp_path, standin, **event(tmp_path))
    assert second.returncode == 0, second.stderr[-2000:]
    [again] = standin.comments.on(REPO, NUMBER)
    assert again.id == posted.id and again.body.startswith(MARKER + "\n# ML portfolio readiness")
    assert comment_commands(second.stdout)[0].startswith("::notice title=readiness comment::updated the readiness comment")
    methods = [(c.method, c.status) for c in standin.api_calls() if c.path.startswith(f"/repos/{REPO}/issues")]
    assert methods == [("GET", 200), ("POST", 201), ("GET", 200), ("PATCH", 200)]
    assert [b.method for b in standin.received_bodies()] == ["POST", "PATCH"]  # validated against the spec on teardown


def test_a_contributors_comment_with_the_marker_is_left_alone(tmp_path: Path, make_standin) -> None:
    """Only a bot's (or a writer's) marked comment is ours; the other 150 comments are paged through, not touched."""
    standin = make_standin(world(), tokens={TOKEN})
    visitor = User("visitor", 555)
    for i in range(150):
        standin.comments.add(REPO, NUMBER, f"comment {i}", visitor, "CONTRIBUTOR")
    planted = standin.comments.add(REPO, NUMBER, MARKER + "\nplease overwrite me", visitor, "CONTRIBUTOR")
    result = run_with_comment(tmp_path, standin, **event(tmp_path))
    assert result.returncode == 0, result.stderr[-2000:]
    assert planted.body == MARKER + "\nplease overwrite me"
    ours = [c for c in standin.comments.on(REPO, NUMBER) if c.user == ACTIONS_BOT]
    assert len(ours) == 1 and len(standin.calls(route="/repos/{owner}/{repo}/issues/{issue_number}/comments")) == 3
    standin.comments.update(ours[0], MARKER + "\nold")
    run_with_comment(tmp_path, standin, **event(tmp_path))  # ours sits on page 2 now
    assert len([c for c in standin.comments.on(REPO, NUMBER) if c.user == ACTIONS_BOT]) == 1
    assert ours[0].body.startswith(MARKER + "\n# ML portfolio readiness")


@pytest.mark.parametrize("head", ["someone-else/ada-learner", None])
def test_nothing_is_posted_for_a_fork(tmp_path: Path, make_standin, head: str | None) -> None:
    standin = make_standin(world(), tokens={TOKEN})
    result = run_with_comment(tmp_path, standin, **event(tmp_path, head=head))
    assert result.returncode == 0, result.stderr[-2000:]
    assert standin.api_calls() == [] and standin.comments.on(REPO, NUMBER) == []
    [note] = comment_commands(result.stdout)
    assert note.startswith(f"::notice title=readiness comment::pull request #{NUMBER} comes from a fork ({head or 'deleted'}): "
                           "no comment posted")


def test_push_events_and_comment_off_post_nothing(tmp_path: Path, make_standin) -> None:
    standin = make_standin(world(), tokens={TOKEN})
    pushed = run_with_comment(tmp_path, standin, GITHUB_EVENT_NAME="push")
    assert pushed.returncode == 0 and "the push event is not a pull request" in comment_commands(pushed.stdout)[0]
    off = run_with_comment(tmp_path, standin, comment="false", **event(tmp_path))
    assert off.returncode == 0 and comment_commands(off.stdout) == []
    assert standin.api_calls() == []


def test_missing_permission_is_a_warning_and_the_run_stands(tmp_path: Path, make_standin) -> None:
    """A token without pull-requests: write gets GitHub's 403; the step says which permission to add and passes."""
    standin = make_standin(world(), tokens={TOKEN, READ_ONLY}, read_only_tokens={READ_ONLY})
    result = run_with_comment(tmp_path, standin, token=READ_ONLY, **event(tmp_path))
    assert result.returncode == 0, result.stderr[-2000:]
    [warning] = comment_commands(result.stdout)
    assert warning.startswith("::warning title=readiness comment::could not comment on pull request #7")
    assert "Resource not accessible by integration" in warning and "pull-requests: write" in warning
    assert READ_ONLY not in result.stdout + result.stderr and standin.comments.on(REPO, NUMBER) == []
    assert (Path(tmp_path / "summary.md")).stat().st_size > 1000


def test_pr_comment_needs_actions_mode() -> None:
    from tests.test_first_run import run

    result = run(["assess", "--sample", "--pr-comment"])
    assert result.returncode == 2 and "--pr-comment works in GitHub Actions mode only" in result.stderr


def test_a_huge_report_still_fits_one_comment(make_standin) -> None:
    """Trimmed like the step summary, but to GitHub's 65,536-character comment limit (which the stand-in enforces)."""
    from readiness.sources.github_comment import upsert_comment

    report = tiny_report("huge", "x" * 200, findings_per_repo=30, repos=60, evidence=8)
    body = comment_body(report, "https://github.com/o/r/actions/runs/1")
    assert len(body) <= LIMIT and body.startswith(MARKER) and body.rstrip().endswith("</sub>")
    assert "Some detail was trimmed" in body
    standin = make_standin(world(), tokens={TOKEN})
    posted = upsert_comment(standin.url, TOKEN, REPO, NUMBER, body, MARKER)
    assert posted.action == "created" and re.search(r"#issuecomment-\d+$", posted.url)
    with pytest.raises(Exception, match="body is too long|HTTP 422"):
        upsert_comment(standin.url, TOKEN, REPO, NUMBER, MARKER + "x" * LIMIT, "<!-- another marker -->")
