"""The contribute command's work: the assessment (or an earlier report), the stack, gaps and projects from it, the
batched issue searches within the budget, and the ranked issues attached to the report."""

from __future__ import annotations

import dataclasses
import os
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from readiness.advice.contribute_data import load_projects, with_settings
from readiness.advice.contribute_plan import gap_themes, projects_for, stack_of
from readiness.advice.contribute_rank import assemble
from readiness.advice.posting_match import repo_views
from readiness.models import Report
from readiness.pipeline.config import apply_flags, load_config
from readiness.pipeline.github import protect_token
from readiness.pipeline.run import Request, gather_and_assess, settings
from readiness.pipeline.timing import Progress
from readiness.report.load import load_report
from readiness.sources.github import GitHubClient
from readiness.sources.github_auth import api_url_from, resolve_token
from readiness.sources.github_issues import LIMITS, SearchOutcome, SearchRun, batches, run_searches

DEFAULT_LIMIT = 25


@dataclass(frozen=True, slots=True)
class ContributeOptions:
    """How the search runs: the hard cap on searches (None: the per-minute search limit), issues kept, a dry run."""

    max_searches: int | None = None
    limit: int = DEFAULT_LIMIT
    dry_run: bool = False


def _as_of() -> str:
    """Now (SOURCE_DATE_EPOCH when set, for reproducible rankings) as RFC 3339 UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = float(epoch) if epoch and epoch.isdigit() else time.time()
    return datetime.fromtimestamp(moment, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def budget_line(projects: int, searches: int, cap: int, authenticated: bool) -> str:
    """The call budget printed before searching."""
    made = min(searches, cap)
    left = f"; {searches - cap} over the cap are left out (--max-searches)" if searches > cap else ""
    how = "with a token" if authenticated else "without a token"
    return (f"contribute: {projects} project(s) in {searches} issue search(es), {made} to make (hard cap {cap}{left}); "
            f"GitHub allows {LIMITS[authenticated]} searches a minute {how}, plus 1 free GET /rate_limit")


def contribute_request(request: Request, options: ContributeOptions, progress: Progress | None,
                       say: Callable[[str], None] = lambda _: None) -> Report:
    """The report for REQUEST (fresh, or REQUEST.report_path) with open issues ranked for the candidate."""
    config = apply_flags(load_config(request.config_path, Path.cwd()), dict(request.flags))
    github = dict(request.github)
    api_url = api_url_from(github.get("api_url"))
    if request.report_path is not None:
        report = load_report(request.report_path)
    else:
        config = settings(config, request.jobs, request.cache_dir, request.no_cache)
        report = gather_and_assess(request.targets, request.sample, config, progress, github, request.authors)
    project_map = with_settings(load_projects(), config.contribute)
    stack = stack_of(report, project_map)
    gaps = gap_themes(report)
    projects, unmapped = projects_for(stack, project_map, config.contribute)
    planned = batches([p.repo for p in projects], project_map.labels)
    notes: tuple[str, ...] = ()
    if unmapped:
        notes += (f"no known project for {', '.join(unmapped[:8])}{' …' if len(unmapped) > 8 else ''}: "
                  "add them as [contribute] projects in .readiness.toml",)
    if not projects:
        recorded = any(view.tools for view in repo_views(report)[:-1])
        notes += ("nothing to search: no package or tool of yours has a known upstream project" if recorded else
                  "nothing to search: the report has no record of what the code imports (made before readiness recorded it); assess again",)
    token = resolve_token(github.get("token"), api_url)
    protect_token(token)
    cap = options.max_searches or LIMITS[bool(token)]
    say(budget_line(len(projects), len(planned), cap, bool(token)))
    if options.dry_run or not planned:
        why = "--dry-run: not made" if options.dry_run else ""
        run = SearchRun(tuple(SearchOutcome(b, "not-made", note=why if i < cap else f"over the hard cap of {cap} searches (--max-searches)")
                              for i, b in enumerate(planned)), "not read (no search made)")
    else:
        client = GitHubClient(api_url, token)
        try:
            run = run_searches(client, planned, cap, say=say)
        finally:
            client.close()
    found = assemble(stack, gaps, projects, run, cap, project_map.labels, _as_of(), options.limit, notes)
    return dataclasses.replace(report, contributions=found, partial=report.partial or found.partial)
