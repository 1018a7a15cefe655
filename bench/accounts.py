"""Account calibration: `readiness assess LOGIN` on whole real accounts served by the GitHub stand-in, against labels.

Run from the project root once the snapshots are on this machine (offline):

    .venv/bin/python bench/accounts.py [--mirrors /work/.mirror] [--only LOGIN] [--rows] [--keep DIR]

Each account of bench/calibration/accounts.json becomes a user of the test suite's GitHub stand-in
(tests/standin, responses validated against @octokit/openapi) owning its labelled repositories, each served over
git's smart HTTP at its pinned commit from a local mirror (MIRRORS/owner+name/repo). readiness then runs as a user
would: `readiness assess LOGIN --api-url STAND-IN`, listing, cloning and assessing. The script prints the Spearman
correlation of the overall and role scores with the reviewer's labels, how often the first gap is among the
reviewer's first three, the top-three overlap, and how often the data-origin level agrees.
The stand-in knows no pull requests or issues of these people (there is no live GitHub here), so their open-source
findings are what an account with no outside contributions gets.
Nothing from the repositories is executed: git runs with hooks, fsmonitor and filters off, and readiness reads text.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from accounts_compare import compare, summarise  # noqa: E402
from calibration import arguments, git, keep, mirror_of  # noqa: E402

from tests.standin import GitHubStandIn, Repo, User, World  # noqa: E402

HERE = Path(__file__).resolve().parent
ACCOUNTS = HERE / "calibration" / "accounts.json"


def served_copy(repo: dict[str, Any], mirrors: Path, work: Path) -> tuple[Path | None, str]:
    """A bare copy of REPO's mirror whose `main` is the pinned commit (made once), or None and why."""
    dest = work / f"{repo['repo'].replace('/', '+')}@{repo['commit'][:12]}.git"
    if (dest / "HEAD").exists():
        return dest, ""
    source = mirror_of({"repo": repo["repo"]}, mirrors)
    if source is None:
        return None, f"no mirror under {mirrors}"
    tmp = dest.with_name(dest.name + ".part")
    subprocess.run(["rm", "-rf", str(tmp)], check=False)
    done = git("clone", "-q", "--bare", "--no-tags", str(source), str(tmp))
    if done.returncode:
        return None, f"clone failed: {done.stderr.strip()[:200]}"
    for args in (("update-ref", "refs/heads/main", repo["commit"]), ("symbolic-ref", "HEAD", "refs/heads/main")):
        done = git(*args, cwd=tmp)
        if done.returncode:
            return None, f"git {args[0]} failed: {done.stderr.strip()[:200]}"
    why = fill_missing_blobs(tmp)
    if why:
        return None, why
    tmp.rename(dest)
    return dest, ""


def fill_missing_blobs(bare: Path) -> str:
    """Rewrite `main` without the blobs the snapshot lacks (files of 4 MiB and more), so that every clone succeeds as
    it would on GitHub: history and every other file stay; those files are left out (a placeholder would be read as a
    broken notebook or data file); commit ids change. Returns why it failed."""
    listed = git("rev-list", "--objects", "--missing=print", "refs/heads/main", cwd=bare)
    missing = {line[1:].strip() for line in listed.stdout.splitlines() if line.startswith("?")}
    if not missing:
        return ""
    stream = subprocess.run(["git", "-c", "core.hooksPath=/dev/null", "fast-export", "--no-data", "--signed-tags=strip",
                             "refs/heads/main"], cwd=bare, capture_output=True)
    if stream.returncode:
        return f"fast-export failed: {stream.stderr.decode(errors='replace').strip()[:200]}"
    lines = []
    for line in stream.stdout.split(b"\n"):
        parts = line.split(b" ", 3)
        missing_blob = len(parts) == 4 and parts[0] == b"M" and parts[2].decode() in missing
        lines.append(b"D " + parts[3] if missing_blob else line)  # deleted, not kept at an older version
    done = subprocess.run(["git", "fast-import", "--force", "--quiet"], cwd=bare, input=b"\n".join(lines), capture_output=True)
    return "" if done.returncode == 0 else f"fast-import failed: {done.stderr.decode(errors='replace').strip()[:200]}"


def committed_at(path: Path) -> str:
    """The ISO time of the served commit (GitHub's `pushed_at`)."""
    out = git("log", "-1", "--format=%cI", "main", cwd=path).stdout.strip()
    return out[:19] + "Z" if out else "2024-01-01T00:00:00Z"


def world(accounts: list[dict[str, Any]], served: dict[str, Path]) -> World:
    """One stand-in user per account, owning the repositories that could be served."""
    users, repos = [], []
    for i, entry in enumerate(accounts):
        users.append(User(entry["login"], 81_000 + i))  # no profile name: only the login is known
        for j, repo in enumerate(entry["repos"]):
            path = served.get(repo["repo"])
            if path is not None:
                stamp = committed_at(path)
                repos.append(Repo(entry["login"], repo["repo"].split("/", 1)[1], 910_000 + 100 * i + j, git_path=path,
                                  size=100, language="Python", pushed_at=stamp, updated_at=stamp))
    return World(users=tuple(users), repos=tuple(repos))


def assess(login: str, standin: GitHubStandIn, python: str, cache: Path) -> tuple[dict[str, Any] | None, str]:
    """readiness's JSON report for one account through the stand-in, or None and the error."""
    env = dict(os.environ, READINESS_ALLOW_HTTP_LOOPBACK="1", READINESS_CACHE_DIR=str(cache), GH_TOKEN="", GITHUB_TOKEN="")
    cmd = [python, "-m", "readiness", "assess", login, "--api-url", standin.url, "--format", "json", "-q", "--jobs", "2"]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=HERE.parent, env=env)
    if done.returncode not in (0, 1, 5):
        return None, (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1][:200]
    try:
        return json.loads(done.stdout), ""
    except json.JSONDecodeError as exc:
        return None, f"no JSON: {exc}"


def main(argv: list[str] | None = None) -> int:
    """Serve every labelled account through the stand-in, assess it, and print the account figures."""
    args = arguments(__doc__, ACCOUNTS, "readiness-accounts", "login").parse_args(argv)
    accounts = [a for a in json.loads(args.labels.read_text()) if not args.only or a["login"] in args.only]
    args.work.mkdir(parents=True, exist_ok=True)
    served, skipped = {}, []
    for entry in accounts:
        for repo in entry["repos"]:
            path, why = served_copy(repo, args.mirrors, args.work)
            if path is None:
                skipped.append((repo["repo"], why))
            else:
                served[repo["repo"]] = path
    rows = []
    with tempfile.TemporaryDirectory(prefix="readiness-accounts-") as cache, GitHubStandIn(world(accounts, served)) as standin:
        for entry in accounts:
            report, why = assess(entry["login"], standin, args.python, Path(cache))
            if report is None:
                skipped.append((entry["login"], why))
                continue
            rows.append(compare(entry, report))
            keep(args.keep, entry["login"], report)
        errors = standin.server_errors()
    print(summarise(rows, show_rows=args.rows))
    for name, why in skipped:
        print(f"skipped {name}: {why}")
    for error in errors[:5]:
        print(f"stand-in error: {error}")
    return 0 if rows else 1


if __name__ == "__main__":
    raise SystemExit(main())
