"""Per-repository limits: a repository over its worker's memory cap, a worker that dies and a task over its CPU
time each become an error entry for that repository only; every other repository is still assessed and reported."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from readiness.errors import ConfigError
from readiness.pipeline.config import apply_flags, parse
from readiness.pipeline.limits import Limits, death_reason
from readiness.pipeline.workers import Pool
from tests.factories import make_repo, notebook

ROOT = Path(__file__).resolve().parents[1]
SMALL = {"README.md": "# small\n\nA project.\n", "train.py": "import sklearn\n\n\ndef fit(x):\n    return x\n",
         "requirements.txt": "scikit-learn==1.5.2\n"}


def heavy_notebook() -> str:
    """A 28 MB notebook within the parsing limits (1.5 million lines in one cell) that needs about 300 MB to read."""
    return notebook([{"cell_type": "markdown", "source": [f"line {i:08d}\n" for i in range(1_500_000)]}])


def test_a_repository_over_the_memory_cap_is_an_error_and_the_others_are_reported(tmp_path: Path) -> None:
    repos = [make_repo(tmp_path / "first", SMALL), make_repo(tmp_path / "heavy", {"README.md": "# heavy\n", "big.ipynb": heavy_notebook()}),
             make_repo(tmp_path / "last", dict(SMALL, **{"extra.py": "X = 1\n"}))]
    result = subprocess.run(
        [sys.executable, "-m", "readiness", "assess", *map(str, repos), "--jobs", "2", "--memory-limit", "250", "--no-cache", "--format", "json"],
        capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 5, result.stderr  # the report is written and says it is partial
    assert "partial report: 1 repository could not be assessed" in result.stderr
    report = json.loads(result.stdout)
    assert report["partial"] is True
    by_name = {r["name"]: r for r in report["repos"]}
    assert list(by_name) == ["first", "heavy", "last"]
    assert by_name["heavy"]["error"] == "ran out of memory (limit 250 MB per worker)" and by_name["heavy"]["findings"] == []
    assert any("could not be assessed: ran out of memory" in p["message"] for p in by_name["heavy"]["problems"])
    assert {"message": "could not be assessed: ran out of memory (limit 250 MB per worker)", "path": "heavy"} in report["problems"]
    for name in ("first", "last"):
        assert by_name[name]["error"] is None and len(by_name[name]["findings"]) > 40


def test_the_same_repositories_without_the_cap_are_all_assessed(tmp_path: Path) -> None:
    repos = [make_repo(tmp_path / "first", SMALL), make_repo(tmp_path / "last", SMALL)]
    result = subprocess.run([sys.executable, "-m", "readiness", "assess", *map(str, repos), "--no-cache", "--format", "json"],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["partial"] is False


def _task(kind: str) -> str:
    """A pool task: return, die by SIGKILL, spin past the CPU limit, or run out of memory."""
    if kind == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    if kind == "spin":
        while True:
            pass
    if kind == "allocate":
        return str(len(bytearray(400 * 1024 * 1024)))
    return f"done {kind}"


def _nothing() -> None:
    """A worker initializer with nothing to load."""


def test_pool_replaces_a_dead_worker_and_reports_each_failure_on_its_own_task() -> None:
    tasks = [(i, kind) for i, kind in enumerate(["a", "die", "b", "spin", "c", "allocate", "d"])]
    pool = Pool(2, multiprocessing.get_context("spawn"), Limits(memory_mb=300, cpu_seconds=1), _nothing, (), _task)  # a small fresh process
    results = {key: (result, reason) for key, result, reason in pool.run(tasks)}
    assert {k: results[k] for k in (0, 2, 4, 6)} == {0: ("done a", None), 2: ("done b", None), 4: ("done c", None), 6: ("done d", None)}
    assert results[1] == (None, "its worker process was killed (SIGKILL), most likely for using too much memory")
    assert results[3][0] is None and results[3][1].startswith("stopped after") and "(limit 1 s)" in results[3][1]
    assert results[5] == (None, "ran out of memory (limit 300 MB per worker)")
    assert pool.replaced == 1  # only the dead worker; the others reached a limit and went on
    assert not [w for w in pool.workers if w.process.is_alive()]


def test_a_worker_has_its_next_task_before_a_result_is_handed_on() -> None:
    """The parent sends a worker its next task before it hands the worker's result to the caller (who may take a
    while over it), so the worker is not idle meanwhile; the hook STARTED runs once, after the first tasks went out."""
    pool = Pool(1, multiprocessing.get_context("spawn"), Limits(), _nothing, (), _task)
    started: list[object] = []
    seen = []
    for key, result, reason in pool.run([(0, "a"), (1, "b"), (2, "c")], started=lambda: started.append(pool.workers[0].key)):
        seen.append((key, result, reason, pool.workers[0].key))
    assert started == [0]
    assert seen == [(0, "done a", None, 1), (1, "done b", None, 2), (2, "done c", None, None)]


def test_a_task_waiting_behind_one_that_kills_its_worker_runs_in_the_replacement() -> None:
    """While more tasks wait than there are workers, each worker has a second task in its pipe; when the running one
    kills the worker, only that one fails: the one behind it never started and runs in the new worker."""
    pool = Pool(1, multiprocessing.get_context("spawn"), Limits(memory_mb=300, cpu_seconds=5), _nothing, (), _task)
    in_flight: list[int] = []
    tasks = [(0, "a"), (1, "die"), (2, "b"), (3, "c"), (4, "d")]
    results = {key: (result, reason) for key, result, reason in pool.run(tasks, started=lambda: in_flight.append(len(pool.workers[0].sent)))}
    assert in_flight == [2]
    assert results == {0: ("done a", None), 1: (None, "its worker process was killed (SIGKILL), most likely for using too much memory"),
                       2: ("done b", None), 3: ("done c", None), 4: ("done d", None)}
    assert pool.replaced == 1 and not [w for w in pool.workers if w.process.is_alive()]


def test_death_reasons() -> None:
    limits = Limits()
    assert death_reason(-signal.SIGSEGV, limits) == "its worker process died (SIGSEGV)"
    assert death_reason(-signal.SIGXCPU, limits) == "its worker process reached the CPU time limit (120 s)"
    assert death_reason(3, limits) == "its worker process exited unexpectedly (status 3)"


def test_limits_from_the_configuration_and_the_flags() -> None:
    config = parse({"limits": {"memory_mb": 1024, "cpu_seconds": 30}}, "t.toml")
    assert config.limits == Limits(1024, 30)
    assert apply_flags(config, {"cpu_limit": 0.0}).limits == Limits(1024, 0)
    assert parse({}, "t.toml").limits == Limits(2048, 120)
    for bad in ({"memory_mb": "2G"}, {"cpu_seconds": -1}, {"threads": 2}, {"memory_mb": True}):
        with pytest.raises(ConfigError, match=r"\[limits\]"):
            parse({"limits": bad}, "t.toml")
