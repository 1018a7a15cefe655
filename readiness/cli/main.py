"""The command line: parse options, call the pipeline, write the report, map errors to exit codes."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

import click

from readiness import __version__
from readiness.pipeline import timing
from readiness.cli.options import advice_json, advice_options, apply_flags
from readiness.pipeline.config import Config, load_config
from readiness.errors import InputError, ReadinessError
from readiness.cli.github_options import github_options, pop_github, wants_github
from readiness.models import Person, Report
from checks import all_checks, find_check
from readiness.report.formats import RENDERERS, render
from readiness.report.common import report_name

log = logging.getLogger("readiness")

EXIT_OK, EXIT_BELOW, EXIT_USAGE, EXIT_GATHER, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130


def _setup_logging(verbose: int, quiet: int) -> None:
    """Log to stderr: warnings by default, more with -v, errors only with -q."""
    level = logging.WARNING - 10 * verbose + 10 * quiet
    logging.basicConfig(stream=sys.stderr, level=max(logging.DEBUG, min(logging.ERROR, level)), format="readiness: %(message)s", force=True)


def _progress(quiet: int):
    """A progress callback printing to stderr, or None when quiet."""
    if quiet:
        return None
    interactive = sys.stderr.isatty() and not os.environ.get("NO_COLOR")

    def report(name: str) -> None:
        if interactive:
            click.echo(click.style(f"assessing {name} …", dim=True), err=True)
        else:
            log.info("assessing %s", name)

    return report


def _write(text: str, output: Path | None) -> None:
    """Write the report to OUTPUT, or stdout."""
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{output}: cannot write the report ({exc.strerror})") from exc
    log.info("report written to %s", output)


def _formats(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """Split comma-separated --format values, check each, keep the first occurrence of each."""
    names = [n.strip() for item in value for n in item.split(",") if n.strip()]
    for name in names:
        if name not in RENDERERS:
            raise click.BadParameter(f"{name!r} is not one of {', '.join(RENDERERS)}", ctx, param)
    return tuple(dict.fromkeys(names)) or ("text",)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="readiness")
@click.option("-v", "--verbose", count=True, help="More detail on stderr (repeatable).")
@click.option("-q", "--quiet", count=True, help="Only errors on stderr.")
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: int) -> None:
    """Assess an ML job seeker's GitHub portfolio and write a gap report."""
    _setup_logging(verbose, quiet)
    ctx.obj = {"quiet": quiet}


@cli.command()
@click.argument("targets", nargs=-1)
@click.option("--sample", is_flag=True, help="Assess the bundled sample portfolio (no network, no token).")
@click.option("--format", "formats", multiple=True, callback=_formats, metavar="FORMAT[,FORMAT...]", help=f"Report format(s): {', '.join(RENDERERS)} (default text; repeat or separate with commas; several need --output-dir).")
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path), help="Write each format to DIR/readiness-report.EXT.")
@click.option("--compare", "previous", type=click.Path(dir_okay=False, path_type=Path), help="An earlier JSON report: add what improved and what regressed since then.")
@click.option("--github-actions", is_flag=True, help="GitHub Actions mode: step summary, outputs, badge JSON and annotations (reads GITHUB_* variables).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to this file instead of stdout.")
@click.option("--fail-under", type=click.FloatRange(0, 100), help="Exit with 1 when the target role's readiness (0-100) is below this.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Configuration file (default: .readiness.toml or [tool.readiness] in pyproject.toml).")
@click.option("-v", "--verbose", count=True, help="More detail on stderr (repeatable).")
@click.option("-q", "--quiet", count=True, help="Only errors on stderr.")
@click.option("--jobs", type=click.IntRange(1, 256), default=None, help="Worker processes (default: the number of cores).")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), help="Where unchanged repositories' reports are cached (default: the user cache).")
@click.option("--no-cache", is_flag=True, help="Assess every repository again, ignoring and not writing the cache.")
@click.option("--author", "authors", multiple=True, metavar="TEXT", help="The candidate's commit name, email or GitHub login, for authorship checks on local paths (repeatable).")
@advice_options
@github_options
@click.pass_context
def assess(ctx: click.Context, targets: tuple[str, ...], sample: bool, formats: tuple[str, ...], output_dir: Path | None, previous: Path | None, github_actions: bool, output: Path | None, fail_under: float | None, config_path: Path | None, verbose: int, quiet: int, jobs: int | None, cache_dir: Path | None, no_cache: bool, authors: tuple[str, ...] = (), **flags: Any) -> None:
    """Assess local git repositories (PATH...), a GitHub account (USERNAME, --portfolio) or the bundled sample portfolio (--sample)."""
    if verbose or quiet:
        _setup_logging(verbose, quiet)
        ctx.obj["quiet"] += quiet
    github = pop_github(flags)
    if sample == bool(targets or github["portfolio"]):
        raise click.UsageError("give repository paths or --sample (not both), a GitHub username or --portfolio")
    _check_outputs(formats, output, output_dir, github_actions)
    previous_data = _load_previous(previous)
    config = _run_settings(apply_flags(load_config(config_path, Path.cwd()), flags), jobs, cache_dir, no_cache)
    report = _run(targets, sample, config, ctx.obj["quiet"], github, authors)
    if previous_data is not None:
        from readiness.report.compare import compare

        report = dataclasses.replace(report, comparison=compare(previous_data, report))
    with timing.stage("render"):
        _emit(report, formats, output, output_dir, github_actions, fail_under)
    timing.dump()
    _exit_for(report, fail_under)


def _run_settings(config: Config, jobs: int | None, cache_dir: Path | None, no_cache: bool) -> Config:
    """Worker processes and the report cache: flags over defaults (all cores; the user cache)."""
    from readiness.sources.samples import cache_dir as default_cache

    cache = None if no_cache else (cache_dir or default_cache() / "reports")
    return dataclasses.replace(config, jobs=jobs or os.cpu_count() or 1, report_cache=cache)


def _run(targets: tuple[str, ...], sample: bool, config: Config, quiet: int, github: dict[str, Any] | None = None, authors: tuple[str, ...] = ()) -> Report:
    """Gather the sources (repository paths, a GitHub account or the sample portfolio) and run the whole pipeline."""
    if not sample and wants_github(targets, github or {}):
        from readiness.pipeline.github import run_github

        return run_github(targets, github or {}, config, _progress(quiet))
    from readiness.pipeline.assess import assess as run_assessment
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
    return run_assessment(sources, config, subject, _progress(quiet), person)


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


def _check_outputs(formats: tuple[str, ...], output: Path | None, output_dir: Path | None, github_actions: bool) -> None:
    """-o takes one format; several formats need --output-dir (Actions mode has a default directory)."""
    if output is not None and (output_dir is not None or github_actions):
        raise click.UsageError("give -o/--output or --output-dir (or --github-actions), not both")
    if len(formats) > 1 and output_dir is None and not github_actions:
        raise click.UsageError("several formats need --output-dir")


def _load_previous(previous: Path | None) -> dict | None:
    """The earlier report for --compare, validated (exit 2 on a bad file)."""
    if previous is None:
        return None
    from readiness.report.compare import load_previous

    return load_previous(previous)


def _emit(report: Report, formats: tuple[str, ...], output: Path | None, output_dir: Path | None, github_actions: bool, fail_under: float | None) -> None:
    """Write the report: stdout or -o for one format, one file per format under --output-dir, or Actions mode."""
    if github_actions:
        from readiness.report import actions

        actions.run(report, formats, output_dir, fail_under, os.environ)
        return
    if output_dir is None:
        _write(render(report, formats[0]), output)
        return
    for fmt in formats:
        _write(render(report, fmt), output_dir / report_name(fmt))


def _exit_for(report: Report, fail_under: float | None) -> None:
    """Exit 1 when the target role's readiness (0-100; no evidence counts as 0) is below the threshold."""
    if fail_under is None:
        return
    target = next((r for r in report.roles if r.target), None)
    score = target.score if target is not None and target.score is not None else 0.0
    if score < fail_under:
        label = target.label if target is not None else "target role"
        click.echo(f"readiness: {label} readiness {score:.1f} is below --fail-under {fail_under:g}", err=True)
        sys.exit(EXIT_BELOW)


@cli.command()
@click.argument("targets", nargs=-1)
@click.option("--sample", is_flag=True, help="Assess the bundled sample portfolio first.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path), help="Use a previous JSON report instead of assessing again.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the advice to this file instead of stdout.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Configuration file (default: .readiness.toml or [tool.readiness] in pyproject.toml).")
@advice_options
@click.pass_context
def advise(ctx: click.Context, targets: tuple[str, ...], sample: bool, report_path: Path | None, fmt: str, output: Path | None, config_path: Path | None, **flags: Any) -> None:
    """Print role readiness, the ranked gaps and the degree-versus-portfolio advice alone (PATH..., --sample or --report)."""
    from readiness.advice.rules import with_guidance
    from readiness.report.advice_text import render_advice

    if (report_path is not None) + sample + bool(targets) != 1:
        raise click.UsageError("give repository paths, --sample or --report FILE (exactly one)")
    config = apply_flags(load_config(config_path, Path.cwd()), flags)
    if report_path is not None:
        from readiness.report.load import load_report

        previous = load_report(report_path)
        report = with_guidance(previous, config.role or previous.target_role, config.background, config.degree)
    else:
        report = _run(targets, sample, config, ctx.obj["quiet"])
    _write(advice_json(report) if fmt == "json" else render_advice(report), output)


@cli.command("checks")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_checks(fmt: str) -> None:
    """List every check: id, slug, dimension, title."""
    specs = all_checks()
    if fmt == "json":
        rows = [
            {"id": s.id, "slug": s.slug, "dimension": s.dimension.value, "title": s.title, "effort": s.effort.value,
             "weight": s.weight, "scope": s.scope, "remediation": s.remediation}
            for s in specs
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    for s in specs:
        click.echo(f"{s.id}  {s.slug:<32} {s.dimension.value:<14} {s.title}")


@cli.command()
@click.argument("key")
def explain(key: str) -> None:
    """Print a check's documentation and remediation (by id or slug)."""
    spec = find_check(key)
    if spec is None:
        raise InputError(f"{key}: no such check (see `readiness checks`)")
    click.echo(f"{spec.id} {spec.slug} ({spec.dimension.value}, weight {spec.weight:g}, effort {spec.effort.value})")
    click.echo(spec.title)
    click.echo()
    click.echo(spec.doc)
    click.echo()
    click.echo(f"Remediation: {spec.remediation}")


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the JSON report."""
    from readiness.report.schema import schema_text

    click.echo(schema_text(), nl=False)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI and turn every failure into one line and a distinct exit code."""
    try:
        cli.main(args=argv, prog_name="readiness", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.UsageError as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except ReadinessError as exc:
        click.echo(f"readiness: {exc}", err=True)
        sys.exit(exc.exit_code)
    except (click.Abort, KeyboardInterrupt):
        click.echo("readiness: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        sys.exit(EXIT_OK)
    except Exception as exc:  # a bug: say so plainly, never look like a threshold failure
        click.echo(f"readiness: internal error: {type(exc).__name__}: {exc} (please report it; run with -vv for details)", err=True)
        log.debug("traceback", exc_info=True)
        sys.exit(EXIT_INTERNAL)
    sys.exit(EXIT_OK)
