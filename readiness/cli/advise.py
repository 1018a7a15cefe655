"""`readiness advise`: role readiness, ranked gaps and degree advice alone, from a fresh assessment or an earlier report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from readiness.cli.common import write
from readiness.cli.progress import progress
from readiness.cli.group import cli
from readiness.cli.options import advice_options
from readiness.report.advice_text import render_advice
from readiness.report.json_format import advice_json


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
    if (report_path is not None) + sample + bool(targets) != 1:
        raise click.UsageError("give repository paths, --sample or --report FILE (exactly one)")
    from readiness.pipeline.run import Request, advise_request

    report = advise_request(Request(targets, sample, config_path, tuple(flags.items()), report_path=report_path), progress(ctx.obj["quiet"]))
    write(advice_json(report) if fmt == "json" else render_advice(report), output)
