"""Calibration benchmark: readiness's verdicts and scores against hand labels on real public repositories.

Run from the project root once the snapshots are on this machine (offline):

    .venv/bin/python bench/calibration.py [--mirrors /work/.mirror] [--only owner/name] [--rows]

Each repository of bench/calibration/labels.json is checked out at its pinned commit from a local mirror
(MIRRORS/owner+name/repo, or any bare or normal clone at MIRRORS/owner+name), assessed alone with
`readiness assess PATH --format json` (the owner as --author), and compared with the labels. The script prints
per-label agreement, the mean domain Jaccard, the Spearman correlation of the overall and target-role scores with
the reviewer's overall signal, the score spread by signal, and with --rows one line per repository.
Nothing from the repositories is executed: git runs with hooks, fsmonitor and filters off, and readiness reads text.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from calibration_compare import compare, summarise  # noqa: E402

HERE = Path(__file__).resolve().parent
LABELS = HERE / "calibration" / "labels.json"
SAFE_GIT = ("-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "-c", "diff.external=",
            "-c", "filter.lfs.smudge=", "-c", "filter.lfs.process=", "-c", "filter.lfs.required=false",
            "-c", "protocol.allow=never", "-c", "protocol.file.allow=always")


def git(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run git with a repository's own programs switched off."""
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0", "GIT_LFS_SKIP_SMUDGE": "1"}
    return subprocess.run(["git", *SAFE_GIT, *args], cwd=cwd, env=env, capture_output=True, text=True)


def mirror_of(entry: dict[str, Any], mirrors: Path) -> Path | None:
    """The local mirror of ENTRY's repository, if present."""
    base = mirrors / entry["repo"].replace("/", "+")
    for candidate in (base / "repo", base):
        if (candidate / "HEAD").exists() or (candidate / ".git").exists():
            return candidate
    return None


def checkout(entry: dict[str, Any], mirrors: Path, work: Path) -> tuple[Path | None, str]:
    """A work tree of ENTRY at its pinned commit under WORK (made once), or None and why."""
    dest = work / f"{entry['repo'].replace('/', '+')}@{entry['commit'][:12]}"
    if (dest / ".git").exists():
        return dest, ""
    source = mirror_of(entry, mirrors)
    if source is None:
        return None, f"no mirror under {mirrors}"
    tmp = dest.with_name(dest.name + ".part")
    subprocess.run(["rm", "-rf", str(tmp)], check=False)
    cloned = git("clone", "-q", "--no-checkout", str(source), str(tmp))
    if cloned.returncode:
        return None, f"clone failed: {cloned.stderr.strip()[:200]}"
    done = git("checkout", "-q", entry["commit"], cwd=tmp)
    if done.returncode:
        # Snapshots lack blobs of 4 MiB and more: check out what is there, the rest stays missing.
        git("read-tree", entry["commit"], cwd=tmp)
        listed = git("ls-tree", "-r", "--name-only", entry["commit"], cwd=tmp).stdout.splitlines()
        for start in range(0, len(listed), 200):
            git("checkout", entry["commit"], "--", *listed[start:start + 200], cwd=tmp)
    tmp.rename(dest)
    return dest, ""


def assess(path: Path, author: str, python: str) -> tuple[dict[str, Any] | None, str]:
    """readiness's JSON report for one work tree, or None and the error."""
    cmd = [python, "-m", "readiness", "assess", str(path), "--format", "json", "-q", "--no-cache", "--jobs", "1",
           "--author", author]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=HERE.parent)
    if done.returncode not in (0, 1):
        return None, (done.stderr.strip().splitlines() or ["exit %d" % done.returncode])[-1][:200]
    try:
        return json.loads(done.stdout), ""
    except json.JSONDecodeError as exc:
        return None, f"no JSON: {exc}"


def arguments(doc: str, labels: Path, work: str, unit: str) -> argparse.ArgumentParser:
    """The options every calibration benchmark shares: labels, mirrors, work folder, Python, --only, --rows, --keep."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=labels)
    parser.add_argument("--mirrors", type=Path, default=Path(os.environ.get("READINESS_MIRRORS", "/work/.mirror")))
    parser.add_argument("--work", type=Path, default=Path.home() / ".cache" / work)
    parser.add_argument("--python", default=sys.executable, help="the Python whose readiness is measured")
    parser.add_argument("--only", action="append", default=[], help=f"{unit} (repeatable)")
    parser.add_argument("--rows", action="store_true", help="one line each")
    parser.add_argument("--keep", type=Path, help="also keep each JSON report in this folder")
    return parser


def keep(folder: Path | None, name: str, report: dict[str, Any]) -> None:
    """Write REPORT as FOLDER/NAME.json when --keep named a folder."""
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{name}.json").write_text(json.dumps(report))


def main(argv: list[str] | None = None) -> int:
    """Assess every labelled repository and print the agreement figures."""
    parser = arguments(__doc__, LABELS, "readiness-calibration", "owner/name")
    parser.add_argument("--save", type=Path, help="write the per-repository comparison as JSON")
    args = parser.parse_args(argv)
    entries = [e for e in json.loads(args.labels.read_text()) if not args.only or e["repo"] in args.only]
    args.work.mkdir(parents=True, exist_ok=True)
    rows, skipped = [], []
    for entry in entries:
        path, why = checkout(entry, args.mirrors, args.work)
        report, why = assess(path, entry["repo"].split("/")[0], args.python) if path else (None, why)
        if report is None:
            skipped.append((entry["repo"], why))
            continue
        rows.append(compare(entry, report))
        keep(args.keep, entry["repo"].replace("/", "+"), report)
    print(summarise(rows, show_rows=args.rows))
    for repo, why in skipped:
        print(f"skipped {repo}: {why}")
    if args.save:
        args.save.write_text(json.dumps(rows, indent=1, sort_keys=True) + "\n")
    return 0 if rows else 1


if __name__ == "__main__":
    raise SystemExit(main())
