"""Cohort benchmark: `readiness cohort` over N accounts on the GitHub stand-in, embedded cluster with 1 and 2 workers.

Prints candidates per second, the speed-up, the client's peak RSS (the client process holds the embedded scheduler too;
workers are separate processes) and API calls per candidate. Each account owns one sample repository (the personas in
turn), served over git smart HTTP; every run starts from an empty clone and report cache, so every candidate is cloned
and assessed. Figures are printed, never asserted.

    .venv/bin/python bench/cohort.py --sizes 100,1000 --workers 1,2
    .venv/bin/python bench/cohort.py --local --sizes 10,100,400 --workers 1    # local paths: the client's memory by cohort size

With --local each candidate's roster row names a sample repository by path instead of a GitHub account: no stand-in,
no clone and no API call, so a cohort of hundreds runs in minutes and the client's peak RSS by cohort size shows
what the client keeps per candidate; the run ends with that slope (KB of peak RSS per extra candidate).
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.standin import GitHubStandIn, Repo, User, World  # noqa: E402
from tests.standin.ratelimit import DEFAULT_LIMITS  # noqa: E402

TOKEN = "ghp_benchCohortToken0123456789abcdefXYZ"
ROOMY = {**DEFAULT_LIMITS, "core": (60, 10_000_000, 3600), "search": (10, 10_000_000, 60)}
"""A token whose limits never bind, so the figures measure readiness and the cluster, not waiting."""


def accounts(count: int, personas: list[Path]) -> World:
    """COUNT users, each owning one sample repository (the personas in turn)."""
    users = tuple(User(f"cohort-{i:05d}", 300_000 + i, name=f"Candidate {i}") for i in range(count))
    repos = tuple(Repo(u.login, personas[i % len(personas)].name, 600_000 + i, git_path=personas[i % len(personas)],
                       pushed_at="2026-06-01T00:00:00Z") for i, u in enumerate(users))
    return World(users=users, repos=repos)


def peak_rss(pid: int, stop: threading.Event, seen: list[int]) -> None:
    """Follow the process's high-water mark (VmHWM) until it exits."""
    while not stop.is_set():
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    seen.append(int(line.split()[1]))
        except OSError:
            return
        time.sleep(0.2)


FORMATS = "json,csv"


def run_cohort(roster: Path, out: Path, workers: int, standin: GitHubStandIn | None, cache: Path, formats: str = FORMATS) -> dict:
    """One cohort run in a child process: wall time, the client's peak RSS, API calls (none without a STANDIN)."""
    env = dict(os.environ, READINESS_ALLOW_HTTP_LOOPBACK="1", READINESS_CACHE_DIR=str(cache), GH_TOKEN=TOKEN, GITHUB_TOKEN="")
    env.pop("DASK_SCHEDULER_ADDRESS", None)
    args = [sys.executable, "-m", "readiness", "-q", "cohort", str(roster), "--output-dir", str(out), "--workers", str(workers),
            *(["--api-url", standin.url] if standin else []), "--no-cache", "--format", formats]
    if standin:
        standin.clear_log()
    stop, seen = threading.Event(), [0]
    start = time.perf_counter()
    child = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    watcher = threading.Thread(target=peak_rss, args=(child.pid, stop, seen), daemon=True)
    watcher.start()
    _, stderr = child.communicate()
    wall = time.perf_counter() - start
    stop.set()
    if child.returncode != 0:
        raise SystemExit(f"cohort failed ({child.returncode}): {stderr[-2000:]}")
    calls = [c for c in standin.api_calls() if c.route != "/rate_limit"] if standin else []
    written = len(list((out / "candidates").glob("*.json")))
    return {"wall": wall, "rss_mb": max(seen) / 1024, "calls": len(calls), "written": written}


def link(tmp: Path, index: int, personas: list[Path]) -> Path:
    """A path of its own for candidate INDEX (a roster lists each repository once): a link to a sample repository."""
    path = tmp / "local" / f"candidate-{index:05d}"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(personas[index % len(personas)], target_is_directory=True)
    return path


def local(size: int, roster: Path, tmp: Path, options: argparse.Namespace, peaks: dict[int, list[tuple[int, float]]]) -> None:
    """Run a cohort of local-path candidates with each worker count, print the figures and note the peak RSS."""
    print(f"\n== cohort of {size:,} candidates with local paths")
    for count in (int(w) for w in options.workers.split(",")):
        run = tmp / f"run-local-{size}-{count}"
        result = run_cohort(roster, run / "out", count, None, run / "cache", options.formats)
        peaks.setdefault(count, []).append((size, result["rss_mb"]))
        print(f"{count} worker(s): {result['written']:,} candidates in {result['wall']:7.1f} s = {result['written'] / result['wall']:6.2f} candidates/s"
              f"  client peak RSS {result['rss_mb']:5.0f} MB", flush=True)


def slope(peaks: dict[int, list[tuple[int, float]]]) -> None:
    """The client's peak RSS per extra candidate, from the smallest cohort to the largest, per worker count."""
    for count, points in peaks.items():
        (small, low), (large, high) = min(points), max(points)
        if large > small:
            print(f"{count} worker(s): client peak RSS {low:.0f} MB at {small:,} -> {high:.0f} MB at {large:,} candidates: "
                  f"{(high - low) * 1024 / (large - small):+.1f} KB per candidate")


def main() -> None:
    """Build the stand-in world per size, run the cohort with each worker count, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000", help="cohort sizes, comma-separated (default 1000)")
    parser.add_argument("--workers", default="1,2", help="embedded cluster sizes, comma-separated (default 1,2)")
    parser.add_argument("--local", action="store_true", help="candidates name sample repositories by path (no GitHub stand-in)")
    parser.add_argument("--formats", default=FORMATS, help=f"cohort report formats written (default {FORMATS})")
    options = parser.parse_args()
    peaks: dict[int, list[tuple[int, float]]] = {}
    from readiness.sources.samples import sample_sources

    with tempfile.TemporaryDirectory(prefix="readiness-bench-cohort-") as tmp:
        os.environ["READINESS_CACHE_DIR"] = str(Path(tmp) / "samples-cache")
        personas = [s.path for s in sample_sources()[1]]
        for size in (int(s) for s in options.sizes.split(",")):
            roster = Path(tmp) / f"roster-{size}.csv"
            with roster.open("w", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["login", "paths"] if options.local else ["login"])
                writer.writerows([f"cohort-{i:05d}", *([str(link(Path(tmp), i, personas))] if options.local else [])] for i in range(size))
            if options.local:
                local(size, roster, Path(tmp), options, peaks)
                continue
            started = time.perf_counter()
            with GitHubStandIn(accounts(size, personas), tokens={TOKEN}, limits=ROOMY) as standin:
                print(f"\n== cohort of {size:,} accounts on the stand-in ({time.perf_counter() - started:.0f} s to serve them)")
                first = None
                for workers in (int(w) for w in options.workers.split(",")):
                    run = Path(tmp) / f"run-{size}-{workers}"
                    result = run_cohort(roster, run / "out", workers, standin, run / "cache", options.formats)
                    rate = result["written"] / result["wall"]
                    first = first or rate
                    print(f"{workers} worker(s): {result['written']:,} candidates in {result['wall']:7.1f} s = {rate:6.2f} candidates/s"
                          f"  speed-up {rate / first:4.2f}x  client peak RSS {result['rss_mb']:5.0f} MB"
                          f"  API calls/candidate {result['calls'] / size:4.2f}")
        if peaks:
            print()
            slope(peaks)


if __name__ == "__main__":
    main()
