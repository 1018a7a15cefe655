"""Atomic file writes shared by the stages: a reader sees the whole file or none of it."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(target: Path, data: bytes) -> None:
    """Write DATA to TARGET through a temporary file in its folder and a rename: readers see all of it or none."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("wb", dir=target.parent, suffix=".tmp", delete=False) as handle:
        try:
            handle.write(data)
        except OSError:
            os.unlink(handle.name)
            raise
    os.replace(handle.name, target)
