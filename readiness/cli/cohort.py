"""`readiness cohort ROSTER`: parse the options, run every candidate on Dask (readiness.cohort.run), write the cohort report."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterable

import click

from readiness.atomic import write_atomic
from readiness.cli.group import cli, setup_logging
from readiness.errors import InputError

EXIT_FAILED = 3


def _formats(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """Split comma-separated --format values and check each against the cohort formats."""
    from readiness.report.cohort_render import RENDERERS

    names = [n.strip() for item in value for n in item.split(",") if n.strip()]
    for name in names:
        if name not in RENDERERS:
            raise click.BadParameter(f"{name!r} is not one of {', '.join(RENDERERS)}", ctx, param)
    return tuple(dict.fromkeys(names)) or ("text", "json", "html", "csv")


def _store(output_dir: Path) -> Callable[[str, str], None]:
    """Write a candidate's report atomically under OUTPUT_DIR and remove that candidate's results for earlier inputs
    (LOGIN.DIGEST.json beside it). Each folder is listed once, when first written to, and its reports are kept track
    of from then on: listing it for every candidate would make a cohort's run quadratic in its size."""
    folders: dict[Path, dict[str, set[str]]] = {}

    def store(relative: str, text: str) -> None:
        target = output_dir / relative
        try:
            write_atomic(target, text.encode("utf-8"))
        except OSError as exc:
            raise InputError(f"{target}: cannot write the report ({exc.strerror})") from exc
        if target.parent not in folders:
            folders[target.parent] = _reports(target.parent)
        names = folders[target.parent].setdefault(target.name.split(".")[0], set())
        for name in names - {target.name}:
            (target.parent / name).unlink(missing_ok=True)
        names.clear()
        names.add(target.name)

    return store


def _reports(folder: Path) -> dict[str, set[str]]:
    """The candidates' reports in FOLDER (LOGIN.DIGEST.json), by login."""
    found: dict[str, set[str]] = {}
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".json") and entry.name.count(".") == 2 and not entry.name.startswith("."):
                    found.setdefault(entry.name.split(".")[0], set()).add(entry.name)
    except OSError:
        pass
    return found


def _write(pieces: Iterable[str], target: Path) -> None:
    """Write a cohort report a piece at a time through a temporary file in its folder and a rename (readers see the
    whole report or the previous one), so the whole text is never in memory."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=target.parent, prefix=f".{target.name}.",
                                         suffix=".tmp", delete=False) as handle:
            try:
                handle.writelines(pieces)
            except BaseException:
                handle.close()
                os.unlink(handle.name)
                raise
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(handle.name, 0o666 & ~mask)  # as a plain write would leave it, not the temporary file's 0600
        os.replace(handle.name, target)
    except OSError as exc:
        raise InputError(f"{target}: cannot write the report ({exc.strerror})") from exc


@cli.command()
@click.argument("roster", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path), required=True, help="Where each candidate's JSON report (candidates/) and the cohort report (cohort-report.EXT) go; a rerun skips candidates already written there.")
@click.option("--format", "formats", multiple=True, callback=_formats, metavar="FORMAT[,FORMAT...]", help="Cohort report format(s): text, json, markdown, html, csv (default text,json,html,csv).")
@click.option("--scheduler", metavar="tcp://HOST:8786", help="Run on this Dask scheduler (default: $DASK_SCHEDULER_ADDRESS, else an embedded local cluster).")
@click.option("--workers", type=click.IntRange(1, 256), help="Worker processes of the embedded cluster (default: the number of cores).")
@click.option("--yes", is_flag=True, help="Go ahead even when GitHub's rate limit makes the run take more than an hour.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Configuration file (default: .readiness.toml or [tool.readiness] in pyproject.toml).")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), help="Where unchanged repositories' reports are cached, on each worker (default: the user cache).")
@click.option("--no-cache", is_flag=True, help="Assess every repository again, ignoring and not writing the cache.")
@click.option("--api-url", help="GitHub API base URL (default: $GITHUB_API_URL, else https://api.github.com).")
@click.option("--token", help="GitHub token shared by every worker (default: $GH_TOKEN, $GITHUB_TOKEN, then `gh auth token`); never printed.")
@click.option("--include-forks", is_flag=True, help="Also assess forks.")
@click.option("--include-archived", is_flag=True, help="Also assess archived repositories.")
@click.option("--max-repo-size", type=click.FloatRange(1), default=1024, show_default=True, help="Skip repositories larger than this many MB.")
@click.option("-v", "--verbose", count=True, help="More detail on stderr (repeatable).")
@click.option("-q", "--quiet", count=True, help="Only errors on stderr.")
@click.pass_context
def cohort(ctx: click.Context, roster: Path, output_dir: Path, formats: tuple[str, ...], scheduler: str | None, workers: int | None,
           yes: bool, config_path: Path | None, cache_dir: Path | None, no_cache: bool, token: str | None, verbose: int,
           quiet: int, **github: Any) -> None:
    """Assess a whole cohort: one candidate per ROSTER row (CSV or TOML), each as a Dask task, and write the cohort report."""
    if verbose or quiet:
        setup_logging(verbose, quiet)
        ctx.obj["quiet"] += quiet
    from readiness.cohort.roster import load_roster
    from readiness.cohort.run import Execution, run_cohort
    from readiness.cohort.tasks import Job
    from readiness.pipeline.config import load_config
    from readiness.pipeline.github import protect_token
    from readiness.report.cohort_render import RENDERERS, file_name
    from readiness.sources.github_auth import api_url_from, resolve_token

    parsed = load_roster(roster)
    loud = not ctx.obj["quiet"]
    for problem in parsed.problems:
        click.echo(f"readiness: {roster}: row {problem.row}: {problem.message}", err=True)
    config = load_config(config_path, Path.cwd())
    secret = None
    if any(c.on_github for c in parsed.candidates):
        secret = resolve_token(token, api_url_from(github.get("api_url")))
        protect_token(secret)
    job = Job(config, tuple(sorted(github.items())), secret, cache_dir, no_cache)
    echo = (lambda line: click.echo(line, err=True)) if loud else (lambda line: None)
    outcome = run_cohort(parsed, job, Execution(output_dir, scheduler, workers, yes), echo, _store(output_dir))
    for fmt in formats:
        _write(RENDERERS[fmt](outcome.report), output_dir / file_name(fmt))
    click.echo(f"cohort: {len(parsed.candidates)} candidates: {outcome.reused} already written, {outcome.assessed} assessed, "
               f"{outcome.failed} failed; reports in {output_dir}", err=True)
    if outcome.failed:
        sys.exit(EXIT_FAILED)
