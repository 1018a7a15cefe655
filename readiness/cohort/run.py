"""Run a cohort on Dask: skip candidates already written, plan the GitHub budget, send each candidate as a task, write
each result as it completes (atomically) and spool its small row to disk, and build the cohort report from the rows
read back: the client's memory does not grow with the cohort (bar the roster itself and 32 bytes a candidate)."""

from __future__ import annotations

import gc
import json
import logging
import os
import time
import uuid
from array import array
from itertools import islice
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from readiness import __version__
from readiness.cohort import budget
from readiness.cohort.roster import Candidate, Roster
from readiness.cohort.tasks import Job, assess_candidate, result_path
from readiness.errors import GatherError, InputError
from readiness.pipeline.reuse import generated_at
from readiness.report.cohort_model import CandidateFailure, CandidateRow, CohortReport, build, row_from_data
from readiness.report.cohort_stream import Spool
from readiness.serialize import LoadError

log = logging.getLogger("readiness.cohort")

SCHEDULER_ENV = "DASK_SCHEDULER_ADDRESS"
RETRIES = 2
"""Extra tries for a task that raised (a network failure); a worker that died is retried by Dask's allowed-failures."""
COLLECT_EVERY = 100
"""Candidates between full garbage collections in this process: the client's messaging leaves reference cycles (each
timeout's traceback holds its frames), which the collector's own full passes, rare on a heap this size, would let
pile up for thousands of candidates."""


EMBEDDED = {
    "logging.distributed": "error",
    "distributed.admin.log-length": 1000,
    "distributed.admin.low-level-log-length": 100,
    "distributed.diagnostics.computations.max-history": 10,
    "distributed.diagnostics.erred-tasks.max-history": 10,
}
"""The client, and the embedded scheduler, run in this process: their logs and histories are kept short, read as each
starts (the transition log, each event topic and the client's log of recent messages to the scheduler hold
low-level-log-length records, 1,000 by default: the last holds every submitted task's pickled inputs, a few KB a
candidate until it is full)."""


class ClusterError(GatherError):
    """The Dask scheduler could not be reached (exit 3)."""


@dataclass(frozen=True, slots=True)
class Execution:
    """Where and how to run: a scheduler address (None: an embedded local cluster of WORKERS processes), --yes."""

    output_dir: Path
    scheduler: str | None = None
    workers: int | None = None
    yes: bool = False


@dataclass(frozen=True, slots=True)
class Outcome:
    """The cohort report and what this run did: candidates found written, assessed now, failed."""

    report: CohortReport
    reused: int
    assessed: int
    failed: int


def existing_row(candidate: Candidate, job: Job, output_dir: Path) -> CandidateRow | None:
    """The row of a result already written for the same inputs, or None (missing or unreadable: assess again)."""
    path = result_path(candidate, job)
    try:
        data = json.loads((output_dir / path).read_text(encoding="utf-8"))
        return row_from_data(data, candidate.login, candidate.row, candidate.source, path)
    except (OSError, ValueError, LoadError):
        return None


def check_budget(pending: list[Candidate], job: Job, yes: bool, echo: Callable[[str], None]) -> tuple[Job, budget.State | None]:
    """Say what the GitHub candidates cost at the token's limits; stop before starting when that is over an hour.
    Returns the job naming the shared budget, and the budget to publish (None when no candidate reads GitHub)."""
    count = sum(c.on_github for c in pending)
    if not count:
        return job, None
    from readiness.sources.github import GitHubClient
    from readiness.sources.github_auth import api_url_from

    client = GitHubClient(api_url_from(dict(job.github).get("api_url")), job.token)
    try:
        limits = client.rate_limits()
    except Exception as exc:  # the documented limits are a fair plan when GET /rate_limit is not available
        log.info("rate limit not read (%s); planning with GitHub's documented limits", type(exc).__name__)
        limits = None
    finally:
        client.close()
    state = budget.initial_state(limits, bool(job.token), time.time())
    plan = budget.plan(count, state, bool(job.token), time.time())
    echo(f"cohort: {budget.describe(plan)}")
    if plan.seconds > budget.ASK_ABOVE and not yes:
        hint = "" if job.token else "; a token (--token, GH_TOKEN or GITHUB_TOKEN) allows 5,000 calls an hour"
        raise InputError(f"stopped before starting: the rate limit would make this cohort take "
                         f"{budget.duration(plan.seconds)}; rerun with --yes to go ahead{hint}")
    name = f"readiness-github-{uuid.uuid4().hex[:12]}"
    return Job(job.config, job.github, job.token, job.cache_dir, job.no_cache, name), state


@contextmanager
def dask_client(execution: Execution) -> Iterator[object]:
    """A client of the given scheduler (or DASK_SCHEDULER_ADDRESS), else of an embedded cluster: one process per core."""
    import dask
    from distributed import Client, LocalCluster

    address = execution.scheduler or os.environ.get(SCHEDULER_ENV)
    quiet_dask()
    if address:
        try:
            with dask.config.set(EMBEDDED):  # the client's own message log is read as it starts
                client = Client(address, timeout="15s", set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {address} ({type(exc).__name__})") from None
        try:
            yield client
        finally:
            client.close()
        return
    workers = execution.workers or os.cpu_count() or 1
    with dask.config.set(EMBEDDED):
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               host="127.0.0.1", silence_logs=logging.ERROR)
    try:
        with dask.config.set(EMBEDDED):
            client = Client(cluster, set_as_default=False)
        try:
            yield client
        finally:
            client.close()
    finally:
        cluster.close()


def quiet_dask() -> None:
    """Dask's own progress logging only with -vv (readiness prints its own progress)."""
    level = logging.getLogger("readiness").getEffectiveLevel()
    for name in ("distributed", "bokeh", "tornado"):
        logging.getLogger(name).setLevel(logging.DEBUG if level <= logging.DEBUG else logging.ERROR)


def _window(client: object) -> int:
    """How many tasks to keep submitted: twice the workers (at least 4), so the client holds only a few results."""
    workers = len(client.scheduler_info().get("workers", {}))  # type: ignore[attr-defined]
    return max(4, 2 * workers)


def _failure(candidate: Candidate, future: object) -> CandidateFailure:
    """Why a task failed after its retries: a worker that kept dying, or the error it raised."""
    exc = future.exception()  # type: ignore[attr-defined]
    if type(exc).__name__ == "KilledWorker":
        reason = "the worker assessing it died each time it was tried (Dask's allowed-failures)"
    elif isinstance(exc, GatherError):
        reason = str(exc)
    else:
        reason = f"internal error: {type(exc).__name__}: {exc}"
    return CandidateFailure(candidate.login, candidate.row, reason)


Store = Callable[[str, str], None]
"""Writes one candidate's JSON report (a path relative to --output-dir, the text) atomically, as the command line does."""


def run_cohort(roster: Roster, job: Job, execution: Execution, echo: Callable[[str], None], store: Store) -> Outcome:
    """Assess every candidate not yet written, as Dask tasks, handing each result to STORE as it completes, and build
    the cohort report from every candidate's row, spooled to disk as it comes (read back in roster order)."""
    out = execution.output_dir
    slots = len(roster.candidates)
    rows: Spool[CandidateRow] = Spool(CandidateRow, slots)
    failures: Spool[CandidateFailure] = Spool(CandidateFailure, slots)
    pending = array("q")  # roster positions still to assess: 8 bytes each
    for index, candidate in enumerate(roster.candidates):
        row = existing_row(candidate, job, out)
        if row is None:
            pending.append(index)
        else:
            rows.put(row, index)
    reused = len(rows)
    echo(f"cohort: {slots} candidates, {reused} already assessed with the same inputs, {len(pending)} to assess")
    if pending:
        job, state = check_budget([roster.candidates[i] for i in pending], job, execution.yes, echo)
        with dask_client(execution) as client:
            if state is not None and job.budget:
                budget.SharedBudget(job.budget).publish(state, client)
            _submit_all(client, roster.candidates, pending, job, store, rows, failures, echo)
    report = build(rows, failures, roster.problems, roster.path, __version__, generated_at())
    return Outcome(report, reused, len(rows) - reused, len(failures))


def _submit_all(client: object, candidates: tuple[Candidate, ...], pending: array[int], job: Job, store: Store,
                rows: Spool[CandidateRow], failures: Spool[CandidateFailure], echo: Callable[[str], None]) -> None:
    """Keep a window of tasks submitted; write each result as it completes, spool its row and drop it."""
    from distributed import as_completed

    todo = iter(pending)
    by_key: dict[object, int] = {}

    def submit(index: int) -> object:
        # one task prefix for every candidate (the scheduler keeps one record per prefix), the inputs' digest after it
        candidate = candidates[index]
        key = ("readiness-candidate", f"{candidate.login}.{candidate.key(job.settings())}")
        by_key[key] = index
        return client.submit(assess_candidate, candidate, job, key=key, retries=RETRIES)  # type: ignore[attr-defined]

    futures = as_completed([submit(i) for i in islice(todo, _window(client))], loop=client.loop)  # type: ignore[attr-defined]
    done = 0
    for future in futures:
        index = by_key.pop(future.key)
        candidate = candidates[index]
        done += 1
        if future.status == "finished":
            result = future.result()
            if isinstance(result, str):
                failures.put(CandidateFailure(candidate.login, candidate.row, result), index)
                echo(f"[{done}/{len(pending)}] {candidate.login}: not assessed: {result}")
            else:
                text, row = result
                store(row.report, text)
                rows.put(row, index)
                echo(f"[{done}/{len(pending)}] {candidate.login}: {row.summary}")
        else:
            failure = _failure(candidate, future)
            failures.put(failure, index)
            echo(f"[{done}/{len(pending)}] {candidate.login}: failed: {failure.reason}")
        future.release()
        if done % COLLECT_EVERY == 0:
            gc.collect()
        following = next(todo, None)
        if following is not None:
            futures.add(submit(following))
