"""Small statistics helpers."""

from tinystats.bootstrap import bootstrap_ci
from tinystats.describe import describe
from tinystats.effects import cohens_d

__all__ = ["bootstrap_ci", "cohens_d", "describe"]
