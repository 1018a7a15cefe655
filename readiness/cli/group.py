"""The `readiness` command group and its logging options; every command module adds itself to it."""

from __future__ import annotations

import importlib
import logging
import sys

import click

from readiness import __version__
from readiness.cli.start import START
from readiness.sanitize import SafeFormatter

COMMANDS = {
    "advise": "advise", "assess": "assess", "checks": "list_checks", "cohort": "cohort", "completion": "completion",
    "contribute": "contribute", "explain": "explain", "match": "match", "schema": "schema",
}
"""Each command and its module in readiness.cli, imported when the command is run (the others' imports are not paid)."""
LIBRARY_LOGGERS = ("urllib3", "github")
"""Libraries whose warnings are noise for a user unless asked for with -v."""


def setup_logging(verbose: int, quiet: int) -> None:
    """Log to stderr: warnings by default, more with -v, errors only with -q."""
    level = logging.WARNING - 10 * verbose + 10 * quiet
    logging.basicConfig(stream=sys.stderr, level=max(logging.DEBUG, min(logging.ERROR, level)), force=True)
    for handler in logging.getLogger().handlers:
        handler.setFormatter(SafeFormatter("readiness: %(message)s"))
    for library in LIBRARY_LOGGERS:  # their retry chatter ("Retrying (GithubRetry(...))") only with -v
        logging.getLogger(library).setLevel(logging.NOTSET if verbose > 0 else logging.ERROR)


class LazyGroup(click.Group):
    """A group whose commands are imported from their modules when first asked for (COMMANDS)."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(f"readiness.cli.{COMMANDS[cmd_name]}")  # its decorator adds the command
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        for name in COMMANDS:
            self.get_command(ctx, name)
        return super().list_commands(ctx)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]}, invoke_without_command=True)
@click.version_option(__version__, "--version", prog_name="readiness")
@click.option("-v", "--verbose", count=True, help="More detail on stderr (repeatable).")
@click.option("-q", "--quiet", count=True, help="Only errors on stderr.")
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: int) -> None:
    """Assess an ML job seeker's GitHub portfolio and write a gap report."""
    setup_logging(verbose, quiet)
    ctx.obj = {"quiet": quiet}
    if ctx.invoked_subcommand is None and not ctx.resilient_parsing:  # `readiness` alone: the help, then where to start
        click.echo(ctx.get_help() + "\n\n" + START)
        ctx.exit(2)
