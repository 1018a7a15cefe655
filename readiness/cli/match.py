"""`readiness match POSTING [TARGET...]`: a job posting's requirements matched to evidence in the repositories."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from readiness.cli.common import formats as split_formats, write
from readiness.cli.progress import progress
from readiness.cli.github_options import github_options, pop_github
from readiness.cli.group import cli, setup_logging
from readiness.cli.options import advice_options, run_options
from readiness.cli.start import complete_formats
from readiness.report.match_formats import MATCH_RENDERERS, below_coverage, rendered_match

EXIT_BELOW = 1


@cli.command()
@click.argument("args", nargs=-1, metavar="POSTING [TARGET...]")
@click.option("--url", help="Fetch the posting from this https:// address instead of a file (size and time capped).")
@click.option("--sample", is_flag=True, help="Match against the bundled sample portfolio.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), help="Match against an earlier JSON report instead of assessing again.")
@click.option("--format", "formats", multiple=True, callback=split_formats, shell_complete=complete_formats, metavar="FORMAT[,FORMAT...]", help=f"Output format(s): {', '.join(MATCH_RENDERERS)} (default text; several need --output-dir).")
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path), help="Write each format to DIR/readiness-match.EXT.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of stdout.")
@click.option("--fail-under", type=click.FloatRange(0, 100), help="Exit with 1 when must-have coverage (0-100) is below this.")
@click.option("-q", "--quiet", count=True, help="Only errors on stderr.")
@run_options
@advice_options
@github_options
@click.pass_context
def match(ctx: click.Context, args: tuple[str, ...], url: str | None, sample: bool, report_path: Path | None, formats: tuple[str, ...],
          output_dir: Path | None, output: Path | None, fail_under: float | None, config_path: Path | None, quiet: int,
          jobs: int | None, cache_dir: Path | None, no_cache: bool, authors: tuple[str, ...] = (), **flags: Any) -> None:
    """Match a job posting (a text, Markdown or HTML file, - for stdin, or --url) against the repositories
    (PATH..., USERNAME, --portfolio, --sample or --report FILE): each requirement met, partly met or missing, with evidence."""
    if quiet:
        setup_logging(0, quiet)
        ctx.obj["quiet"] += quiet
    github = pop_github(flags)
    posting, targets = (None, args) if url else (args[0] if args else None, args[1:])
    if posting is None and url is None:
        raise click.UsageError("give the posting: a file, - for stdin, or --url https://...")
    if (report_path is not None) + sample + bool(targets or github["portfolio"]) != 1:
        raise click.UsageError("give repository paths, a GitHub username, --portfolio, --sample or --report FILE (exactly one)")
    if output is not None and output_dir is not None:
        raise click.UsageError("give -o/--output or --output-dir, not both")
    if len(formats) > 1 and output_dir is None:
        raise click.UsageError("several formats need --output-dir")
    from readiness.pipeline.match import match_request
    from readiness.pipeline.run import Request

    request = Request(targets, sample, config_path, tuple(flags.items()), jobs, cache_dir, no_cache, tuple(github.items()), authors, report_path=report_path)
    report = match_request(posting, url, request, progress(ctx.obj["quiet"]))
    for path, text in rendered_match(report, formats, output, output_dir):
        write(text, path)
    message = below_coverage(report, fail_under)
    if message:
        click.echo(message, err=True)
        sys.exit(EXIT_BELOW)
