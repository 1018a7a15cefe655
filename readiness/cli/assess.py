"""`readiness assess`: parse the options, run the assessment (pipeline.run), write each report, exit 1 below --fail-under."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from readiness.cli.common import formats as split_formats, write
from readiness.cli.progress import progress
from readiness.cli.github_options import github_options, pop_github
from readiness.cli.group import cli, setup_logging
from readiness.cli.options import advice_options
from readiness.cli.start import START, complete_formats, complete_targets
from readiness.errors import InputError
from readiness.pipeline import timing
from readiness.report.formats import RENDERERS
from readiness.report.output import below_gate, rendered
from readiness.sanitize import sanitize

EXIT_BELOW = 1
EXIT_PARTIAL = 5
"""The report was written, but some repositories or data could not be assessed (the report says which)."""


@cli.command()
@click.argument("targets", nargs=-1, shell_complete=complete_targets)
@click.option("--sample", is_flag=True, help="Assess the bundled sample portfolio (no network, no token).")
@click.option("--format", "formats", multiple=True, callback=split_formats, shell_complete=complete_formats, metavar="FORMAT[,FORMAT...]", help=f"Report format(s): {', '.join(RENDERERS)} (default text; repeat or separate with commas; several need --output-dir).")
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path), help="Write each format to DIR/readiness-report.EXT.")
@click.option("--compare", "previous", type=click.Path(dir_okay=False, path_type=Path), help="An earlier JSON report: add what improved and what regressed since then.")
@click.option("--github-actions", is_flag=True, help="GitHub Actions mode: step summary, outputs, badge JSON and annotations (reads GITHUB_* variables).")
@click.option("--pr-comment", is_flag=True, help="With --github-actions on a pull request: post the Markdown summary as one comment, updated on later pushes (needs pull-requests: write; never for forks).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to this file instead of stdout.")
@click.option("--fail-under", type=click.FloatRange(0, 100), help="Exit with 1 when the target role's readiness (0-100) is below this.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Configuration file (default: .readiness.toml or [tool.readiness] in pyproject.toml).")
@click.option("--details", is_flag=True, help="Text output: every finding with its evidence after the summary (also with -v).")
@click.option("-v", "--verbose", count=True, help="More detail on stderr (repeatable); text output gets every finding.")
@click.option("-q", "--quiet", count=True, help="Only errors on stderr.")
@click.option("--jobs", type=click.IntRange(1, 256), default=None, help="Worker processes (default: the number of cores).")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), help="Where unchanged repositories' reports are cached (default: the user cache).")
@click.option("--no-cache", is_flag=True, help="Assess every repository again, ignoring and not writing the cache.")
@click.option("--memory-limit", type=click.IntRange(0), metavar="MB", help="Address space per worker process (default 2048; 0: no limit; or [limits] memory_mb).")
@click.option("--cpu-limit", type=click.FloatRange(0), metavar="SECONDS", help="CPU time per repository (default 120; 0: no limit; or [limits] cpu_seconds).")
@click.option("--author", "authors", multiple=True, metavar="TEXT", help="The candidate's commit name, email or GitHub login, for authorship checks on local paths (repeatable).")
@advice_options
@github_options
@click.pass_context
def assess(ctx: click.Context, targets: tuple[str, ...], sample: bool, formats: tuple[str, ...], output_dir: Path | None, previous: Path | None, github_actions: bool, pr_comment: bool, output: Path | None, fail_under: float | None, config_path: Path | None, details: bool, verbose: int, quiet: int, jobs: int | None, cache_dir: Path | None, no_cache: bool, authors: tuple[str, ...] = (), **flags: Any) -> None:
    """Assess local git repositories (PATH...), a GitHub account (USERNAME, --portfolio) or the bundled sample portfolio (--sample)."""
    if verbose or quiet:
        setup_logging(verbose, quiet)
        ctx.obj["quiet"] += quiet
    github = pop_github(flags)
    if not (sample or targets or github["portfolio"]):
        raise InputError("nothing to assess. " + START)
    if sample and (targets or github["portfolio"]):
        raise click.UsageError("give --sample or what to assess (repository paths, a GitHub username or --portfolio), not both")
    _check_outputs(formats, output, output_dir, github_actions)
    if pr_comment and not github_actions:
        raise click.UsageError("--pr-comment works in GitHub Actions mode only (add --github-actions)")
    from readiness.pipeline.run import Request, assess_request

    request = Request(targets, sample, config_path, tuple(flags.items()), jobs, cache_dir, no_cache, tuple(github.items()), authors, previous)
    report = assess_request(request, progress(ctx.obj["quiet"]))
    with timing.stage("render"):
        if github_actions:
            from readiness.report import actions

            actions.run(report, formats, output_dir, fail_under, os.environ)
            if pr_comment:
                from readiness.pipeline.pr_comment import comment_on_pull_request

                level, message = comment_on_pull_request(report, os.environ, github["api_url"], github["token"])
                click.echo(actions.annotation(level, message, "readiness comment"))
        else:
            for path, text in rendered(report, formats, output, output_dir, details or verbose > 0):
                write(text, path)
    timing.dump()
    message = below_gate(report, fail_under)
    if message:
        click.echo(message, err=True)
        sys.exit(EXIT_BELOW)
    if report.partial:
        failed = [r.name for r in report.repos if r.error]
        detail = f"{len(failed)} repositor{'y' if len(failed) == 1 else 'ies'} could not be assessed" if failed else "some data could not be collected"
        click.echo(sanitize(f"readiness: partial report: {detail} (see the problems in the report)"), err=True)
        sys.exit(EXIT_PARTIAL)


def _check_outputs(formats: tuple[str, ...], output: Path | None, output_dir: Path | None, github_actions: bool) -> None:
    """-o takes one format; several formats need --output-dir (Actions mode has a default directory)."""
    if output is not None and (output_dir is not None or github_actions):
        raise click.UsageError("give -o/--output or --output-dir (or --github-actions), not both")
    if len(formats) > 1 and output_dir is None and not github_actions:
        raise click.UsageError("several formats need --output-dir")
