"""`readiness checks`: every check's id, slug, dimension and title (or all fields as JSON)."""

from __future__ import annotations

import json

import click

from checks import all_checks
from readiness.cli.group import cli


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
