"""The command line: parse options, call the pipeline, write the report, map errors to exit codes."""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

import click

from readiness import __version__
from readiness.config import load_config
from readiness.errors import InputError, ReadinessError
from readiness.models import Report
from readiness.registry import all_checks, find_check
from readiness.render import RENDERERS, render

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
@click.option("--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="text", show_default=True, help="Report format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to this file instead of stdout.")
@click.option("--fail-under", type=click.FloatRange(0, 100), help="Exit with 1 when the overall score (0-100) is below this.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Configuration file (default: .readiness.toml or [tool.readiness] in pyproject.toml).")
@click.option("-v", "--verbose", count=True, help="More detail on stderr (repeatable).")
@click.option("-q", "--quiet", count=True, help="Only errors on stderr.")
@click.pass_context
def assess(ctx: click.Context, targets: tuple[str, ...], sample: bool, fmt: str, output: Path | None, fail_under: float | None, config_path: Path | None, verbose: int, quiet: int) -> None:
    """Assess local git repositories (PATH...) or the bundled sample portfolio (--sample)."""
    if verbose or quiet:
        _setup_logging(verbose, quiet)
        ctx.obj["quiet"] += quiet
    from readiness.engine import assess as run_assessment
    from readiness.gather import local_sources

    if sample == bool(targets):
        raise click.UsageError("give repository paths or --sample (not both)")
    config = load_config(config_path, Path.cwd())
    if sample:
        from readiness.samples import sample_sources

        candidate, sources = sample_sources()
        subject = f"sample portfolio of {candidate.login}"
        person = candidate.person
    else:
        sources = local_sources(list(targets))
        subject = ", ".join(s.name for s in sources)
        person = None
    report = run_assessment(sources, config, subject, _progress(ctx.obj["quiet"]), person)
    _write(render(report, fmt), output)
    _exit_for(report, fail_under)


def _exit_for(report: Report, fail_under: float | None) -> None:
    """Exit 1 when the overall score is below the threshold."""
    if fail_under is None:
        return
    score = report.overall if report.overall is not None else 0.0
    if score < fail_under:
        click.echo(f"readiness: overall score {score:.1f} is below --fail-under {fail_under:g}", err=True)
        sys.exit(EXIT_BELOW)


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
    from readiness.schema import schema_text

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
