"""The errors the CLI turns into one clear line and an exit code."""

from __future__ import annotations


class ReadinessError(Exception):
    """Base class: a problem the user can fix; the CLI prints it without a traceback."""

    exit_code = 2


class ConfigError(ReadinessError):
    """The configuration file or an option is invalid."""


class InputError(ReadinessError):
    """A path, user or report given on the command line cannot be used."""


class GatherError(ReadinessError):
    """Data could not be collected (network, rate limit, authentication)."""

    exit_code = 3
