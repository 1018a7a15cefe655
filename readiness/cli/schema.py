"""`readiness schema`: the JSON Schema of the JSON report."""

from __future__ import annotations

import click

from readiness.cli.group import cli


@cli.command()
def schema() -> None:
    """Print the JSON Schema of the JSON report."""
    from readiness.report.schema import schema_text

    click.echo(schema_text(), nl=False)
