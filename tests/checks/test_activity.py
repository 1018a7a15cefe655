"""History checks on hand-built commit lists: authorship, code dumps, messages, work over time."""

from __future__ import annotations

from checks import find_check
from readiness.facts.model import Commit, History
from readiness.models import Person, Status
from readiness.pipeline.engine import run_check
from readiness.pipeline.run import person_from_authors
from tests.checks.test_breadth import CANDIDATE, portfolio_of, values_of
from tests.factories import make_facts

DAY = 86400
START = 1_767_225_600  # 2026-01-01


def commit(index: int, subject: str = "Add cleaning of plan names", name: str = "Ada Learner", email: str = "ada@example.com",
           days: int = 0, added: int = 1, parents: int = 1) -> Commit:
    """One commit INDEX commits and DAYS days after the start."""
    at = START + days * DAY + index * 60
    return Commit(f"{index:040d}", name, email, at, at, subject, parents, added)


def facts_with(commits: list[Commit], candidate: Person | None = CANDIDATE, **kw):
    """Facts whose history is COMMITS (given oldest first, stored newest first)."""
    return make_facts({"main.py": "print(1)\n"}, history=History(tuple(reversed(commits))), candidate=candidate, **kw)


def run(check_id: str, facts):
    return run_check(find_check(check_id), facts, "repo")


def test_authorship_matches_email_noreply_name_and_login() -> None:
    commits = [
        commit(0, email="ada@example.com", name="A"),
        commit(1, email="4242+ada-learner@users.noreply.github.com", name="A"),
        commit(2, email="ada-learner@users.noreply.github.com", name="A"),
        commit(3, email="laptop@local", name="ada  learner"),
        commit(4, email="laptop@local", name="ada-learner"),
    ]
    finding = run("ACT001", facts_with(commits))
    assert finding.status is Status.PASS
    assert values_of(finding)["candidate_commits"] == "5"


def test_a_full_name_run_together_is_the_login() -> None:
    from checks.activity import authored_by
    from readiness.models import Person

    carson = authored_by(Person(login="CarsonShively24"))
    assert carson(commit(0, email="c@gmail.com", name="Carson Shively"))  # the login is the name run together, plus digits
    assert not carson(commit(1, email="c@gmail.com", name="Carson"))  # one word is too weak to claim the commit
    assert not carson(commit(2, email="x@y.org", name="Carson Smith"))


def test_no_candidate_commit_fails_and_a_fork_says_so() -> None:
    theirs = [commit(i, name="Template Maintainer", email="m@template.org") for i in range(3)]
    finding = run("ACT001", facts_with(theirs))
    assert finding.status is Status.FAIL and values_of(finding)["candidate_commits"] == "0"
    fork = run("ACT001", facts_with(theirs, fork=True))
    assert "fork with no commits" in fork.message


def test_no_identity_is_unknown_never_a_fail() -> None:
    finding = run("ACT001", facts_with([commit(0, email="x@y.z", name="X")], candidate=None))
    assert finding.status is Status.UNKNOWN
    assert values_of(finding)["commits"] == "1"


def test_team_share_is_shown_not_zeroed_and_bots_are_left_out() -> None:
    commits = [commit(0)] + [commit(i, name="Lin", email="lin@example.org") for i in range(1, 10)]
    commits += [commit(20 + i, name="dependabot[bot]", email="49699333+dependabot[bot]@users.noreply.github.com") for i in range(30)]
    finding = run("ACT001", facts_with(commits))
    assert finding.status is Status.PASS and finding.points == 6
    assert values_of(finding)["commits"] == "10"


def test_code_dump_both_ways() -> None:
    dump = run("ACT002", facts_with([commit(0, "Add files via upload", added=30)]))
    assert dump.status is Status.FAIL and dump.points == 2
    initial_then_upload = run("ACT002", facts_with([commit(0, "Initial commit", added=2), commit(1, "Add files via upload", added=40)]))
    assert initial_then_upload.status is Status.FAIL
    grown = run("ACT002", facts_with([commit(i, days=i, added=2) for i in range(10)]))
    assert grown.status is Status.PASS
    tiny = run("ACT002", facts_with([commit(0, added=2)]))
    assert tiny.status is Status.NOT_APPLICABLE


def test_dump_followed_by_real_work_scores_higher() -> None:
    commits = [commit(0, added=50)] + [commit(i, days=i, added=0) for i in range(1, 6)]
    finding = run("ACT002", facts_with(commits))
    assert finding.status is Status.FAIL and finding.points == 5


def test_migrated_history_is_unknown() -> None:
    facts = make_facts({"README.md": "# x\n\nMigrated from GitLab; the history was squashed.\n"},
                       history=History((commit(0, added=40),)), candidate=CANDIDATE)
    assert run("ACT002", facts).status is Status.UNKNOWN


def test_commit_messages_both_ways() -> None:
    poor = run("ACT003", facts_with([commit(i, s) for i, s in enumerate(["update", "wip", "Update README.md", "fix", "Handle missing plan names"])]))
    assert poor.status is Status.FAIL and poor.points == 2
    good = run("ACT003", facts_with([commit(i, f"Add feature {i} to the cleaning step") for i in range(5)]))
    assert good.status is Status.PASS and good.points == 10
    young = run("ACT003", facts_with([commit(0, "wip"), commit(1, "x")]))
    assert young.status is Status.NOT_APPLICABLE


def test_messages_judge_only_the_candidate_when_known() -> None:
    commits = [commit(i, "wip", name="Lin", email="lin@example.org") for i in range(5)] + [commit(10 + i, f"Explain step {i} in the README") for i in range(3)]
    assert run("ACT003", facts_with(commits)).status is Status.PASS


def test_work_over_time_portfolio_both_ways() -> None:
    spec = find_check("ACT004")
    dumps = portfolio_of(("a", facts_with([commit(0, added=20)])), ("b", facts_with([commit(0, added=9), commit(1, "wip")])))
    assert run_check(spec, dumps, "portfolio").status is Status.FAIL
    months = [commit(i, days=7 * i) for i in range(15)]
    grown = run_check(spec, portfolio_of(("a", facts_with([commit(0, added=20)])), ("b", facts_with(months))), "portfolio")
    assert grown.status is Status.PASS and grown.points == 10
    young = run_check(spec, portfolio_of(("b", facts_with([commit(i, days=i) for i in range(6)]))), "portfolio")
    assert young.status is Status.PASS and young.points == 6  # a young but incremental portfolio is not penalised


def test_author_option_builds_a_person() -> None:
    person = person_from_authors(("ada-learner", "Ada Learner", "Ada@Example.com"))
    assert person == Person(login="ada-learner", name="Ada Learner", emails=("ada@example.com",))
    assert person_from_authors(()) is None
    finding = run("ACT001", facts_with([commit(0, email="ada-learner@users.noreply.github.com", name="A")], candidate=person))
    assert finding.status is Status.PASS


def test_author_option_on_a_local_path(tmp_path) -> None:
    """`readiness assess PATH --author EMAIL` makes authorship observable; without it the check is unknown."""
    import json

    from click.testing import CliRunner

    from readiness.cli.main import cli
    from tests.factories import make_repo

    repo = make_repo(tmp_path / "proj", {"main.py": "print(1)\n"})
    status = {}
    for extra in ((), ("--author", "test@example.com")):
        result = CliRunner().invoke(cli, ["assess", str(repo), "--format", "json", "-q", *extra])
        assert result.exit_code == 0, result.output
        findings = json.loads(result.output)["repos"][0]["findings"]
        status[extra] = next(f["status"] for f in findings if f["check_id"] == "ACT001")
    assert status == {(): "unknown", ("--author", "test@example.com"): "pass"}
