"""`readiness contribute [TARGET...]`: open-source issues matched to the candidate's gaps and stack."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from readiness.cli.common import format_callback, write
from readiness.cli.github_options import github_options, pop_github
from readiness.cli.group import cli, setup_logging
from readiness.cli.options import advice_options, run_options
from readiness.cli.progress import progress
from readiness.cli.start import complete_targets
from readiness.report.contribute_formats import CONTRIBUTE_RENDERERS, rendered_contribute
from readiness.sanitize import sanitize

EXIT_PARTIAL = 5


@cli.command()
@click.argument("targets", nargs=-1, shell_complete=complete_targets)
@click.option("--sample", is_flag=True, help="Use the bundled sample portfolio as the candidate.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), help="Use an earlier JSON report instead of assessing again.")
@click.option("--max-searches", type=click.IntRange(1, 100), help="Hard cap on issue searches (default: GitHub's per-minute search limit, 10 without a token, 30 with).")
@click.option("--limit", type=click.IntRange(1, 500), default=25, show_default=True, help="Issues kept in the report.")
@click.option("--dry-run", is_flag=True, help="Print the searches and the budget; make no search.")
@click.option("--format", "formats", multiple=True, callback=format_callback(CONTRIBUTE_RENDERERS), metavar="FORMAT[,FORMAT...]", help=f"Output format(s): {', '.join(CONTRIBUTE_RENDERERS)} (default text; several need --output-dir).")
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path), help="Write each format to DIR/readiness-contribute.EXT.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of stdout.")
@click.option("--github-actions", is_flag=True, help="GitHub Actions mode: the reports, the top five issues in the step summary, the `issues` output.")
@click.option("-q", "--quiet", count=True, help="Only errors on stderr.")
@run_options
@advice_options
@github_options
@click.pass_context
def contribute(ctx: click.Context, targets: tuple[str, ...], sample: bool, report_path: Path | None, max_searches: int | None, limit: int, dry_run: bool,
               formats: tuple[str, ...], output_dir: Path | None, output: Path | None, github_actions: bool, quiet: int, config_path: Path | None,
               jobs: int | None, cache_dir: Path | None, no_cache: bool, authors: tuple[str, ...] = (), **flags: Any) -> None:
    """Find open issues in the projects the candidate uses (PATH..., USERNAME, --portfolio, --sample or --report FILE)
    that practise what the portfolio lacks, ranked with the reason for each."""
    if quiet:
        setup_logging(0, quiet)
        ctx.obj["quiet"] += quiet
    github = pop_github(flags)
    if (report_path is not None) + sample + bool(targets or github["portfolio"]) != 1:
        raise click.UsageError("give repository paths, a GitHub username, --portfolio, --sample or --report FILE (exactly one)")
    if output is not None and (output_dir is not None or github_actions):
        raise click.UsageError("give -o/--output or --output-dir (or --github-actions), not both")
    if len(formats) > 1 and output_dir is None and not github_actions:
        raise click.UsageError("several formats need --output-dir")
    from readiness.pipeline.contribute import ContributeOptions, contribute_request
    from readiness.pipeline.run import Request

    def say(line: str) -> None:
        if not ctx.obj["quiet"]:
            click.echo(sanitize(f"readiness: {line}"), err=True)

    request = Request(targets, sample, config_path, tuple(flags.items()), jobs, cache_dir, no_cache, tuple(github.items()), authors, report_path=report_path)
    report = contribute_request(request, ContributeOptions(max_searches, limit, dry_run), progress(ctx.obj["quiet"]), say)
    if github_actions:
        from readiness.report.contribute_formats import run_actions

        run_actions(report, formats, output_dir, os.environ, sys.stdout)
    else:
        for path, text in rendered_contribute(report, formats, output, output_dir):
            write(text, path)
    if report.partial:
        found = report.contributions
        detail = found.notes[-1] if found is not None and found.partial and found.notes else "some data could not be collected"
        click.echo(sanitize(f"readiness: partial result: {detail}"), err=True)
        sys.exit(EXIT_PARTIAL)
