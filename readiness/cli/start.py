"""What to try first, printed when `readiness` or `assess` is given nothing to do, and the shells' tab completions."""

from __future__ import annotations

import click
from click.shell_completion import CompletionItem

START = """\
Start with one of these:
  readiness assess --sample                  the bundled sample portfolio (no network, no token)
  readiness assess PATH [PATH...]            your local git repositories, e.g. readiness assess ~/code/churn-model
  readiness assess LOGIN                     a GitHub account's public repositories, e.g. readiness assess octocat
  readiness assess --portfolio OWNER/NAME    a profile README or showcase repository and the projects it links to
Then `readiness explain ID` explains a check, `readiness assess --help` lists formats and options, and
`readiness completion --help` sets up tab completion for bash, zsh or fish."""


def complete_targets(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Assessment targets: let the shell complete directory names (a login cannot be guessed)."""
    return [CompletionItem(incomplete, type="dir")]


def complete_formats(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Report formats, also after a comma (`--format markdown,ht` completes to `markdown,html`)."""
    from readiness.report.formats import RENDERERS

    done, _, last = incomplete.rpartition(",")
    prefix = done + "," if done else ""
    given = set(done.split(","))
    return [CompletionItem(prefix + name) for name in RENDERERS if name.startswith(last) and name not in given]


def complete_checks(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Check ids and slugs, with the title as help where the shell shows it (zsh, fish)."""
    from checks import all_checks

    lowered = incomplete.lower()
    items = []
    for spec in all_checks():
        for key in (spec.id, spec.slug):
            if key.lower().startswith(lowered):
                items.append(CompletionItem(key, help=spec.title))
    return items


def complete_roles(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Target role ids from roles.toml."""
    from readiness.scoring.roles import load_roles

    return [CompletionItem(r.id, help=r.label) for r in load_roles().roles if r.id.startswith(incomplete)]
