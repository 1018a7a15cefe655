"""One candidate as one Dask task: the same assessment `readiness assess` runs, returned as its JSON report and a row."""

from __future__ import annotations

import dataclasses
import multiprocessing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from readiness.cohort.budget import SharedBudget, per_candidate
from readiness.cohort.roster import Candidate
from readiness.errors import InputError
from readiness.pipeline.config import Config, apply_flags
from readiness.pipeline.run import gather_and_assess, settings
from readiness.report.cohort_model import CandidateRow, candidate_row
from readiness.report.json_format import render as render_json

RESULTS = "candidates"
"""The folder under --output-dir holding one JSON report per candidate."""


@dataclass(frozen=True, slots=True)
class Job:
    """What every candidate's task shares: the configuration, the GitHub options, the report cache and the budget."""

    config: Config = Config()
    github: tuple[tuple[str, Any], ...] = ()
    """api_url, include_forks, include_archived, max_repo_size (the token is kept apart)."""
    token: str | None = field(default=None, repr=False)
    cache_dir: Path | None = None
    no_cache: bool = False
    budget: str | None = None
    """The name of the scheduler-held GitHub budget; None: no candidate reads GitHub."""

    def settings(self) -> str:
        """Everything besides the roster row that shapes a result (the token only by whether there is one)."""
        config = dataclasses.replace(self.config, jobs=1, report_cache=None, source=None)
        return repr((config, self.github, bool(self.token)))


def result_path(candidate: Candidate, job: Job) -> str:
    """Where a candidate's report goes, relative to --output-dir: the login and a digest of the inputs."""
    return f"{RESULTS}/{candidate.login}.{candidate.key(job.settings())}.json"


def allow_children() -> None:
    """Let this process start the pipeline's worker pool: Dask runs tasks in daemonic processes, which multiprocessing
    forbids to have children (the pool's processes are daemonic themselves and end with the Dask worker)."""
    process = multiprocessing.current_process()
    if process.daemon:
        process._config["daemon"] = False  # type: ignore[attr-defined]  # no public way to clear the flag


def assess_candidate(candidate: Candidate, job: Job) -> tuple[str, CandidateRow] | str:
    """Run `readiness assess` for one candidate (in a worker) and return its JSON report and cohort row, or the reason
    an input error gave (an unknown user, a missing repository); other failures raise, so Dask retries them."""
    allow_children()
    config = apply_flags(job.config, dict(candidate.flags))
    config = settings(config, 1, job.cache_dir, job.no_cache)
    try:
        if candidate.paths:
            report = gather_and_assess(candidate.paths, False, config, None, {}, candidate.authors)
        else:
            from readiness.pipeline.github import run_github

            if job.budget:
                SharedBudget(job.budget).take(per_candidate(bool(job.token)))
            options = {**dict(job.github), "portfolio": candidate.portfolio, "token": job.token}
            report = run_github(() if candidate.portfolio else (candidate.login,), options, config)
    except InputError as exc:
        return str(exc)
    return render_json(report), candidate_row(report, candidate.login, candidate.row, candidate.source,
                                              result_path(candidate, job))
