"""kill -9 of the command line in the middle of a many-repository run: the cache holds only whole entries, the
workers go away, and a rerun gives exactly the report of an uninterrupted run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.factories import make_repo

ROOT = Path(__file__).resolve().parents[1]
COUNT = 10


def _module(i: int, j: int) -> str:
    """A module with some branching code, so each repository takes a moment to assess."""
    body = "".join(f"    if x == {k}:\n        return x * {k}\n" for k in range(40))
    return f"import numpy as np\n\n\ndef f{j}(x):\n{body}    return np.sum(x) + {i}\n"


def _repos(root: Path) -> list[str]:
    return [str(make_repo(root / f"repo{i:02d}", {"README.md": f"# repo {i}\n", "requirements.txt": "numpy==2.1.0\n",
                                                  **{f"pkg/m{j}.py": _module(i, j) for j in range(25)}})) for i in range(COUNT)]


def _env() -> dict[str, str]:
    return {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}


def _children(pid: int) -> list[int]:
    """The child processes of PID (Linux), or none when the kernel does not list them."""
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def test_kill_9_mid_run_then_rerun_gives_the_same_report(tmp_path: Path) -> None:
    repos = _repos(tmp_path / "repos")
    cache = tmp_path / "cache"
    args = [sys.executable, "-m", "readiness", "assess", *repos, "--jobs", "2", "--format", "json", "--cache-dir", str(cache)]
    run = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=_env())
    deadline, workers = time.monotonic() + 120, []
    while time.monotonic() < deadline and run.poll() is None:
        workers = _children(run.pid) or workers
        if len(list(cache.rglob("*.json"))) >= 2:
            break
        time.sleep(0.02)
    assert run.poll() is None, "the run ended before it could be interrupted"
    os.kill(run.pid, signal.SIGKILL)
    run.wait(timeout=30)
    entries = list(cache.rglob("*.json"))
    assert 2 <= len(entries) < COUNT  # interrupted mid-run
    for entry in entries:  # every entry written is whole
        assert json.loads(entry.read_text(encoding="utf-8"))["name"].startswith("repo")
    gone = time.monotonic() + 30
    while time.monotonic() < gone and any(Path(f"/proc/{pid}").exists() and "Z" not in _state(pid) for pid in workers):
        time.sleep(0.1)
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists() and "Z" not in _state(pid)], "workers outlived the run"

    rerun = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, env=_env(), timeout=300)
    fresh = subprocess.run([*args[:-2], "--no-cache"], capture_output=True, text=True, cwd=ROOT, env=_env(), timeout=300)
    assert rerun.returncode == fresh.returncode == 0, rerun.stderr + fresh.stderr
    assert json.loads(rerun.stdout) == json.loads(fresh.stdout)
    assert len([p for p in cache.rglob("*.json") if "reports" not in p.parts]) == COUNT  # a report per repository
    assert len(list((cache / "reports").glob("*.json"))) == 1  # and the whole report, kept for an unchanged rerun


def _state(pid: int) -> str:
    """A process's state letter from /proc (Z: a zombie, already ended), or '' when it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return ""
