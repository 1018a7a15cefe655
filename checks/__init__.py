"""The built-in checks, one module per dimension; importing this package registers them all."""

from checks import activity, breadth, code_quality, originality  # noqa: F401
from checks import documentation  # noqa: F401
from checks import deployment, testing  # noqa: F401
from checks import notebooks  # noqa: F401
from checks import open_source  # noqa: F401

__all__ = ["documentation", "notebooks"]
