"""`readiness completion SHELL`: the tab-completion script for bash, zsh or fish, from click's shell completion."""

from __future__ import annotations

import click
from click.shell_completion import get_completion_class

from readiness.cli.group import cli

SHELLS = ("bash", "zsh", "fish")
COMPLETE_VAR = "_READINESS_COMPLETE"
"""The variable click's completion scripts set when they ask readiness for completions."""


@cli.command(epilog="""\b
Load it in every new shell:
  bash: add   eval "$(readiness completion bash)"   to ~/.bashrc (bash 4.4 or newer)
  zsh:  add   eval "$(readiness completion zsh)"    to ~/.zshrc
  fish: run   readiness completion fish > ~/.config/fish/completions/readiness.fish""")
@click.argument("shell", type=click.Choice(SHELLS))
def completion(shell: str) -> None:
    """Print the tab-completion script for SHELL (commands, options, formats, roles, check ids)."""
    script = get_completion_class(shell)(cli, {}, "readiness", COMPLETE_VAR).source()  # type: ignore[misc]
    click.echo(script)
