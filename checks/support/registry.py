"""The check registry: one decorator declares a check and records it; it imports no check module."""

from __future__ import annotations

import inspect
import re
from typing import Callable

from readiness.models import CheckSpec, Dimension, Effort

ID_PATTERN = re.compile(r"^[A-Z]{3}\d{3}$")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SCOPES = ("repo", "portfolio")

_REGISTRY: dict[str, CheckSpec] = {}


class RegistryError(Exception):
    """A check declaration is invalid (a programming error, caught by the tests)."""


def check(
    *,
    id: str,
    slug: str,
    dimension: Dimension,
    title: str,
    remediation: str,
    effort: Effort,
    weight: float,
    scope: str = "repo",
) -> Callable[[Callable], Callable]:
    """Declare a check; the decorated function's docstring is its documentation."""

    def register(fn: Callable) -> Callable:
        spec = CheckSpec(
            id=id,
            slug=slug,
            dimension=dimension,
            title=title,
            remediation=remediation,
            effort=effort,
            weight=float(weight),
            doc=inspect.cleandoc(fn.__doc__ or ""),
            scope=scope,
            fn=fn,
        )
        _validate(spec)
        _REGISTRY[id] = spec
        fn.spec = spec  # type: ignore[attr-defined]
        return fn

    return register


def _validate(spec: CheckSpec) -> None:
    """Refuse malformed or duplicate declarations."""
    if not ID_PATTERN.match(spec.id) or not spec.id.startswith(spec.dimension.prefix):
        raise RegistryError(f"{spec.id}: ids are the dimension prefix {spec.dimension.prefix} and three digits")
    if not SLUG_PATTERN.match(spec.slug):
        raise RegistryError(f"{spec.id}: slug {spec.slug!r} must be lower-case words joined by '-'")
    if spec.scope not in SCOPES:
        raise RegistryError(f"{spec.id}: scope must be one of {SCOPES}")
    if not spec.doc or not spec.remediation or not spec.title:
        raise RegistryError(f"{spec.id}: a check needs a docstring, a title and a remediation")
    if spec.weight <= 0:
        raise RegistryError(f"{spec.id}: weight must be positive")
    for other in _REGISTRY.values():
        if other.fn is spec.fn:
            continue
        if other.id == spec.id or other.slug == spec.slug:
            raise RegistryError(f"{spec.id}/{spec.slug}: id or slug already used by {other.id}/{other.slug}")


def registered() -> tuple[CheckSpec, ...]:
    """Every check declared so far, ordered by id."""
    return tuple(sorted(_REGISTRY.values(), key=lambda spec: spec.id))
