"""What the commands share: writing to stdout or a file, the --format list (progress: readiness.cli.progress)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable, Iterable

import click

from readiness.errors import InputError
from readiness.report.formats import RENDERERS

log = logging.getLogger("readiness")


def write(text: str, output: Path | None) -> None:
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


def format_callback(known: Iterable[str], default: tuple[str, ...] = ("text",)) -> Callable[[click.Context, click.Parameter, tuple[str, ...]], tuple[str, ...]]:
    """A --format callback: split comma-separated values, check each against KNOWN, keep the first of each (DEFAULT when none)."""
    names_known = tuple(known)

    def callback(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
        names = [n.strip() for item in value for n in item.split(",") if n.strip()]
        for name in names:
            if name not in names_known:
                raise click.BadParameter(f"{name!r} is not one of {', '.join(names_known)}", ctx, param)
        return tuple(dict.fromkeys(names)) or default

    return callback


formats = format_callback(RENDERERS)
"""Split comma-separated --format values, check each against the report formats, keep the first occurrence of each."""
