"""`readiness explain KEY`: a check's documentation and remediation, by id or slug."""

from __future__ import annotations

import click

from checks import find_check
from readiness.cli.group import cli
from readiness.cli.start import complete_checks
from readiness.errors import InputError


@cli.command()
@click.argument("key", shell_complete=complete_checks)
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
