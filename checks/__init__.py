"""The built-in checks, pure functions over facts, one module per group of checks; may import readiness.facts, readiness.sources and the shared base.

`all_checks` finds the check modules with pkgutil and imports each once, so no check module imports a module
that imports it back.
"""

from __future__ import annotations

import importlib
import pkgutil

from checks.support.registry import registered
from readiness.models import CheckSpec

_LOADED = False


def _load() -> None:
    """Import every module of this package once; each decorated function registers itself."""
    global _LOADED
    if _LOADED:
        return
    for module in pkgutil.walk_packages(__path__, prefix=f"{__name__}."):
        importlib.import_module(module.name)
    _LOADED = True


def all_checks() -> tuple[CheckSpec, ...]:
    """Every built-in check, ordered by id."""
    _load()
    return registered()


def find_check(key: str) -> CheckSpec | None:
    """Look a check up by id (any case) or slug."""
    for spec in all_checks():
        if key.upper() == spec.id or key.lower() == spec.slug:
            return spec
    return None
