"""The built-in checks, one module per dimension; importing this package registers them all."""

from checks import documentation  # noqa: F401

__all__ = ["documentation"]
