"""The scoring stage's data files: roles.toml (roles, bands, scoring policy) and sources.toml (citable sources)."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

from readiness.errors import ConfigError
from readiness.models import Source

HERE = Path(__file__).resolve().parent
ROLES_FILE = HERE / "roles.toml"
SOURCES_FILE = HERE / "sources.toml"


def _read(path: Path) -> dict[str, Any]:
    """A TOML data file, or a ConfigError naming it."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read ({exc})") from exc


def parse_sources(data: dict[str, Any], where: str = "sources.toml") -> tuple[Source, ...]:
    """Validate the sources table: every entry has a title and a detail."""
    out = []
    for key, entry in data.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("title"), str) or not isinstance(entry.get("detail"), str):
            raise ConfigError(f"{where}: [{key}] needs a title and a detail (strings)")
        if set(entry) - {"title", "detail"}:
            raise ConfigError(f"{where}: [{key}] has unknown keys {sorted(set(entry) - {'title', 'detail'})}")
        out.append(Source(key, entry["title"].strip(), " ".join(entry["detail"].split())))
    return tuple(out)


@lru_cache(maxsize=1)
def load_sources() -> tuple[Source, ...]:
    """The citable sources bundled with readiness."""
    return parse_sources(_read(SOURCES_FILE), str(SOURCES_FILE))


def source_ids() -> frozenset[str]:
    """The ids of every bundled source."""
    return frozenset(s.id for s in load_sources())
