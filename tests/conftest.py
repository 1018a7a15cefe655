"""Shared fixtures: an isolated cache, git repositories built in temporary folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.factories import make_repo  # noqa: F401  (re-exported for tests)


@pytest.fixture(scope="session", autouse=True)
def isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Keep materialised samples and clones out of the user's cache."""
    path = tmp_path_factory.mktemp("readiness-cache")
    previous = os.environ.get("READINESS_CACHE_DIR")
    os.environ["READINESS_CACHE_DIR"] = str(path)
    yield path
    if previous is None:
        os.environ.pop("READINESS_CACHE_DIR", None)
    else:
        os.environ["READINESS_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def sample_report():
    """The sample portfolio assessed once per test session."""
    from readiness.pipeline.config import Config
    from readiness.pipeline.assess import assess
    from readiness.sources.samples import sample_sources

    candidate, sources = sample_sources()
    return assess(sources, Config(), f"sample portfolio of {candidate.login}", candidate=candidate.person)
