"""Command-line options for the target role, background and degree plan; flags override the configuration."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Callable

import click

from readiness.advice.inputs import INSTITUTIONS, MODALITIES, PACES, Background, DegreePlan
from readiness.cli.start import complete_roles

OPTIONS = (
    click.option("--role", shell_complete=complete_roles, help="Target role id (see readiness/scoring/roles.toml; default: config `role`, else ml-engineer)."),
    click.option("--stem-degree/--no-stem-degree", default=None, help="Whether you hold a STEM bachelor's degree."),
    click.option("--years-experience", type=click.FloatRange(0, 60), help="Years of work experience."),
    click.option("--current-role", help="Your current job title, e.g. analyst or student."),
    click.option("--current-salary", type=click.FloatRange(0), help="Your current yearly pay (default: the US average wage from seed 001)."),
    click.option("--budget", type=click.FloatRange(0), help="Cash available for tuition and housing; the rest is borrowed."),
    click.option("--modality", type=click.Choice(MODALITIES), help="Degree format."),
    click.option("--pace", type=click.Choice(PACES), help="Part-time or full-time study."),
    click.option("--credential-required/--no-credential-required", default=None, help="Whether a role or visa requires a degree."),
    click.option("--loan-rate", type=click.FloatRange(0, 0.5), help="Expected yearly loan rate as a fraction (0.065 = 6.5%)."),
    click.option("--relocate/--no-relocate", default=None, help="Whether you would move for the programme (housing counted)."),
    click.option("--institution", type=click.Choice(INSTITUTIONS), help="Tuition basis: public, private or elite (seed 001 figures)."),
)
NAMES = ("role",) + tuple(f.name for f in dataclasses.fields(Background)) + tuple(f.name for f in dataclasses.fields(DegreePlan))


def advice_options(fn: Callable) -> Callable:
    """Add the role, background and degree-plan options to a command."""
    for option in reversed(OPTIONS):
        fn = option(fn)
    return fn


def pop_flags(params: dict[str, Any]) -> dict[str, Any]:
    """Remove the advice options from a command's keyword arguments and return them."""
    return {name: params.pop(name) for name in NAMES if name in params}


RUN_OPTIONS = (
    click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path), help="Configuration file (default: .readiness.toml or [tool.readiness] in pyproject.toml)."),
    click.option("--jobs", type=click.IntRange(1, 256), default=None, help="Worker processes (default: the number of cores)."),
    click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), help="Where unchanged repositories' reports are cached (default: the user cache)."),
    click.option("--no-cache", is_flag=True, help="Assess every repository again, ignoring and not writing the cache."),
    click.option("--author", "authors", multiple=True, metavar="TEXT", help="The candidate's commit name, email or GitHub login, for authorship checks on local paths (repeatable)."),
)


def run_options(fn: Callable) -> Callable:
    """Add the options of an assessment run: configuration file, worker processes, report cache, authors."""
    for option in reversed(RUN_OPTIONS):
        fn = option(fn)
    return fn
