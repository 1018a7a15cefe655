"""Assess many repositories: worker processes in parallel under per-repository limits, and cached reports for
unchanged repositories."""

from __future__ import annotations

import gc
import hashlib
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping

from checks import all_checks
from readiness.models import CheckSpec, Person, RepoReport
from readiness.pipeline import timing
from readiness.pipeline.timing import Progress
from readiness.pipeline.cache import ReportCache, cache_key, tree_state
from readiness.pipeline.engine import assess_repo_timed, failed_report
from readiness.pipeline.limits import NO_LIMITS, Limits, run_limited
from readiness.pipeline.workers import Pool

if TYPE_CHECKING:
    from readiness.pipeline.config import Config
    from readiness.sources.local import RepoSource


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How to run: worker processes, their limits and where cached reports live (None: no cache).

    With limits (the default), every repository is assessed in a worker process, even with one job."""

    jobs: int = 1
    cache_dir: Path | None = None
    limits: Limits = field(default_factory=Limits)
    tree_states: Mapping[Path, str] = field(default_factory=dict)
    """Repositories' tree states already read in this run (for the whole report's key), not read again."""

    @classmethod
    def of(cls, config: "Config", tree_states: Mapping[Path, str] | None = None) -> "RunOptions":
        """The options CONFIG asks for (its jobs, report cache and limits)."""
        return cls(config.jobs, config.report_cache, config.limits, tree_states or {})


_WORKER: dict[str, object] = {}


def _init_worker(ids: tuple[str, ...], candidate: Person | None) -> None:
    """Load the checks once per worker process, and keep the garbage collector to the work's own objects."""
    _WORKER["specs"] = tuple(s for s in all_checks() if s.id in ids)
    _WORKER["candidate"] = candidate
    gc.freeze()  # what was loaded lives as long as the worker: no collection needs to walk it again
    gc.set_threshold(50_000, 10, 10)  # most objects of a file's analysis are gone before a collection would look


def _work(source: "RepoSource") -> tuple[RepoReport, dict[str, float]]:
    """Assess one repository in a worker."""
    return assess_repo_timed(source, _WORKER["specs"], _WORKER["candidate"])  # type: ignore[arg-type]


def _settings(source: "RepoSource", specs: tuple[CheckSpec, ...], candidate: Person | None) -> str:
    """What, besides the tree and the code, shapes one repository's report."""
    parts = [source.name, source.origin, str(source.fork), str(source.sparse), ",".join(s.id for s in specs), repr(candidate)]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def assess_repos(
    sources: list["RepoSource"],
    specs: tuple[CheckSpec, ...],
    candidate: Person | None,
    options: RunOptions,
    progress: Progress | None = None,
    meanwhile: Callable[[], object] | None = None,
    each: Callable[[RepoReport], object] | None = None,
) -> list[RepoReport]:
    """Reports for SOURCES in order: cached ones reused, the rest computed (in parallel when jobs > 1).

    MEANWHILE, when given, runs once in this process while the workers assess the first repositories (loading what
    the steps after them need, so that it is not waited for at the end); without workers, it runs first. EACH, when
    given, gets every report in this process as it is ready (the cached ones once the workers have started), for work
    on one repository that the steps after them would otherwise do at the end."""
    cache = ReportCache(options.cache_dir) if options.cache_dir else None
    results: list[RepoReport | None] = [None] * len(sources)
    keys: list[str | None] = [None] * len(sources)
    pending: list[int] = []
    start = time.perf_counter()
    for index, source in enumerate(sources):
        if cache is not None:
            state = options.tree_states.get(source.path) or tree_state(source.path, cache.root / "trees")
            keys[index] = cache_key(state, _settings(source, specs, candidate)) if state else None
            hit = cache.get(keys[index]) if keys[index] else None
            if hit is not None:
                results[index] = compact(hit)
                continue
        pending.append(index)
    timing.add("cache", time.perf_counter() - start)
    cached = [r for r in results if r is not None]

    def prepare() -> None:
        if meanwhile is not None:
            meanwhile()
        for report in cached if each is not None else ():
            each(report)

    timing.mark("workers started")
    for index, report, stages in _compute(sources, pending, specs, candidate, options, progress, prepare):
        results[index] = report
        if each is not None:
            each(results[index])
        for name, seconds in stages.items():
            timing.add(name, seconds)
        if cache is not None and keys[index] and report.error is None:  # a failure is not a result to keep
            cache.put(keys[index], report)  # type: ignore[arg-type]
    timing.mark("workers done")
    return [r for r in results if r is not None]


def compact(report: RepoReport) -> RepoReport:
    """REPORT with its recurring strings shared (`Finding.shared`), so a portfolio's reports take about half the
    memory: the parent holds every report until the end. Reports from worker processes need not: a Finding unpickles
    so; the cache's (JSON) and those assessed in this process do."""
    return replace(report, findings=tuple(f.shared() for f in report.findings))


def _index_size(source: "RepoSource") -> int:
    """The size of the repository's git index (it grows with the tracked files): a cheap guess of its work."""
    try:
        return (source.path / ".git" / "index").stat().st_size
    except OSError:
        return 0


def _compute(sources, pending, specs, candidate, options: RunOptions, progress: Progress | None,
             meanwhile: Callable[[], object] | None = None):
    """Yield (index, report, stage times) for the pending sources: in worker processes under the limits, or (no
    limits and one job) in this process; a repository whose work failed or hit a limit gets an error entry."""
    total = len(pending)
    if not total or (not options.limits.active and (options.jobs <= 1 or total <= 1)):
        if meanwhile is not None:
            meanwhile()
        for done, index in enumerate(pending, start=1):
            result, reason = run_limited(assess_repo_timed, sources[index], specs, candidate, limits=NO_LIMITS)
            if progress:
                progress("assessing", sources[index].name, done, total)
            yield (index, compact(result[0]), result[1]) if result else (index, failed_report(sources[index], reason or "failed"), {})
        return
    if options.jobs > 1:  # the biggest first, so that no worker is left with a big one while the others are idle
        pending = sorted(pending, key=lambda index: -_index_size(sources[index]))
    pool = Pool(min(options.jobs, total), None, options.limits, _init_worker, (tuple(s.id for s in specs), candidate), _work)
    for done, (index, result, reason) in enumerate(pool.run([(index, sources[index]) for index in pending], meanwhile), start=1):
        if progress:
            progress("assessing", sources[index].name, done, total)
        yield (index, *result) if result else (index, failed_report(sources[index], reason or "failed"), {})
