"""The match command's work: read the posting first (bad input stops before any assessment), then assess or load
the report, then match it for the posting's role."""

from __future__ import annotations

from pathlib import Path

from readiness.advice.posting import extract
from readiness.advice.posting_guidance import with_posting
from readiness.models import Report
from readiness.pipeline.config import apply_flags, load_config
from readiness.pipeline.run import Request, gather_and_assess, settings
from readiness.pipeline.timing import Progress
from readiness.report.load import load_report
from readiness.sources.posting import fetch_posting, read_posting


def match_request(posting: str | None, url: str | None, request: Request, progress: Progress | None) -> Report:
    """The report for REQUEST (a fresh assessment, or REQUEST.report_path) with the posting's match."""
    text = fetch_posting(url) if url else read_posting(posting or "-")
    extraction = extract(text)
    base = load_config(request.config_path, Path.cwd())
    flags = dict(request.flags)
    config = apply_flags(base, flags)
    if request.report_path is not None:
        report = load_report(request.report_path)
    else:
        config = settings(config, request.jobs, request.cache_dir, request.no_cache)
        report = gather_and_assess(request.targets, request.sample, config, progress, dict(request.github), request.authors)
    return with_posting(report, extraction, text.origin, flags.get("role"), base.role, config.background, config.degree)
