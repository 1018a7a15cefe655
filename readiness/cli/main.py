"""The entry point: the command group (each command imported when run), each failure turned into one line and a distinct exit code."""

from __future__ import annotations

import gc
import logging
import sys

import click

from readiness.cli.group import cli  # each command's module is imported when the command is asked for
from readiness.errors import ReadinessError
from readiness.sanitize import sanitize

log = logging.getLogger("readiness")

EXIT_OK, EXIT_BELOW, EXIT_USAGE, EXIT_GATHER, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130


def run() -> None:
    """The `readiness` command (console script and `python -m readiness`): `main` with the collector's policy of the
    workers (young objects collected every 50,000 allocations, not 700: the imports alone took about 10% less CPU),
    then an exit that does not walk every object the run made (the interpreter's collections at exit took 30-40 ms
    of a 33-repository run)."""
    gc.set_threshold(50_000, 10, 10)
    try:
        main()
    finally:
        gc.freeze()  # the process ends here: what is left is freed with it, not traversed by a collection first


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI and turn every failure into one line and a distinct exit code."""
    try:
        code = cli.main(args=argv, prog_name="readiness", standalone_mode=False)
        if isinstance(code, int) and code:  # ctx.exit(CODE) comes back as a return value outside standalone mode
            sys.exit(code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.UsageError as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except ReadinessError as exc:
        click.echo(sanitize(f"readiness: {exc}"), err=True)
        sys.exit(exc.exit_code)
    except (click.Abort, KeyboardInterrupt):
        click.echo("readiness: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        sys.exit(EXIT_OK)
    except Exception as exc:  # a bug: say so plainly, never look like a threshold failure
        click.echo(sanitize(f"readiness: internal error: {type(exc).__name__}: {exc} (please report it; run with -vv for details)"), err=True)
        log.debug("traceback", exc_info=True)
        sys.exit(EXIT_INTERNAL)
    sys.exit(EXIT_OK)
