"""Bad input gives a report with the problem listed, never a traceback; nothing from a repository runs."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from readiness.facts import build_facts
from readiness.sources.gitsafe import run_git, safe_env
from tests.factories import make_repo


def assess_json(*paths: Path, cwd: Path | None = None) -> dict:
    """Run the real CLI on PATHS and return the JSON report (exit code must be 0, no traceback)."""
    result = subprocess.run(
        [str(Path(sys.executable).with_name("readiness")), "assess", *map(str, paths), "--format", "json"],
        capture_output=True, text=True, timeout=300, cwd=cwd,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def problems(report: dict, repo: int = 0) -> list[str]:
    """The problems of one repository as 'path: message' strings."""
    return [f"{p['path']}: {p['message']}" for p in report["repos"][repo]["problems"]]


def test_repository_without_commits(tmp_path: Path) -> None:
    make_repo(tmp_path / "empty", {}, commit=False)
    report = assess_json(tmp_path / "empty")
    assert "None: repository has no commits" in problems(report)
    assert report["repos"][0]["head"] is None


def test_spaces_non_ascii_binary_py_and_latin1_readme(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "dossier à espaces",
        {
            "README.md": "# Résumé du projet\n\nCafé crème et données réelles.\n".encode("latin-1"),
            "model.py": b"\x00\x01\x02PK\x03\x04 not python at all \xff\xfe",
            "src/ok.py": "import numpy\n",
        },
    )
    report = assess_json(repo)
    found = problems(report)
    assert "model.py: binary content in a text file; not analysed" in found
    assert "README.md: not valid UTF-8; read as Latin-1" in found
    readme = next(f for f in report["repos"][0]["findings"] if f["check_id"] == "DOC001")
    assert readme["status"] == "fail" and "words" in readme["message"]


def test_symlink_outside_is_never_followed(tmp_path: Path) -> None:
    secret = tmp_path / "outside-secret.txt"
    secret.write_text("TOP-SECRET-CONTENT api_key = 'Zq8sT1vX3bN6mK9pR2wY5'\n")
    repo = make_repo(tmp_path / "linky", {"README.md": "# linky\n"})
    os.symlink(secret, repo / "notes.txt")
    os.symlink(secret, repo / "config.yml")
    env = safe_env((("core.symlinks", "true"),), GIT_AUTHOR_NAME="a", GIT_AUTHOR_EMAIL="a@x", GIT_COMMITTER_NAME="a", GIT_COMMITTER_EMAIL="a@x")
    run_git(["add", "notes.txt", "config.yml"], repo, env=env)
    run_git(["commit", "-qm", "links"], repo, env=env)
    report = assess_json(repo)
    text = json.dumps(report)
    assert "TOP-SECRET-CONTENT" not in text and "Zq8sT1vX3bN6mK9pR2wY5" not in text
    assert any("config.yml" in p and "not followed" in p for p in problems(report))


def test_linked_directory_is_not_entered(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "app.py").write_text("SECRET_MARKER = 1\n")
    repo = make_repo(tmp_path / "r", {"pkg/app.py": "x = 1\n"})
    (repo / "pkg" / "app.py").unlink()
    (repo / "pkg").rmdir()
    os.symlink(outside, repo / "pkg")  # the working tree now points a tracked directory elsewhere
    facts = build_facts(repo)
    assert not facts.modules
    assert any("linked or missing directory" in p.message for p in facts.problems)


def test_huge_file_is_never_read_whole(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "huge", {"README.md": "# huge\n"})
    with open(repo / "dump.py", "wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: 200 MB without using the disk
    env = safe_env(GIT_AUTHOR_NAME="a", GIT_AUTHOR_EMAIL="a@x", GIT_COMMITTER_NAME="a", GIT_COMMITTER_EMAIL="a@x")
    run_git(["add", "dump.py"], repo, env=env, timeout=300)
    run_git(["commit", "-qm", "dump"], repo, env=env)
    # Measure only the assessment's processes: a fresh parent that runs it and reports its children's peak.
    probe = (
        "import resource, subprocess, sys; "
        f"subprocess.run([{str(Path(sys.executable).with_name('readiness'))!r}, 'assess', {str(repo)!r}, '--format', 'json', '-o', {str(tmp_path / 'r.json')!r}], check=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    peak_kib = int(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=300).stdout)
    assert peak_kib < 150 * 1024, f"peak RSS {peak_kib} KiB suggests the file was read whole"
    report = json.loads((tmp_path / "r.json").read_text())
    large = next(f for f in report["repos"][0]["findings"] if f["check_id"] == "DOC011")
    assert large["status"] == "fail" and large["evidence"][0]["path"] == "dump.py"


def test_broken_manifest_and_workflow_are_problems_not_crashes(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path / "broken",
        {
            "pyproject.toml": "[project\nname = ",
            "setup.py": "from setuptools import setup\nsetup(install_requires=[\n",
            "environment.yml": "dependencies: [numpy\n  - : :",
            ".github/workflows/ci.yml": "on: [push\njobs: {",
            "nb.ipynb": "{ not json",
            "old.ipynb": json.dumps({"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [{"cells": [{"cell_type": "code", "input": "import pandas", "language": "python", "outputs": [], "prompt_number": 1}]}]}),
        },
    )
    report = assess_json(repo)
    found = "\n".join(problems(report))
    assert "pyproject.toml: could not parse pyproject" in found
    assert "setup.py: could not parse setup.py" in found
    assert "environment.yml: could not parse conda" in found
    assert "nb.ipynb: invalid JSON" in found
    assert "old.ipynb: nbformat v3, converted to v4" in found
    facts = build_facts(repo)
    assert facts.workflows[0].error and facts.workflows[0].error.startswith("invalid YAML")
    old = next(nb for nb in facts.notebooks if nb.path == "old.ipynb")
    assert old.cells and old.cells[0].source == "import pandas"


MARKER_CODE = "import pathlib; pathlib.Path({marker!r}).write_text('ran')\n"


def _script(path: Path, marker: Path) -> str:
    path.write_text(f"#!/bin/sh\necho ran > '{marker}'\n")
    path.chmod(path.stat().st_mode | stat.S_IEXEC | stat.S_IXGRP | stat.S_IXOTH)
    return str(path)


def test_nothing_from_the_repository_is_executed(tmp_path: Path) -> None:
    """setup.py, conftest.py, sitecustomize.py, a .pth file, hooks and hostile git config never run."""
    markers = tmp_path / "markers"
    markers.mkdir()
    files = {
        name: MARKER_CODE.format(marker=str(markers / name.replace("/", "_")))
        for name in ("setup.py", "conftest.py", "sitecustomize.py", "usercustomize.py", "tests/conftest.py", "noxfile.py", "__init__.py")
    }
    files["evil.pth"] = "import os; " + MARKER_CODE.format(marker=str(markers / "pth"))
    files[".gitattributes"] = "* filter=evil diff=evil\n"
    files["notebook.ipynb"] = json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{"cell_type": "code", "metadata": {}, "execution_count": 1, "outputs": [], "source": MARKER_CODE.format(marker=str(markers / "notebook"))}]})
    repo = make_repo(tmp_path / "hostile", files)
    hooks = repo / ".git" / "hooks"
    for hook in ("post-checkout", "pre-commit", "post-merge", "pre-push", "fsmonitor-watchman", "reference-transaction", "post-index-change"):
        _script(hooks / hook, markers / f"hook-{hook}")
    program = _script(tmp_path / "evil.sh", markers / "config-program")
    with open(repo / ".git" / "config", "a") as config:
        config.write(
            f"[core]\n\tfsmonitor = {program}\n\tpager = {program}\n\thooksPath = {hooks}\n\tsshCommand = {program}\n"
            f"[filter \"evil\"]\n\tclean = {program}\n\tsmudge = {program}\n\tprocess = {program}\n"
            f"[diff \"evil\"]\n\ttextconv = {program}\n\tcommand = {program}\n"
            f"[diff]\n\texternal = {program}\n[gpg]\n\tprogram = {program}\n[log]\n\tshowSignature = true\n"
            f"[alias]\n\tlog = !{program}\n"
        )
    (repo / "setup.py").write_text(files["setup.py"] + "# touched so the index is stale\n")
    assess_json(repo, cwd=repo)
    assert sorted(p.name for p in markers.iterdir()) == []


def test_reader_reads_whole_files_and_caps_large_ones(tmp_path) -> None:
    """Small files whole; a file over the cap cut at the cap and flagged; exactly the cap is not truncated."""
    from readiness.facts.files import Reader

    (tmp_path / "small.txt").write_bytes(b"abc")
    (tmp_path / "exact.txt").write_bytes(b"x" * 10)
    (tmp_path / "big.txt").write_bytes(b"y" * 25)
    (tmp_path / "empty.txt").write_bytes(b"")
    reader = Reader(tmp_path)
    assert reader.read("small.txt", cap=10) == (b"abc", False, None)
    assert reader.read("exact.txt", cap=10) == (b"x" * 10, False, None)
    assert reader.read("big.txt", cap=10) == (b"y" * 10, True, None)
    assert reader.read("empty.txt", cap=10) == (b"", False, None)
