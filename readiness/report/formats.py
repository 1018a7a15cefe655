"""Renderers: each turns a Report into a string; none computes, filters or writes files."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import Callable

from readiness.models import Report


class _Renderers(Mapping[str, Callable[[Report], str]]):
    """Format name -> render function, each renderer's module imported when its format is first used (a JSON run does
    not pay for the terminal renderer's imports)."""

    def __init__(self, functions: dict[str, tuple[str, str]]) -> None:
        self.functions = functions

    def __getitem__(self, fmt: str) -> Callable[[Report], str]:
        module, function = self.functions[fmt]
        return getattr(importlib.import_module(f"readiness.report.{module}"), function)

    def __iter__(self) -> Iterator[str]:
        return iter(self.functions)

    def __len__(self) -> int:
        return len(self.functions)


RENDERERS: Mapping[str, Callable[[Report], str]] = _Renderers({
    "text": ("text", "render"),
    "json": ("json_format", "render"),
    "markdown": ("markdown", "render"),
    "html": ("html", "render"),
    "sarif": ("sarif", "render"),
})


DETAILED: Mapping[str, Callable[[Report], str]] = _Renderers({"text": ("text", "render_details")})
"""Formats whose default is a summary, and their renderer with every finding (--details)."""


def render(report: Report, fmt: str, details: bool = False) -> str:
    """Render REPORT in format FMT (with DETAILS, the detailed variant where a format has one)."""
    renderer = DETAILED[fmt] if details and fmt in DETAILED else RENDERERS[fmt]
    return renderer(report)
