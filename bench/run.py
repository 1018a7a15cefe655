"""Benchmark readiness on synthetic portfolios and print wall/CPU time, peak RSS, stage times, rates and ratios.

Usage: python bench/run.py [--dir DIR] [--sizes 10,100,1000] [--large] [--real] [--rounds 3] [--github N]
Figures, never pass/fail: the goals of issues 8 and 19 are printed next to the measurements.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.workloads import huge_files_repo, large_repo, portfolio  # noqa: E402


def files_of(root: Path) -> Iterator[Path]:
    """Every file under ROOT outside `.git`."""
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".git"]
        for name in names:
            yield Path(folder, name)


def floor(paths: list[Path]) -> tuple[float, int, int, int, float]:
    """Read every file once, ast-parse every .py and json-parse every notebook, in this process: wall seconds, files,
    bytes, notebooks and CPU seconds."""
    start, cpu = time.perf_counter(), time.process_time()
    files = size = notebooks = 0
    for root in paths:
        for path in files_of(root):
            data = path.read_bytes()
            files += 1
            size += len(data)
            if path.name.endswith(".py"):
                try:
                    ast.parse(data)
                except SyntaxError:
                    pass
            elif path.name.endswith(".ipynb"):
                json.loads(data)
                notebooks += 1
    return time.perf_counter() - start, files, size, notebooks, time.process_time() - cpu


def radon_alone(paths: list[Path]) -> float:
    """Seconds radon's three passes (raw lines, complexity, Halstead) take on every .py file and notebook's code.

    The design card makes radon the metrics library; this prints how much of a run it accounts for on its own.
    """
    sources = []
    for root in paths:
        for path in files_of(root):
            if path.name.endswith(".py"):
                sources.append(path.read_text(encoding="utf-8", errors="replace"))
            elif path.name.endswith(".ipynb"):
                cells = json.loads(path.read_bytes()).get("cells", [])
                sources.append("\n".join("".join(c.get("source", [])) for c in cells if c.get("cell_type") == "code"))
    return _radon_seconds(sources)


def _radon_seconds(sources: list[str]) -> float:
    """radon's passes over SOURCES, parsing excluded (the floor already counts it).

    Raw figures come from readiness.facts.raw_metrics (radon's figures in linear time): radon's own
    `analyze` re-tokenizes long statements line by line and would take hours on the huge-files workload.
    """
    from radon.metrics import h_visit_ast
    from radon.visitors import ComplexityVisitor

    from readiness.facts.raw_metrics import raw_metrics as analyze

    total = 0.0
    for text in sources:
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        start = time.perf_counter()
        analyze(text)
        ComplexityVisitor.from_ast(tree)
        h_visit_ast(tree)
        total += time.perf_counter() - start
    return total


def measure(args: list[str], env: dict[str, str]) -> dict:
    """Run readiness in a child process; wall time, CPU time and peak RSS from wait4, stage times from its file."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        timings_path = handle.name
    env = dict(env, READINESS_TIMINGS=timings_path)
    spawned, start = time.time(), time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "readiness", *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"readiness failed: {stderr[-2000:]}")
    try:
        stages = json.loads(Path(timings_path).read_text() or "{}")
    except (OSError, ValueError):
        stages = {}
    os.unlink(timings_path)
    marks = stages.get("marks", {})
    workers = marks.get("workers done", 0.0) - marks.get("workers started", 0.0) if len(marks) == 2 else None
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024, "stages": stages,
            "workers": workers, "before": marks["workers started"] - spawned if workers is not None else None}


STAGES = ("gather", "cache", "facts", "checks", "scoring", "render")


def row(name: str, result: dict, files: int, size: int, notebooks: int) -> str:
    """One printed line of figures."""
    wall = result["wall"]
    stages = " ".join(f"{k}={result['stages'][k]:.2f}s" for k in STAGES if k in result["stages"])
    return (
        f"{name:<28} wall {wall:7.2f}s  cpu {result['cpu']:7.2f}s  peak RSS {result['rss_mb']:6.0f} MB  "
        f"{files / wall:8.0f} files/s  {size / 1e6 / wall:6.1f} MB/s  {notebooks / wall:7.1f} nb/s\n"
        f"{'':<28} stages: {stages or '(none reported)'}"
    )


def file_costs(result: dict) -> str:
    """The slowest file's share of the run and each file type's seconds per MB, from a run's stage file."""
    stages, wall = result["stages"], result["wall"]
    lines = []
    for path, seconds in stages.get("slowest file", {}).items():
        lines.append(f"slowest file: {path} {seconds:.3f}s, {seconds / wall * 100:.1f}% of the run (goal: no file dominates)")
    kinds = sorted((k.removeprefix("seconds "), v) for k, v in stages.items() if k.startswith("seconds "))
    kinds.sort(key=lambda kv: -kv[1])
    parts = [f"{kind} {seconds:.2f}s/{stages.get('bytes ' + kind, 0) / 1e6:.1f}MB" for kind, seconds in kinds[:8]]
    lines.append("facts by file type: " + ", ".join(parts))
    return "\n".join(lines)


def baselines(paths: list[Path], radon: bool = True) -> dict:
    """The floor (best of two: the first read may come from disk, readiness's runs find the page cache warm) and
    radon's own passes, measured in a child process so this one stays small (children start as its copies, and
    their peak RSS would include it)."""
    flag = "--baselines" if radon else "--floor"
    out = subprocess.run([sys.executable, __file__, flag, *map(str, paths)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def floor_parallel(paths: list[Path], processes: int = 2) -> float:
    """Wall seconds of the floor's work split over PROCESSES forked processes (whole repositories, the biggest first
    to the least loaded): what this machine gives for perfectly parallel work of this kind, with no serial part.

    Two processes on a machine's two cores each run slower than one alone (shared caches, memory bandwidth, sibling
    hardware threads), so this is the ceiling a `--jobs 2` speed-up can be held to on this machine."""
    import multiprocessing

    sizes = {root: sum(path.stat().st_size for path in files_of(root)) for root in paths}
    bins: list[list[Path]] = [[] for _ in range(processes)]
    loads = [0] * processes
    for root in sorted(paths, key=sizes.__getitem__, reverse=True):
        least = loads.index(min(loads))
        bins[least].append(root)
        loads[least] += sizes[root]
    context = multiprocessing.get_context("fork")
    start = time.perf_counter()
    children = [context.Process(target=floor, args=(part,)) for part in bins]
    for child in children:
        child.start()
    for child in children:
        child.join()
    return time.perf_counter() - start


def _print_baselines(paths: list[Path], radon: bool) -> None:
    """Child side of `baselines`: print the figures as JSON."""
    first, files, size, notebooks, first_cpu = floor(paths)
    second, *_, second_cpu = floor(paths)
    parallel = min(floor_parallel(paths), floor_parallel(paths))
    print(json.dumps({"floor": min(first, second), "floor_cpu": min(first_cpu, second_cpu), "floor_2": parallel, "files": files, "size": size,
                      "notebooks": notebooks, "radon": radon_alone(paths) if radon else 0.0}))


def median(values: list[float]) -> float:
    """The middle value (the mean of the two middle ones for an even count)."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def run_workload(name: str, paths: list[Path], base_env: dict[str, str], jobs: int, cache_root: Path, rounds: int = 1) -> dict:
    """Floor, one-process run, parallel run and incremental second run for one workload.

    Each round measures the floor, `--jobs 1` and `--jobs N` one after the other, so the ratios of a round share the
    machine's load of that moment; the medians of the rounds' ratios are printed."""
    target = [str(p) for p in paths]
    cache = cache_root / name
    floors, floor_cpus, floor_twos, singles, parallels = [], [], [], [], []
    for round_ in range(rounds):
        base = baselines(paths, radon=round_ == 0)
        if round_ == 0:
            files, size, notebooks, radon = base["files"], base["size"], base["notebooks"], base["radon"]
        floors.append(base["floor"])
        floor_cpus.append(base["floor_cpu"])
        floor_twos.append(base["floor_2"])
        singles.append(measure(["assess", *target, "--format", "json", "--jobs", "1", "--no-cache"], base_env))
        parallels.append(measure(["assess", *target, "--format", "json", "--jobs", str(jobs), "--no-cache"], base_env))
    shutil.rmtree(cache, ignore_errors=True)  # an earlier benchmark's entries would make the first run a rerun
    first = measure(["assess", *target, "--format", "json", "--jobs", str(jobs), "--cache-dir", str(cache)], base_env)
    second = measure(["assess", *target, "--format", "json", "--jobs", str(jobs), "--cache-dir", str(cache)], base_env)
    ratios = [s["wall"] / f for s, f in zip(singles, floors)]
    speedups = [s["wall"] / p["wall"] for s, p in zip(singles, parallels)]
    pick = sorted(range(rounds), key=lambda i: ratios[i])[rounds // 2]  # the round with the median ratio
    single, parallel, floor_time = singles[pick], parallels[pick], floors[pick]
    print(f"\n== {name}: {len(paths)} repositories, {files} files, {size / 1e6:.1f} MB, {notebooks} notebooks")
    print(f"{'floor (read+ast+json, 1 proc)':<28} {floor_time:7.2f}s  (best of two reads; median round of {rounds})")
    print(row("readiness --jobs 1", single, files, size, notebooks))
    print(row(f"readiness --jobs {jobs}", parallel, files, size, notebooks))
    print(row("first run with cache", first, files, size, notebooks))
    print(row("second run (unchanged)", second, files, size, notebooks))
    print(file_costs(single))
    print(f"{'radon metrics alone':<28} {radon:7.2f}s  ({radon / floors[0]:.1f}x the floor of round 1; cc + Halstead + raw figures, parsing not included)")
    ratio, speedup = median(ratios), median(speedups)
    incremental = second["wall"] / first["wall"]
    each = ", ".join(f"{r:.2f}" for r in ratios)
    print(f"ratio to floor (--jobs 1): {ratio:.2f} (rounds: {each}; goal <= 4.0)")
    cpu_ratios = [s["cpu"] / f for s, f in zip(singles, floor_cpus)]
    print(f"CPU time to the floor's CPU time (--jobs 1): {median(cpu_ratios):.2f} (rounds: {', '.join(f'{r:.2f}' for r in cpu_ratios)}; "
          "less sensitive to other work on the machine than wall time)")
    print(f"parallel speed-up with {jobs} jobs: {speedup:.2f}x (rounds: {', '.join(f'{s:.2f}' for s in speedups)}; goal >= 1.8x)")
    ceilings = [f / two for f, two in zip(floors, floor_twos)]
    shares = [s / c for s, c in zip(speedups, ceilings)]
    print(f"the floor's own speed-up in 2 processes (this machine's ceiling for perfectly parallel work of this kind): {median(ceilings):.2f}x "
          f"(rounds: {', '.join(f'{c:.2f}' for c in ceilings)}); readiness's 2-job speed-up is {median(shares) * 100:.0f}% of it "
          f"(rounds: {', '.join(f'{x * 100:.0f}%' for x in shares)})")
    print(serial_part(singles, parallels, ceilings, jobs))
    print(f"incremental second run: {incremental * 100:.1f}% of the first (goal <= 10%)")
    print(f"time per MB (--jobs 1): {single['wall'] / (size / 1e6):.3f} s/MB")
    return {"name": name, "ratio": ratio, "speedup": speedup, "incremental": incremental, "s_per_mb": single["wall"] / (size / 1e6), "rss_mb": parallel["rss_mb"]}


def serial_part(singles: list[dict], parallels: list[dict], ceilings: list[float], jobs: int) -> str:
    """What no number of jobs shares (the start-up before the workers run and the steps after the last report), the
    workers' own phase and its speed-up, and the best `--jobs N` speed-up the run could have on this machine: its
    serial part as measured plus the `--jobs 1` workers' phase divided by the machine's ceiling (medians of the rounds)."""
    if any(r["workers"] is None for r in singles + parallels):
        return "serial part: not reported by this readiness"
    serial = [p["wall"] - p["workers"] for p in parallels]
    before = [p["before"] for p in parallels]
    phase = [s["workers"] / p["workers"] for s, p in zip(singles, parallels)]
    bound = [s["wall"] / (part + s["workers"] / c) for s, part, c in zip(singles, serial, ceilings)]
    return (f"serial part of --jobs {jobs} (no worker running): {median(serial):.2f}s, {median(before):.2f}s of it before the workers start; "
            f"the workers' phase {median([s['workers'] for s in singles]):.2f}s -> {median([p['workers'] for p in parallels]):.2f}s "
            f"({median(phase):.2f}x); with that phase at the machine's ceiling the run's speed-up could be at most "
            f"{median(bound):.2f}x (rounds: {', '.join(f'{b:.2f}' for b in bound)})")


def compile_bytecode() -> str:
    """Write readiness's bytecode (__pycache__), as `pip install` does for an installed package, and say so.

    Without it every process compiles each module from source (about 0.2 s CPU) whenever bytecode is not written,
    for example under PYTHONDONTWRITEBYTECODE=1; that is the environment's cost, not readiness's.
    """
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(root / "readiness"), str(root / "checks")], check=True, stdout=subprocess.DEVNULL)
    unset = "" if not os.environ.get("PYTHONDONTWRITEBYTECODE") else " (PYTHONDONTWRITEBYTECODE is set here: without this step each run would compile from source)"
    return f"bytecode of readiness and checks compiled before measuring, as an installed package has it{unset}"


def real_repositories(work: Path, mirrors: Path) -> list[Path]:
    """The labelled calibration repositories (bench/calibration/labels.json) checked out at their pinned commits."""
    from bench.calibration import LABELS, checkout

    paths = []
    for entry in json.loads(LABELS.read_text()):
        path, why = checkout(entry, mirrors, work)
        if path is None:
            print(f"real workload: {entry['repo']} left out ({why})")
        else:
            paths.append(path)
    return paths


def main() -> None:
    """Build the workloads (cached under --dir) and print the figures."""
    if sys.argv[1:2] in (["--baselines"], ["--floor"]):
        _print_baselines([Path(p) for p in sys.argv[2:]], radon=sys.argv[1] == "--baselines")
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "readiness-bench")
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--large", action="store_true", help="also the 50,000-file repository and the huge-files one")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--github", type=int, default=0, metavar="N", help="also `assess USERNAME` of N repositories through the GitHub stand-in")
    parser.add_argument("--real", action="store_true", help="also the labelled real repositories (bench/calibration/labels.json) from local mirrors")
    parser.add_argument("--mirrors", type=Path, default=Path(os.environ.get("READINESS_MIRRORS", "/work/.mirror")))
    parser.add_argument("--rounds", type=int, default=3, help="rounds of floor, --jobs 1 and --jobs N per workload (medians printed)")
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s] + ([args.github] if args.github else [])
    if args.build_only:
        for size in sizes:
            portfolio(args.dir / f"portfolio-{size}", size)
        if args.large:
            large_repo(args.dir)
            huge_files_repo(args.dir)
        return
    start = time.perf_counter()  # built in a child: this process stays small, so its children's peak RSS is theirs
    subprocess.run([sys.executable, __file__, *sys.argv[1:], "--build-only"], check=True)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}")
    print(f"(workloads built or reused in {time.perf_counter() - start:.1f}s)")
    print(compile_bytecode())
    env = dict(os.environ, READINESS_CACHE_DIR=str(args.dir / "cache-unused"))
    results = []
    caches, rounds = args.dir / "caches", max(1, args.rounds)
    if args.real:
        paths = real_repositories(args.dir / "real", args.mirrors)
        results.append(run_workload(f"real-{len(paths)}", paths, env, args.jobs, caches, rounds))
    for size in [int(s) for s in args.sizes.split(",") if s]:
        paths = [args.dir / f"portfolio-{size}" / f"repo-{i:04d}" for i in range(size)]
        results.append(run_workload(f"portfolio-{size}", paths, env, args.jobs, caches, rounds))
    if args.large:
        results.append(run_workload("large-50k-files", [args.dir / "large-repo"], env, args.jobs, caches, rounds))
        results.append(run_workload("huge-files", [args.dir / "huge-files-repo"], env, args.jobs, caches, rounds))
    if args.github:
        from bench.github import run as run_github

        paths = [args.dir / f"portfolio-{args.github}" / f"repo-{i:04d}" for i in range(args.github)]
        results.append(run_github(paths, measure, env, args.jobs))
    scaled = [r for r in results if r["name"].startswith("portfolio-")]
    if len(scaled) >= 2:
        low, high = scaled[0]["s_per_mb"], scaled[-1]["s_per_mb"]
        print(f"\nscaling: time per MB {scaled[0]['name']} {low:.3f} s/MB -> {scaled[-1]['name']} {high:.3f} s/MB ({(high / low - 1) * 100:+.0f}%, goal within ±20%)")
        print("peak RSS by workload: " + ", ".join(f"{r['name']} {r['rss_mb']:.0f} MB" for r in results) + " (goal: flat, <= 300 MB at 1,000)")


if __name__ == "__main__":
    main()
