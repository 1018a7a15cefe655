"""Parallel assessment and the incremental cache give exactly the results of a plain sequential run."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

from checks import all_checks
from readiness.pipeline.assess import assess
from readiness.pipeline.cache import ReportCache, cache_key, tree_state
from readiness.pipeline.config import Config
from readiness.models import Dimension, Effort, Evidence, Finding, Status
from readiness.pipeline.limits import NO_LIMITS
from readiness.pipeline.runner import RunOptions, assess_repos
from readiness.serialize import to_data
from readiness.sources.local import local_sources
from tests.factories import make_repo

FILES = {
    "README.md": "# demo\n\nA small project.\n",
    "train.py": "import sklearn\n\n\ndef fit(x):\n    return x\n",
    "requirements.txt": "scikit-learn==1.5.2\n",
}


def _repos(tmp_path: Path, count: int = 3) -> list:
    paths = [make_repo(tmp_path / f"r{i}", dict(FILES, **{f"m{i}.py": f"X = {i}\n"})) for i in range(count)]
    return local_sources([str(p) for p in paths])


def _data(reports) -> list:
    return [to_data(r) for r in reports] if isinstance(reports, (list, tuple)) else to_data(reports)


def test_parallel_equals_sequential(tmp_path: Path) -> None:
    sources = _repos(tmp_path)
    specs = tuple(s for s in all_checks() if s.scope == "repo")
    sequential = assess_repos(sources, specs, None, RunOptions(jobs=1))
    parallel = assess_repos(sources, specs, None, RunOptions(jobs=2))
    assert [r.name for r in parallel] == [s.name for s in sources]  # order kept
    assert _data(parallel) == _data(sequential)


def test_cache_reuses_unchanged_and_recomputes_changed(tmp_path: Path) -> None:
    sources = _repos(tmp_path, 2)
    cache_dir = tmp_path / "cache"
    config = Config(report_cache=cache_dir)
    first = assess(sources, config, "t")
    entries = sorted(cache_dir.rglob("*.json"))
    assert len(entries) == 2
    second = assess(sources, config, "t")
    assert _data(second.repos) == _data(first.repos)
    (sources[0].path / "README.md").write_text("# demo\n\nNow with a licence.\n")
    (sources[0].path / "LICENSE").write_text("MIT\n")  # untracked: not part of git's view, report unchanged
    third = assess(sources, config, "t")
    assert len(sorted(cache_dir.rglob("*.json"))) == 3  # the edited repository got a new entry
    assert _data(third.repos[1]) == _data(first.repos[1])


def test_corrupt_cache_entry_is_ignored(tmp_path: Path) -> None:
    sources = _repos(tmp_path, 1)
    cache_dir = tmp_path / "cache"
    config = Config(report_cache=cache_dir)
    good = assess(sources, config, "t")
    for entry in cache_dir.rglob("*.json"):
        entry.write_text('{"name": "x", "truncated')
    again = assess(sources, config, "t")
    assert _data(again.repos) == _data(good.repos)
    assert json.loads(next(cache_dir.rglob("*.json")).read_text())["name"] == sources[0].name  # rewritten whole


def test_cache_key_follows_tree_and_settings(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "r", FILES)
    state = tree_state(repo)
    assert state and cache_key(state, "a") != cache_key(state, "b")
    (repo / "train.py").write_text("import sklearn\n\n\ndef fit(x):\n    return 2 * x\n")
    assert tree_state(repo) != state
    assert ReportCache(tmp_path / "none").get("0" * 64) is None


def test_cli_jobs_and_cache_flags(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from readiness.cli.main import cli

    sources = _repos(tmp_path, 2)
    args = ["assess", *[str(s.path) for s in sources], "--format", "json", "--cache-dir", str(tmp_path / "c")]
    runner = CliRunner()
    first = runner.invoke(cli, [*args, "--jobs", "2"])
    second = runner.invoke(cli, [*args, "--jobs", "1"])
    uncached = runner.invoke(cli, [*args[:-2], "--no-cache"])
    assert first.exit_code == second.exit_code == uncached.exit_code == 0
    strip = lambda out: {k: v for k, v in json.loads(out).items() if k != "generated_at"}  # noqa: E731
    assert strip(first.output) == strip(second.output) == strip(uncached.output)
    assert len([p for p in (tmp_path / "c").rglob("*.json") if "reports" not in p.parts]) == 2  # one a repository
    assert len(list((tmp_path / "c" / "reports").glob("*.json"))) == 1  # and the whole report, kept for reruns


def test_cached_reports_share_their_recurring_strings(tmp_path: Path) -> None:
    sources = _repos(tmp_path, 2)
    specs = tuple(s for s in all_checks() if s.scope == "repo")
    options = RunOptions(jobs=1, cache_dir=tmp_path / "cache")
    fresh = assess_repos(sources, specs, None, options)
    cached = assess_repos(sources, specs, None, options)  # every report read back from its JSON file
    assert _data(cached) == _data(fresh)
    first, second = (r.findings for r in cached)
    assert first[0].check_id == second[0].check_id
    assert first[0].title is second[0].title and first[0].remediation is second[0].remediation
    assert first[0].searched == second[0].searched and all(a is b for a, b in zip(first[0].searched, second[0].searched))


def _shares_strings(reports) -> bool:
    first, second = (r.findings for r in reports)
    a, b = next((x, y) for x, y in zip(first, second) if x.searched and x.values)
    return (a.check_id is b.check_id and a.title is b.title and a.slug is b.slug and a.remediation is b.remediation
            and all(x is y for x, y in zip(a.searched, b.searched)) and all(x[0] is y[0] for x, y in zip(a.values, b.values)))


def test_reports_from_workers_and_from_this_process_share_their_recurring_strings(tmp_path: Path) -> None:
    sources = _repos(tmp_path, 2)
    specs = tuple(s for s in all_checks() if s.scope == "repo")
    workers = assess_repos(sources, specs, None, RunOptions(jobs=2))  # unpickled in this process
    here = assess_repos(sources, specs, None, RunOptions(jobs=1, limits=NO_LIMITS))
    assert _data(workers) == _data(here)
    assert _shares_strings(workers) and _shares_strings(here)


def test_findings_and_evidence_pickle_to_equal_values() -> None:
    evidence = Evidence("found", "a.py", 3, None)
    finding = Finding("T001", "tests", Dimension.TESTING, "Tests", "repo", Status.FAIL, "none", (evidence,), ("tests/*.py",),
                      0.0, 2.0, Effort.LOW, "add tests", (("count", "0"),))
    again = pickle.loads(pickle.dumps(finding))
    assert again == finding and type(again.evidence[0]) is Evidence and again.evidence[0] == evidence
    assert pickle.loads(pickle.dumps(evidence)) == evidence and finding.shared() == finding


def test_index_listing_is_remembered_until_the_index_changes(tmp_path: Path, monkeypatch) -> None:
    """A second look at an unchanged repository lists nothing again; staging a change (a new index) is noticed."""
    import readiness.pipeline.cache as cache_module
    from readiness.sources.gitsafe import run_git

    repo = make_repo(tmp_path / "r", FILES)
    memo = tmp_path / "trees"
    first = tree_state(repo, memo)
    calls = []
    real = cache_module.ls_files
    monkeypatch.setattr(cache_module, "ls_files", lambda *a, **k: calls.append(a) or real(*a, **k))
    assert tree_state(repo, memo) == first and calls == []
    (repo / "new.py").write_text("X = 1\n")
    run_git(["add", "new.py"], repo)
    staged = tree_state(repo, memo)
    assert staged != first and len(calls) == 1
    assert staged == tree_state(repo) and len(calls) == 2  # the same digest as without a memo (which lists again)
    (repo / "new.py").write_text("X = 2\n")  # an unstaged edit: the index is the same, the file's stat is not
    assert tree_state(repo, memo) != staged and len(calls) == 2


def test_meanwhile_runs_once_in_this_process_before_any_result(tmp_path: Path) -> None:
    """The parent's own preparation overlaps the workers: it runs once, here, before the first report arrives; with
    every report cached (no worker started) it still runs once."""
    import os

    from readiness.pipeline.limits import NO_LIMITS

    sources = _repos(tmp_path, 3)
    specs = tuple(s for s in all_checks() if s.scope == "repo")
    for options in (RunOptions(jobs=2), RunOptions(jobs=1), RunOptions(jobs=1, limits=NO_LIMITS), RunOptions(jobs=2, cache_dir=tmp_path / "c")):
        events: list[str] = []
        reports = assess_repos(sources, specs, None, options, progress=lambda *a: events.append("report"),
                               meanwhile=lambda: events.append(f"meanwhile {os.getpid()}"))
        assert events == [f"meanwhile {os.getpid()}"] + ["report"] * 3, options
        assert len(reports) == 3
    events = []
    cached = assess_repos(sources, specs, None, RunOptions(jobs=2, cache_dir=tmp_path / "c"), progress=lambda *a: events.append("report"),
                          meanwhile=lambda: events.append("meanwhile"))
    assert events == ["meanwhile"] and _data(cached) == _data(reports)


def test_the_timings_file_says_when_the_workers_ran_and_the_benchmark_splits_the_run_by_it(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys
    import time

    from bench.run import serial_part

    sources = _repos(tmp_path, 3)
    timings = tmp_path / "timings.json"
    spawned = time.time()
    subprocess.run([sys.executable, "-m", "readiness", "assess", *[str(s.path) for s in sources], "--format", "json", "--jobs", "2",
                    "--no-cache"], env=dict(os.environ, READINESS_TIMINGS=str(timings)), capture_output=True, check=True)
    marks = json.loads(timings.read_text())["marks"]
    assert spawned < marks["workers started"] <= marks["workers done"] < time.time()
    # --jobs 1: 10 s, 9 of them with the worker running; --jobs 2: 5.6 s, 4.6 with the workers; the machine gives 2x
    singles = [{"wall": 10.0, "workers": 9.0, "before": 0.5}]
    parallels = [{"wall": 5.6, "workers": 4.6, "before": 0.5}]
    line = serial_part(singles, parallels, [2.0], 2)
    assert "(no worker running): 1.00s, 0.50s of it before" in line and "9.00s -> 4.60s (1.96x)" in line
    assert "at most 1.82x" in line  # 10 / (1.0 + 9.0 / 2)
    assert serial_part([{"wall": 1.0, "workers": None}], parallels, [2.0], 2) == "serial part: not reported by this readiness"
