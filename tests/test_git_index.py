"""The index read as data lists exactly what `git ls-files -z -s --cached` prints, or steps aside for git."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from readiness.facts.files import list_tracked
from readiness.sources.git_index import index_listing
from readiness.sources.gitsafe import run_git, safe_env
from tests.factories import make_repo


ENV = safe_env((("commit.gpgSign", "false"),), GIT_AUTHOR_NAME="T", GIT_AUTHOR_EMAIL="t@example.com",
               GIT_COMMITTER_NAME="T", GIT_COMMITTER_EMAIL="t@example.com")


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, env=ENV, capture_output=True, check=True)
    return done.stdout.decode()


def _ls_files(root: Path) -> bytes:
    return run_git(["ls-files", "-z", "-s", "--cached"], root).stdout


FILES = {
    "README.md": "# demo\n",
    "src/pkg/model.py": "X = 1\n",
    "src/pkg/__init__.py": "",
    "notebooks/explore.ipynb": "{}",
    "data/a b/ünïcode näme.csv": "a,b\n",
    "deep/" + "d" * 120 + "/" + "e" * 120 + "/" + "f" * 120 + "/file.txt": "x\n",
}


def _repo(tmp_path: Path) -> Path:
    root = make_repo(tmp_path / "r", FILES)
    (root / "run.sh").write_text("#!/bin/sh\n")
    (root / "run.sh").chmod(0o755)
    (root / "link").symlink_to("README.md")
    _git(root, "add", "run.sh", "link")
    _git(root, "commit", "-q", "-m", "more")
    return root


@pytest.mark.parametrize("version", ["2", "3", "4"])
def test_each_index_version_lists_as_git_does(tmp_path: Path, version: str) -> None:
    root = _repo(tmp_path)
    _git(root, "update-index", "--index-version", version)
    listing = index_listing(root)
    assert listing is not None and listing == _ls_files(root)
    assert b"120000 " in listing and b"100755 " in listing  # a link and an executable kept their modes


def test_extended_flags_conflicts_long_and_odd_names(tmp_path: Path) -> None:
    """Intent-to-add and skip-worktree entries (extended flags, version 3), the three stages of a conflict, a path
    longer than the 12-bit name length, a name that is not UTF-8, and a submodule's entry."""
    root = _repo(tmp_path)
    long_path = "/".join(["p" * 250] * 17) + ".py"  # over 4,095 bytes: only in the index (no file system holds it)
    blob = subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=root, env=ENV, input=b"Y = 2\n", capture_output=True, check=True)
    _git(root, "update-index", "--add", "--cacheinfo", f"100644,{blob.stdout.decode().strip()},{long_path}")
    odd = root / b"caf\xe9.txt".decode("utf-8", "surrogateescape")
    odd.write_bytes(b"x\n")
    _git(root, "add", "--", odd.name)
    _git(root, "commit", "-q", "-m", "long and odd")
    _git(root, "checkout", "-q", "-b", "other")
    (root / "README.md").write_text("# other\n")
    _git(root, "commit", "-q", "-am", "other")
    _git(root, "checkout", "-q", "-")
    (root / "README.md").write_text("# mine\n")
    _git(root, "commit", "-q", "-am", "mine")
    subprocess.run(["git", "merge", "-q", "other"], cwd=root, env=ENV, capture_output=True)  # conflicts
    (root / "new.py").write_text("Z = 3\n")
    _git(root, "add", "-N", "new.py")
    _git(root, "update-index", "--skip-worktree", "src/pkg/model.py")
    _git(root, "update-index", "--add", "--cacheinfo", "160000,1111111111111111111111111111111111111111,vendor/sub")
    for version in ("3", "4"):
        _git(root, "update-index", "--index-version", version)
        listing = index_listing(root)
        assert listing is not None and listing == _ls_files(root), version
        assert b" 1\tREADME.md\0" in listing and b" 3\tREADME.md\0" in listing
        assert b"160000 1111111111111111111111111111111111111111 0\tvendor/sub\0" in listing
        assert long_path.encode() in listing and b"caf\xe9.txt" in listing


def test_split_and_sparse_indexes_and_broken_files_are_left_to_git(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    expected = list_tracked(root)
    _git(root, "update-index", "--split-index")
    assert index_listing(root) is None
    assert list_tracked(root) == expected  # git answered
    _git(root, "update-index", "--no-split-index")
    assert index_listing(root) == _ls_files(root)
    _git(root, "sparse-checkout", "init", "--cone", "--sparse-index")
    _git(root, "sparse-checkout", "set", "src")
    assert index_listing(root) is None
    _git(root, "sparse-checkout", "disable")
    index = root / ".git" / "index"
    data = index.read_bytes()
    index.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))  # the checksum no longer holds: git, which does not check it
    assert index_listing(root) is None  # when listing, is asked
    assert list_tracked(root) == expected
    index.write_bytes(data[:40])  # cut short: what git makes of it is git's answer
    assert index_listing(root) is None
    index.write_bytes(b"DIRC" + data[4:-20] + bytes(20))  # an all-zero trailer (index.skipHash): read
    assert index_listing(root) == _ls_files(root) and index_listing(root)
    index.unlink()
    assert index_listing(root) is None


def test_a_gitfile_or_another_object_format_is_left_to_git(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    worktree = tmp_path / "wt"
    _git(root, "worktree", "add", "-q", str(worktree))
    assert (worktree / ".git").is_file() and index_listing(worktree) is None
    assert [f.path for f in list_tracked(worktree).files] == [f.path for f in list_tracked(root).files]
    sha256 = tmp_path / "s"
    sha256.mkdir()
    _git(sha256, "init", "-q", "--object-format=sha256")
    (sha256 / "a.py").write_text("A = 1\n")
    _git(sha256, "add", "a.py")
    assert index_listing(sha256) is None
    assert [f.path for f in list_tracked(sha256).files] == ["a.py"]
