"""An assessment as the command line asks for it: settings, the sources (paths, the sample or a GitHub account), the whole pipeline."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readiness.models import Person, Report
from readiness.pipeline import timing
from readiness.pipeline.timing import Progress
from readiness.pipeline.reuse import keep_report, kept_report, report_key
from readiness.pipeline.config import Config, apply_flags, load_config
from readiness.report.compare import compare, load_previous
from readiness.report.load import load_report
from readiness.sources.local import LOGIN
from readiness.sources.samples import cache_dir as default_cache


@dataclass(frozen=True, slots=True)
class Request:
    """What a command asked for: targets or the sample, the configuration file and flags, how to run, earlier reports."""

    targets: tuple[str, ...] = ()
    sample: bool = False
    config_path: Path | None = None
    flags: tuple[tuple[str, Any], ...] = ()
    """The role, background and degree-plan flags (None when not given)."""
    jobs: int | None = None
    cache_dir: Path | None = None
    no_cache: bool = False
    github: tuple[tuple[str, Any], ...] = ()
    """The GitHub options (portfolio, api_url, token, include_forks, include_archived, max_repo_size)."""
    authors: tuple[str, ...] = ()
    previous: Path | None = None
    """An earlier JSON report to compare with (assess --compare)."""
    report_path: Path | None = None
    """An earlier JSON report to advise on instead of assessing (advise --report)."""


def settings(config: Config, jobs: int | None, cache_dir: Path | None, no_cache: bool) -> Config:
    """Worker processes and the report cache: flags over defaults (all cores; the user cache)."""
    cache = None if no_cache else (cache_dir or default_cache() / "reports")
    return dataclasses.replace(config, jobs=jobs or os.cpu_count() or 1, report_cache=cache)


def person_from_authors(authors: tuple[str, ...]) -> Person | None:
    """The candidate from --author values: emails (with @), a login (one word) and a name; None when none given."""
    values = [a.strip() for a in authors if a.strip()]
    if not values:
        return None
    emails = tuple(dict.fromkeys(v.lower() for v in values if "@" in v))
    others = [v for v in values if "@" not in v]
    login = next((v for v in others if " " not in v), None)
    name = next((v for v in others if v != login), login)
    return Person(login=login, name=name, emails=emails)


def is_username(target: str) -> bool:
    """A target that is not an existing path but looks like a GitHub login."""
    return not Path(target).expanduser().exists() and bool(LOGIN.match(target))


def wants_github(targets: tuple[str, ...], options: dict[str, Any]) -> bool:
    """Whether the command should read GitHub: a --portfolio, or a username among the targets."""
    return bool(options.get("portfolio")) or any(is_username(t) for t in targets)


def gather_and_assess(targets: tuple[str, ...], sample: bool, config: Config, progress: Progress | None,
                      github: dict[str, Any] | None = None, authors: tuple[str, ...] = ()) -> Report:
    """Gather the sources (repository paths, a GitHub account or the sample portfolio) and run the whole pipeline."""
    if not sample and wants_github(targets, github or {}):
        from readiness.pipeline.github import run_github

        return run_github(targets, github or {}, config, progress)
    from readiness.sources.local import local_sources

    with timing.stage("gather"):
        if sample:
            from readiness.sources.samples import sample_sources

            candidate, sources = sample_sources()
            subject = f"sample portfolio of {candidate.login}"
            person = candidate.person
        else:
            sources = local_sources(list(targets))
            subject = ", ".join(s.name for s in sources)
            person = person_from_authors(authors)
    states: dict[Path, str] = {}
    with timing.stage("cache"):
        key = report_key(sources, config, subject, person, states)
        kept = kept_report(config.report_cache, key) if config.report_cache and key else None
    if kept is not None:  # nothing changed since a report was kept: it is the answer
        return kept
    from readiness.pipeline.assess import assess as run_assessment
    from readiness.pipeline.runner import RunOptions

    report = run_assessment(sources, config, subject, progress, person, run=RunOptions.of(config, states))
    if config.report_cache and key:
        keep_report(config.report_cache, key, report)
    return report


def assess_request(request: Request, progress: Progress | None) -> Report:
    """The assess command's work: the earlier report validated first (a bad file stops the run), the configuration,
    the assessment, the comparison."""
    previous_data = load_previous(request.previous) if request.previous is not None else None
    config = apply_flags(load_config(request.config_path, Path.cwd()), dict(request.flags))
    config = settings(config, request.jobs, request.cache_dir, request.no_cache)
    report = gather_and_assess(request.targets, request.sample, config, progress, dict(request.github), request.authors)
    if previous_data is not None:
        report = dataclasses.replace(report, comparison=compare(previous_data, report))
    return report


def advise_request(request: Request, progress: Progress | None) -> Report:
    """The advise command's work: guidance on an earlier JSON report (REPORT_PATH), or on a fresh assessment."""
    config = apply_flags(load_config(request.config_path, Path.cwd()), dict(request.flags))
    if request.report_path is not None:
        from readiness.advice.rules import with_guidance

        previous = load_report(request.report_path)
        return with_guidance(previous, config.role or previous.target_role, config.background, config.degree)
    return gather_and_assess(request.targets, request.sample, config, progress)
