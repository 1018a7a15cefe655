"""Build facts by hand (no git, no disk) and small git repositories for tests."""

from __future__ import annotations

import json
from pathlib import Path
from types import MappingProxyType
from typing import Any

from readiness.facts import _kept, file_credentials
from readiness.facts.code import analyze_code
from readiness.facts.manifests import manifest_kind, parse_manifest
from readiness.facts.model import FileInfo, History, RepoFacts, SecretHit, TextFile
from readiness.facts.notebooks import read_notebook
from readiness.facts.secrets import find_secrets
from readiness.facts.workflows import ci_system, parse_workflow
from readiness.sources.gitsafe import run_git, safe_env


def make_facts(files: dict[str, str | bytes] | None = None, sizes: dict[str, int] | None = None, **overrides: Any) -> RepoFacts:
    """RepoFacts for an in-memory file tree, parsed with the same parsers the facts stage uses."""
    files = files or {}
    sizes = sizes or {}
    infos, texts, modules, notebooks, manifests, workflows, secrets, credentials = [], {}, [], [], [], [], [], []
    for path, content in sorted(files.items()):
        data = content.encode() if isinstance(content, str) else content
        info = FileInfo(path, sizes.get(path, len(data)))
        infos.append(info)
        if path.endswith(".ipynb"):
            nb, hits, _ = read_notebook(path, data)
            notebooks.append(nb)
            secrets += hits
            continue
        if not isinstance(content, str):
            continue
        secrets += [SecretHit(path, line, kind, red) for line, kind, red in find_secrets(content, path)]
        code = workflow = None
        if path.endswith(".py"):
            modules.append(code := analyze_code(path, content))
        if kind := manifest_kind(path):
            manifests.append(parse_manifest(path, kind, content))
        if system := ci_system(path):
            workflows.append(workflow := parse_workflow(path, system, content))
        credentials += file_credentials(path, content, code, workflow)
        if _kept(info) or system:
            texts[path] = TextFile(path, content)
    readme = next((texts[p] for p in ("README.md", "README.rst", "README") if p in texts), None)
    values: dict[str, Any] = dict(
        name="repo", root="/nonexistent", head="0" * 40, files=tuple(infos), readme=readme,
        texts=MappingProxyType(texts), manifests=tuple(manifests), workflows=tuple(workflows),
        modules=tuple(modules), notebooks=tuple(notebooks), secrets=tuple(secrets), credentials=tuple(credentials), history=History(),
    )
    values.update(overrides)
    return RepoFacts(**values)


def notebook(cells: list[dict], metadata: dict | None = None, nbformat: int = 4) -> str:
    """A notebook JSON document from cell dicts ({'cell_type', 'source', ...})."""
    full = []
    for cell in cells:
        cell = {"metadata": {}, **cell}
        if cell["cell_type"] == "code":
            cell.setdefault("execution_count", None)
            cell.setdefault("outputs", [])
        full.append(cell)
    meta = metadata if metadata is not None else {"kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}}
    return json.dumps({"cells": full, "metadata": meta, "nbformat": nbformat, "nbformat_minor": 5})


def make_repo(root: Path, files: dict[str, str | bytes], *, commit: bool = True, message: str = "Initial commit") -> Path:
    """A git repository at ROOT holding FILES, committed once by a fixed author."""
    root.mkdir(parents=True, exist_ok=True)
    env = safe_env(
        (("init.defaultBranch", "main"), ("commit.gpgSign", "false")),
        GIT_AUTHOR_NAME="Test Author", GIT_AUTHOR_EMAIL="test@example.com",
        GIT_COMMITTER_NAME="Test Author", GIT_COMMITTER_EMAIL="test@example.com",
        GIT_AUTHOR_DATE="@1767225600 +0000", GIT_COMMITTER_DATE="@1767225600 +0000",
    )
    run_git(["init", "-q"], root, env=env)
    for path, content in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    if commit and files:
        run_git(["add", "-f", "--", *files], root, env=env)
        run_git(["commit", "-q", "--no-verify", "-m", message], root, env=env)
    return root


def failing_ids(report: Any, persona: str, prefix: str) -> set[str]:
    """Ids of the checks with PREFIX that fail on one persona of an assessed sample report."""
    repo = next(r for r in report.repos if r.name == persona)
    return {f.check_id for f in repo.findings if f.status.value == "fail" and f.check_id.startswith(prefix)}


def finding(report: Any, persona: str, check_id: str) -> Any:
    """The finding of one check on one persona of an assessed sample report."""
    repo = next(r for r in report.repos if r.name == persona)
    return next(f for f in repo.findings if f.check_id == check_id)
