"""Posting-match benchmark: requirement extraction and matching time per posting against a 50-repository report.

    .venv/bin/python bench/match.py            # --repeat N, --dir DIR (workloads cached there)

Two 50-repository reports are built once, before any timing: the synthetic portfolio of bench/workloads.py
(assessed with `readiness assess --format json`, then loaded as the match command's --report would load it),
and the sample portfolio's repositories repeated to 50 (richer findings: deployment, tests, LLM and data
pipelines). Each of the test postings (tests/postings/) is then extracted and matched REPEAT times; the median
is printed per posting, for extraction, matching, their sum (the goal: under 100 ms per posting), and the whole
step the command runs once the report exists, which also re-scores the report for the posting's role with the
existing scoring and advice stages (readiness.advice.rules.with_guidance, not changed by the match).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.workloads import portfolio  # noqa: E402
from readiness.advice.inputs import Background, DegreePlan  # noqa: E402
from readiness.advice.posting import extract  # noqa: E402
from readiness.advice.posting_guidance import posting_role, with_posting  # noqa: E402
from readiness.advice.posting_match import match_posting  # noqa: E402
from readiness.advice.rules import with_guidance  # noqa: E402
from readiness.advice.taxonomy import load_taxonomy  # noqa: E402
from readiness.models import Report  # noqa: E402
from readiness.report.load import load_report  # noqa: E402
from readiness.sources.posting import read_posting  # noqa: E402

POSTINGS = ROOT / "tests" / "postings"
READINESS = [sys.executable, "-m", "readiness"]


def workload_report(root: Path) -> Report:
    """The synthetic 50-repository portfolio, assessed by the real command and loaded back."""
    paths = portfolio(root / "portfolio-50", 50)
    out = root / "portfolio-50.json"
    subprocess.run([*READINESS, "assess", *map(str, paths), "--format", "json", "-o", str(out), "--no-cache", "-q"], check=True)
    return load_report(out)


def sample_report(root: Path) -> Report:
    """The sample portfolio's repositories repeated (renamed) to 50."""
    out = root / "sample.json"
    subprocess.run([*READINESS, "assess", "--sample", "--format", "json", "-o", str(out), "-q"], check=True)
    report = load_report(out)
    repos = []
    for index in range(50):
        repo = report.repos[index % len(report.repos)]
        name = f"{repo.name}-{index // len(report.repos)}"
        findings = tuple(dataclasses.replace(f, repo=name) for f in repo.findings)
        repos.append(dataclasses.replace(repo, name=name, findings=findings))
    return dataclasses.replace(report, repos=tuple(repos))


def median_ms(fn, repeat: int) -> float:
    """The median wall time of FN over REPEAT calls, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run(name: str, report: Report, repeat: int) -> list[float]:
    """Print the per-posting figures for one report; return the extract + match medians."""
    print(f"\n== {name}: {len(report.repos)} repositories, {sum(len(r.findings) for r in report.repos)} findings")
    print(f"{'posting':<32} {'reqs':>4} {'extract':>9} {'match':>9} {'sum':>9} {'re-score':>10} {'whole step':>11}")
    sums = []
    for path in sorted(p for p in POSTINGS.iterdir() if p.suffix != ".toml"):
        posting = read_posting(str(path))
        extraction = extract(posting)
        role = posting_role(None, extraction, None)
        t_extract = median_ms(lambda: extract(posting), repeat)
        t_match = median_ms(lambda: match_posting(report, extraction, posting.origin, role), repeat)
        t_score = median_ms(lambda: with_guidance(report, role, Background(), DegreePlan()), repeat)
        t_all = median_ms(lambda: with_posting(report, extract(posting), posting.origin, None, None, Background(), DegreePlan()), repeat)
        sums.append(t_extract + t_match)
        print(f"{path.name:<32} {len(extraction.requirements):>4} {t_extract:>7.2f}ms {t_match:>7.2f}ms {t_extract + t_match:>7.2f}ms"
              f" {t_score:>8.1f}ms {t_all:>9.1f}ms")
    print(f"extraction + matching per posting: mean {statistics.mean(sums):.1f} ms, max {max(sums):.1f} ms (goal < 100 ms)")
    return sums


def main() -> None:
    """Build the reports, then time every posting against each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "readiness-bench")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    print(f"load average: {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    start = time.perf_counter()
    load_taxonomy()
    print(f"taxonomy loaded and compiled once per process: {(time.perf_counter() - start) * 1000:.0f} ms")
    start = time.perf_counter()
    reports = {"synthetic portfolio (bench/workloads.py)": workload_report(args.dir), "sample repositories x50": sample_report(args.dir)}
    print(f"(reports built in {time.perf_counter() - start:.1f}s; not part of the per-posting figures)")
    for name, report in reports.items():
        run(name, report, args.repeat)


if __name__ == "__main__":
    main()
