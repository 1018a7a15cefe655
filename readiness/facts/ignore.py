"""Which paths a deploy needs (model files named in code, Dockerfile COPY sources) the repository's .gitignore excludes."""

from __future__ import annotations

import posixpath
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Mapping

from readiness.facts.docker import copy_sources, is_dockerfile, parse_dockerfile
from readiness.facts.model import CodeFacts, TextFile
from readiness.models import Problem
from readiness.sources.gitsafe import GitError, run_git

MODEL_SUFFIXES = (
    ".joblib", ".pkl", ".pickle", ".pt", ".pth", ".h5", ".hdf5", ".keras", ".onnx", ".safetensors", ".ckpt",
    ".sav", ".cbm", ".tflite", ".bst", ".ubj", ".mlmodel", ".pb", ".model", ".gguf",
)
MAX_CANDIDATES = 400


def clean(path: str) -> str | None:
    """A repository-relative POSIX path, or None when it leaves the repository or is absolute."""
    path = path.strip().replace("\\", "/")
    if not path or path.startswith(("/", "~")) or "://" in path or "$" in path or "{" in path:
        return None
    normal = posixpath.normpath(path)
    if normal.startswith("..") or normal == ".":
        return None
    return normal


def model_literals(unit: CodeFacts) -> list[tuple[str, int]]:
    """String literals in code that name a model file (by suffix), with their lines."""
    out = []
    for literal in unit.strings:
        value = literal.value.strip()
        if value.lower().endswith(MODEL_SUFFIXES) and "\n" not in value and len(value) < 200 and " " not in value:
            out.append((value, literal.line))
    return out


def literal_paths(literal: str, module_path: str) -> tuple[str, ...]:
    """Where a path literal may point: from the repository root, and from the module's own folder."""
    out = []
    base = posixpath.dirname(module_path)
    for option in (literal, posixpath.join(base, literal) if base else None):
        if option and (cleaned := clean(option)) and cleaned not in out:
            out.append(cleaned)
    return tuple(out)


def ignore_candidates(modules: Iterable[CodeFacts], texts: Mapping[str, TextFile]) -> tuple[str, ...]:
    """Paths worth asking git about: model files named in code, and what Dockerfiles COPY."""
    seen: dict[str, None] = {}
    for unit in modules:
        for literal, _ in model_literals(unit):
            for path in literal_paths(literal, unit.path):
                seen.setdefault(path, None)
    for path, kept in texts.items():
        if is_dockerfile(path):
            base = posixpath.dirname(path)
            for instruction in parse_dockerfile(kept.text):
                for source in copy_sources(instruction):
                    folder = "/" if source.endswith("/") else ""  # `dir/` patterns only match paths marked as folders
                    for option in (source, posixpath.join(base, source) if base else None):
                        if option and (cleaned := clean(option.rstrip("/"))) and "*" not in cleaned:
                            seen.setdefault(cleaned + folder, None)
    return tuple(seen)[:MAX_CANDIDATES]


def ignored_paths(root: Path, candidates: tuple[str, ...]) -> tuple[Mapping[str, bool], Problem | None]:
    """Ask `git check-ignore --no-index` which CANDIDATES the ignore rules exclude; a failure is a problem."""
    if not candidates:
        return MappingProxyType({}), None
    payload = b"\0".join(c.encode("utf-8", "surrogateescape") for c in candidates) + b"\0"
    try:
        result = run_git(["check-ignore", "--no-index", "--stdin", "-z"], root, input=payload, check=False, timeout=60)
    except GitError as exc:
        return MappingProxyType({}), Problem(f"could not ask git which paths are ignored: {exc}")
    if result.stderr and "fatal" in result.stderr:
        return MappingProxyType({}), Problem(f"could not ask git which paths are ignored: {result.stderr.splitlines()[-1][:200]}")
    hits = {p.decode("utf-8", "surrogateescape") for p in result.stdout.split(b"\0") if p}
    return MappingProxyType({c: c in hits for c in candidates}), None
