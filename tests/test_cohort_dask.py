"""`readiness cohort` on a real Dask cluster (a `dask scheduler` and two `dask worker` processes on 127.0.0.1): every
candidate's result equals `readiness assess` for the same inputs, a killed worker loses no candidate, a killed client
resumes without computing again what it wrote, and accounts on the GitHub stand-in cost the single-account formula."""

from __future__ import annotations

import csv
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

from tests.dask_cluster import DaskCluster
from tests.standin import Repo, User, World
from tests.test_standin import make_standin, validated_digests, validator  # noqa: F401  (fixtures)

EPOCH = "1780000000"
TOKEN = "ghp_readinessCohortToken0123456789abcdefXYZ"
SUMMARY = re.compile(r"cohort: (\d+) candidates: (\d+) already written, (\d+) assessed, (\d+) failed")


def environment(**extra: str) -> dict[str, str]:
    """What the CLI and the workers run with: the session's cache, loopback http for the stand-in, fixed time, no token."""
    env = {**os.environ, "READINESS_ALLOW_HTTP_LOOPBACK": "1", "SOURCE_DATE_EPOCH": EPOCH, "GH_TOKEN": "", "GITHUB_TOKEN": ""}
    env.pop("DASK_SCHEDULER_ADDRESS", None)
    return {**env, **extra}


def readiness(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    """The installed CLI in a subprocess."""
    return subprocess.run([sys.executable, "-m", "readiness", *args], capture_output=True, text=True, env=environment(**env),
                          timeout=600)


def start_readiness(args: list[str]) -> subprocess.Popen[str]:
    """The CLI started in the background (for killing it)."""
    return subprocess.Popen([sys.executable, "-m", "readiness", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=environment())


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DaskCluster]:
    """A scheduler and two workers shared by this module's tests (the worker-kill test starts its own)."""
    with DaskCluster(2, environment(), tmp_path_factory.mktemp("dask-logs")) as running:
        yield running


@pytest.fixture(scope="module")
def personas() -> list[Any]:
    """The sample personas materialised as git repositories (one candidate each)."""
    from readiness.sources.samples import sample_sources

    return sample_sources()[1]


def write_roster(path: Path, rows: list[dict[str, str]]) -> Path:
    """A CSV roster with the union of the rows' columns."""
    columns = list(dict.fromkeys(k for row in rows for k in row))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def results(out: Path) -> dict[str, dict[str, Any]]:
    """login -> the JSON report written for it, without generated_at."""
    found = {}
    for path in sorted((out / "candidates").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        data.pop("generated_at")
        found[path.name.split(".")[0]] = data
    return found


def assess_json(args: list[str], **env: str) -> dict[str, Any]:
    """`readiness assess ARGS --format json`, without generated_at."""
    done = readiness(["assess", *args, "--format", "json", "--jobs", "1"], **env)
    assert done.returncode == 0, done.stderr[-2000:]
    data = json.loads(done.stdout)
    data.pop("generated_at")
    return data


def summary(stderr: str) -> tuple[int, int, int, int]:
    """(candidates, already written, assessed, failed) from the run's last line."""
    match = SUMMARY.search(stderr)
    assert match, stderr[-2000:]
    return tuple(int(g) for g in match.groups())  # type: ignore[return-value]


def persona_rows(personas: list[Any], suffix: str = "") -> list[dict[str, str]]:
    """One candidate per persona, with a few advice options and author identities."""
    rows = []
    for i, source in enumerate(personas):
        row = {"login": f"{source.name}{suffix}"[:39], "paths": str(source.path), "authors": "", "role": "", "stem_degree": ""}
        if i % 3 == 1:
            row["authors"] = "ada.learner@example.com;ada-learner"
        if i % 4 == 2:
            row["role"] = "data-scientist"
        if i % 5 == 3:
            row["stem_degree"] = "no"
        rows.append(row)
    return rows


def assess_args(row: dict[str, str]) -> list[str]:
    """The `readiness assess` arguments for one roster row (authors default to the login)."""
    args = [p for p in row["paths"].split(";")]
    for author in (row["authors"].split(";") if row["authors"] else [row["login"]]):
        args += ["--author", author]
    if row["role"]:
        args += ["--role", row["role"]]
    if row["stem_degree"]:
        args += ["--stem-degree" if row["stem_degree"] == "yes" else "--no-stem-degree"]
    return args


def test_persona_cohort_equals_assess_and_reruns_nothing(cluster: DaskCluster, personas: list[Any], tmp_path: Path) -> None:
    """Every candidate's report is `readiness assess`'s for the same inputs; the cohort report counts what the reports
    say; a rerun finds every result written and assesses nothing."""
    rows = persona_rows(personas[:7])
    bad = [{"login": "", "paths": str(personas[0].path)}, {"login": "again", "paths": str(personas[0].path)},
           {"login": "not-a-repo", "paths": str(tmp_path)}]
    roster = write_roster(tmp_path / "roster.csv", rows + bad)
    out = tmp_path / "out"
    done = readiness(["cohort", str(roster), "--scheduler", cluster.address, "--output-dir", str(out),
                      "--format", "json,csv,html,markdown,text"])
    assert done.returncode == 0, done.stderr[-3000:]
    assert summary(done.stderr) == (7, 0, 7, 0)
    for number, text in ((9, "empty login"), (10, "duplicate candidate again (same as row 2)"), (11, "not a git repository")):
        assert re.search(rf"row {number}: .*{re.escape(text)}", done.stderr), done.stderr
    got = results(out)
    assert set(got) == {r["login"] for r in rows}
    for row in rows:
        assert got[row["login"]] == assess_json(assess_args(row)), row["login"]
    reports = sorted(p.name for p in out.iterdir() if p.name != "candidates")  # written in pieces, no temporary file left
    assert reports == [f"cohort-report.{ext}" for ext in ("csv", "html", "json", "md", "txt")]
    assert all((out / name).stat().st_mode & 0o644 == 0o644 for name in reports)
    cohort = json.loads((out / "cohort-report.json").read_text(encoding="utf-8"))
    assert [c["name"] for c in cohort["candidates"]] == [r["login"] for r in rows]
    assert [p["row"] for p in cohort["roster_problems"]] == [9, 10, 11]
    for gap in cohort["gaps"]:
        affected = [login for login, data in got.items() if gap["check_id"] in {g["check_id"] for g in data["gaps"]}]
        assert gap["candidates"] == len(affected)
    for role in cohort["roles"]:
        bands = [next(r["band"] for r in data["roles"] if r["role"] == role["role"]) for data in got.values()]
        assert dict(role["bands"]) == {band: bands.count(band) for band, _ in role["bands"]}
    with (out / "cohort-report.csv").open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    assert [r["login"] for r in table] == [r["login"] for r in rows]
    html = (out / "cohort-report.html").read_text(encoding="utf-8")
    assert "<script" not in html and 'id="chart-heat"' in html and all(f'href="candidates/{r["login"]}.' in html for r in rows)
    again = readiness(["cohort", str(roster), "--output-dir", str(out), "--format", "json"], DASK_SCHEDULER_ADDRESS=cluster.address)
    assert again.returncode == 0 and summary(again.stderr) == (7, 7, 0, 0)
    resumed = json.loads((out / "cohort-report.json").read_text(encoding="utf-8"))
    assert {**resumed, "generated_at": ""} == {**cohort, "generated_at": ""}  # rows read back equal rows computed


def test_killed_client_resumes_without_recomputing(cluster: DaskCluster, personas: list[Any], tmp_path: Path) -> None:
    """kill -9 of the client mid-run, then a rerun: what was written is reused untouched, only the rest is assessed."""
    rows = persona_rows(personas, "-k")
    roster = write_roster(tmp_path / "roster.csv", rows)
    out = tmp_path / "out"
    args = ["cohort", str(roster), "--scheduler", cluster.address, "--output-dir", str(out), "--no-cache", "--format", "json"]
    client = start_readiness(args)
    deadline = time.monotonic() + 120
    while len(list((out / "candidates").glob("*.json"))) < 3 and time.monotonic() < deadline and client.poll() is None:
        time.sleep(0.05)
    client.send_signal(signal.SIGKILL)
    client.communicate(timeout=30)
    written = {p.name: p.stat() for p in (out / "candidates").glob("*.json")}
    assert 3 <= len(written) < len(rows), "the client must be killed mid-run"
    rerun = readiness(args)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert summary(rerun.stderr) == (len(rows), len(written), len(rows) - len(written), 0)
    assessed = set(re.findall(r"^\[\d+/\d+\] (\S+):", rerun.stderr, re.M))
    assert assessed.isdisjoint(name.split(".")[0] for name in written)
    for name, before in written.items():
        after = (out / "candidates" / name).stat()
        assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns), name
    assert len(results(out)) == len(rows)


def test_killed_worker_loses_no_candidate(personas: list[Any], tmp_path: Path) -> None:
    """SIGKILL one of two workers (nanny and all) mid-run: Dask retries its tasks on the other; every result is there."""
    rows = persona_rows(personas, "-w")
    roster = write_roster(tmp_path / "roster.csv", rows)
    out = tmp_path / "out"
    with DaskCluster(2, environment(), tmp_path / "logs") as own:
        client = start_readiness(["cohort", str(roster), "--scheduler", own.address, "--output-dir", str(out),
                                  "--no-cache", "--format", "json"])
        deadline = time.monotonic() + 120
        while len(list((out / "candidates").glob("*.json"))) < 2 and time.monotonic() < deadline and client.poll() is None:
            time.sleep(0.05)
        assert client.poll() is None, "the run must still be going when the worker is killed"
        own.kill_worker(0)
        _, stderr = client.communicate(timeout=300)
    assert client.returncode == 0, stderr[-3000:]
    assert summary(stderr) == (len(rows), 0, len(rows), 0)
    got = results(out)
    assert set(got) == {r["login"] for r in rows}
    sample = rows[4]
    assert got[sample["login"]] == assess_json(assess_args(sample))


def standin_world(personas: list[Any]) -> World:
    """Three accounts on the stand-in, each owning two sample repositories served over git smart HTTP."""
    users = tuple(User(f"learner-{i}", 5000 + i, name=f"Learner {i}") for i in range(3))
    repos = tuple(Repo(u.login, personas[2 * i + j].name, 800 + 2 * i + j, git_path=personas[2 * i + j].path,
                       pushed_at=f"2026-06-0{1 + j}T00:00:00Z") for i, u in enumerate(users) for j in range(2))
    return World(users=users, repos=repos)


def test_standin_accounts_cost_the_single_account_formula(cluster: DaskCluster, personas: list[Any], make_standin,
                                                          tmp_path: Path) -> None:
    """A roster of stand-in accounts: each result equals `readiness assess LOGIN`, each account costs 5 API calls (4 REST and the pins query), and an
    unknown login is listed with its reason (exit 3)."""
    standin = make_standin(standin_world(personas), tokens={TOKEN})
    rows = [{"login": f"learner-{i}"} for i in range(3)] + [{"login": "nobody-here"}]
    roster = write_roster(tmp_path / "roster.csv", rows)
    out = tmp_path / "out"
    done = readiness(["cohort", str(roster), "--scheduler", cluster.address, "--output-dir", str(out), "--api-url", standin.url],
                     GH_TOKEN=TOKEN)
    assert done.returncode == 3, done.stderr[-3000:]
    assert summary(done.stderr) == (4, 0, 3, 1), done.stderr[-3000:]
    assert "4 GitHub candidates need at least 20 API calls" in done.stderr  # with a token: 4 + the pins query each and TOKEN not in done.stdout + done.stderr
    assert "nobody-here: not assessed: nobody-here: no such GitHub user" in done.stderr
    calls = [c for c in standin.api_calls() if c.route != "/rate_limit"]
    assert len(calls) == 3 * 5 + 1  # three accounts by the formula (with the pins query), one profile lookup for the unknown login
    assert all(c.authenticated for c in calls)
    got = results(out)
    assert set(got) == {"learner-0", "learner-1", "learner-2"}
    for login in got:
        assert got[login] == assess_json([login, "--api-url", standin.url], GH_TOKEN=TOKEN), login
    cohort = json.loads((out / "cohort-report.json").read_text(encoding="utf-8"))
    assert [(f["name"], f["row"]) for f in cohort["failures"]] == [("nobody-here", 5)]


def test_embedded_cluster_needs_no_setup(personas: list[Any], tmp_path: Path) -> None:
    """Without --scheduler or DASK_SCHEDULER_ADDRESS the command starts its own local cluster and gives the same reports."""
    rows = persona_rows(personas[7:9], "-e")
    roster = write_roster(tmp_path / "roster.csv", rows)
    done = readiness(["cohort", str(roster), "--output-dir", str(tmp_path / "out"), "--workers", "1", "--format", "text"])
    assert done.returncode == 0, done.stderr[-3000:]
    assert summary(done.stderr) == (2, 0, 2, 0)
    got = results(tmp_path / "out")
    assert all(got[row["login"]] == assess_json(assess_args(row)) for row in rows)
    text = (tmp_path / "out" / "cohort-report.txt").read_text(encoding="utf-8")
    assert "2 candidates assessed, 0 failed" in text and all(row["login"] in text for row in rows)
