"""Cohort rosters (CSV and TOML; bad rows reported by number and skipped), the GitHub budget plan and its shared
reservation, and the command's clear errors for bad rosters and a rate limit that would take days."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from readiness.cohort import budget
from readiness.cohort.roster import COLUMNS, load_roster
from readiness.errors import InputError
from tests.standin import User, World
from tests.test_cohort_dask import readiness, write_roster
from tests.test_standin import make_standin, validated_digests, validator  # noqa: F401  (fixtures)


@pytest.fixture(scope="module")
def repos(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two small git repositories."""
    from tests.factories import make_repo

    root = tmp_path_factory.mktemp("roster-repos")
    return [make_repo(root / name, {"README.md": f"# {name}\n", "main.py": "print(1)\n"}) for name in ("one", "two")]


def messages(roster: Any) -> dict[int, str]:
    """Row number -> problem message."""
    return {p.row: p.message for p in roster.problems}


def test_csv_roster_types_values_and_reports_bad_rows(tmp_path: Path, repos: list[Path]) -> None:
    """Typed advice values from text; unknown column, empty login, duplicates, bad paths and bad values by row number."""
    path = tmp_path / "roster.csv"
    path.write_text(
        "Login,paths,authors,role,stem-degree,years_experience,budget,notes\n"
        f"ada,{repos[0]};{repos[1]},ada@example.org;Ada L,data-scientist,yes,3,20000,x\n"
        "bob,,,,,,,\n"
        f",{repos[0]},,,,,,\n"
        "ADA,,,,,,,\n"
        f"cy,{repos[1]},,,maybe,,,\n"
        f"dee,{tmp_path},,,,,,\n"
        f"eve,{repos[1]},,chef,,,,\n"
        f"fay,{repos[1]},,,,-4,,\n"
        "gil,,me@example.org,,,,,\n"
        "bad login!,,,,,,,\n"
        "hal,,,,,,,,extra\n", encoding="utf-8")
    roster = load_roster(path)
    assert [c.login for c in roster.candidates] == ["ada", "bob"]
    ada, bob = roster.candidates
    assert ada.paths == (str(repos[0]), str(repos[1])) and ada.authors == ("ada@example.org", "Ada L")
    assert dict(ada.flags) == {"role": "data-scientist", "stem_degree": True, "years_experience": 3.0, "budget": 20000.0}
    assert bob.on_github and not ada.on_github and bob.row == 3
    assert ada.command() == [str(repos[0]), str(repos[1]), "--author", "ada@example.org", "--author", "Ada L",
                             "--role", "data-scientist", "--stem-degree", "--years-experience", "3.0", "--budget", "20000.0"]
    found = messages(roster)
    assert "unknown column 'notes' ignored" in found[1]
    assert found[4] == "empty login; skipped"
    assert found[5] == "duplicate candidate ADA (same as row 2); skipped"
    assert "stem_degree must be yes or no" in found[6]
    assert "not a git repository" in found[7] and found[7].endswith("; skipped")
    assert "role 'chef' is not a role" in found[8]
    assert "years_experience must be a number from 0 to 60" in found[9]
    assert "authors apply to local paths only" in found[10]
    assert "is not a GitHub login" in found[11]
    assert "values for 8 columns" in found[12]


def test_toml_roster_and_keys(tmp_path: Path, repos: list[Path]) -> None:
    """[[candidate]] tables with typed values; a table with an unknown key is skipped with its number; the input key
    changes with any input and with the run's settings."""
    path = tmp_path / "roster.toml"
    path.write_text(
        f'[[candidate]]\nlogin = "ada"\npaths = ["{repos[0]}"]\nrelocate = false\nloan_rate = 0.05\n\n'
        '[[candidate]]\nlogin = "bob"\nportfolio = "bob/bob"\n\n'
        '[[candidate]]\nlogin = "cy"\nportfolio = "someone-else/site"\n\n'
        '[[candidate]]\nlogin = "dee"\ncolour = "blue"\n', encoding="utf-8")
    roster = load_roster(path)
    assert [c.login for c in roster.candidates] == ["ada", "bob"]
    ada, bob = roster.candidates
    assert dict(ada.flags) == {"loan_rate": 0.05, "relocate": False} and ada.authors == ("ada",)
    assert bob.portfolio == "bob/bob" and bob.command() == ["--portfolio", "bob/bob"]
    assert messages(roster) == {3: "portfolio someone-else/site belongs to someone-else, not cy; skipped",
                                4: f"unknown key(s) colour (known: {', '.join(COLUMNS)}); skipped"}
    assert ada.key("a") != ada.key("b") and ada.key("a") != bob.key("a") and ada.key("a") == ada.key("a")


@pytest.mark.parametrize(("text", "name", "error"), [
    (None, "missing.csv", "roster not found"),
    ("", "empty.csv", "the first line must name the columns, including login"),
    ("name,paths\nada,x\n", "nologin.csv", "the first line must name the columns, including login"),
    ("login\n\n", "norows.csv", "no usable candidate in the roster"),
    ("login,role\n,\nx!,\n", "allbad.csv", "no usable candidate in the roster (row 3: 'x!' is not a GitHub login"),
    ("login = 'ada'\n", "flat.toml", "a TOML roster is a list of [[candidate]] tables"),
    ("[[candidate]\n", "broken.toml", "invalid TOML"),
])
def test_unusable_rosters_are_one_clear_error(tmp_path: Path, text: str | None, name: str, error: str) -> None:
    """A roster that cannot be used at all is one InputError naming the file."""
    path = tmp_path / name
    if text is not None:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(error)):
        load_roster(path)


def test_budget_plan_and_reservation() -> None:
    """The plan's time at the limits; reservations take calls, wait for a reset when short, refill after it."""
    now = 1_000_000.0
    anonymous = budget.initial_state(None, False, now)
    days = budget.plan(10_000, anonymous, False, now)
    assert days.calls == (("core", 20_000), ("search", 20_000)) and days.total_calls == 40_000
    assert days.seconds == pytest.approx(3600 + 332 * 3600)  # 20,000 core calls at 60 an hour, the first 60 now
    assert "13.9 days" in budget.describe(days) and "without a token" in budget.describe(days)
    token = budget.initial_state({"core": (5000, 5000, int(now) + 3600), "search": (30, 30, int(now) + 60)}, True, now)
    assert budget.plan(15, token, True, now).seconds == 0
    assert budget.plan(16, token, True, now).seconds == pytest.approx(60)  # the 31st search call waits for the reset
    state = budget.initial_state({"core": (60, 3, int(now) + 100), "search": (10, 10, int(now) + 60)}, False, now)
    assert budget.reserve(state, budget.PER_CANDIDATE, now) == 0 and state["core"][1] == 1 and state["search"][1] == 8
    assert budget.reserve(state, budget.PER_CANDIDATE, now + 1) == pytest.approx(99)
    assert state["core"][1] == 1  # nothing taken while waiting
    assert budget.reserve(state, budget.PER_CANDIDATE, now + 100) == 0 and state["core"][1] == 58


def test_cli_stops_before_days_of_rate_limit_and_names_bad_rosters(make_standin, tmp_path: Path) -> None:
    """10,000 accounts without a token: the run says how long that takes and stops (exit 2) having read only the
    rate limit; a roster that cannot be used is one line, exit 2."""
    standin = make_standin(World(users=(User("ada", 1),)))
    roster = write_roster(tmp_path / "big.csv", [{"login": f"learner-{i}"} for i in range(10_000)])
    done = readiness(["cohort", str(roster), "--output-dir", str(tmp_path / "out"), "--api-url", standin.url])
    assert done.returncode == 2, done.stderr[-2000:]
    assert "10,000 GitHub candidates need at least 40,000 API calls" in done.stderr
    assert "stopped before starting: the rate limit would make this cohort take 13.9 days; rerun with --yes" in done.stderr
    assert [c.route for c in standin.api_calls()] == ["/rate_limit"]
    assert not (tmp_path / "out").exists()
    missing = readiness(["cohort", str(tmp_path / "nope.csv"), "--output-dir", str(tmp_path / "out")])
    assert missing.returncode == 2 and missing.stderr.strip() == f"readiness: {tmp_path / 'nope.csv'}: roster not found"
    bad_format = readiness(["cohort", str(roster), "--output-dir", str(tmp_path / "out"), "--format", "pdf"])
    assert bad_format.returncode == 2 and "'pdf' is not one of text, json, markdown, html, csv" in bad_format.stderr
    assert "Traceback" not in missing.stderr + bad_format.stderr + done.stderr
