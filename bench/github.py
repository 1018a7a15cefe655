"""The GitHub path of the benchmark: `assess USERNAME` against the test stand-in, with API calls and bytes cloned."""

from __future__ import annotations

import datetime
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.standin import GitHubStandIn, IssueOrPR, Repo, User, World

LOGIN = "bench-learner"


def world(paths: list[Path], merged_prs: int = 40) -> World:
    """A user owning PATHS (served over git smart HTTP) with MERGED_PRS merged pull requests elsewhere."""
    start = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    repos = tuple(
        Repo(LOGIN, path.name, 900_000 + i, git_path=path, size=100, pushed_at=(start + datetime.timedelta(days=i % 300)).strftime("%Y-%m-%dT%H:%M:%SZ"))
        for i, path in enumerate(paths)
    )
    stamp = (start + datetime.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M:%SZ")
    items = tuple(
        IssueOrPR(f"upstream-org/library-{i % 7}", 100 + i, f"Fix edge case {i}", LOGIN, 5_000 + i, merged_at=stamp, closed_at=stamp, created_at=stamp)
        for i in range(merged_prs)
    )
    return World(users=(User(LOGIN, 77_000, name="Bench Learner", email="bench@example.com"),), repos=repos, items=items)


def run(paths: list[Path], measure, base_env: dict[str, str], jobs: int) -> dict:
    """Assess the account twice (empty clone cache, then warm) and print wall time, API calls and bytes cloned."""
    disk = sum(f.stat().st_size for p in paths for f in (p / ".git").rglob("*") if f.is_file())
    with tempfile.TemporaryDirectory(prefix="readiness-bench-gh-") as home, GitHubStandIn(world(paths)) as standin:
        env = dict(base_env, READINESS_ALLOW_HTTP_LOOPBACK="1", READINESS_CACHE_DIR=home, GH_TOKEN="", GITHUB_TOKEN="")
        args = ["assess", LOGIN, "--api-url", standin.url, "--format", "json", "--jobs", str(jobs)]
        rows = []
        for label in ("first run (clones)", "second run (warm)"):
            standin.clear_log()
            result = measure(args, env)
            rows.append((label, result, len(standin.api_calls()), standin.git_bytes_sent()))
    print(f"\n== github-{len(paths)}: assess {LOGIN} against the stand-in, {len(paths)} repositories ({disk / 1e6:.1f} MB of .git on disk)")
    for label, result, calls, sent in rows:
        stages = " ".join(f"{k}={v:.2f}s" for k, v in sorted(result["stages"].items()) if isinstance(v, (int, float)))
        print(f"{label:<28} wall {result['wall']:7.2f}s  cpu {result['cpu']:7.2f}s  peak RSS {result['rss_mb']:6.0f} MB  "
              f"API calls {calls:4d}  bytes cloned {sent / 1e6:7.2f} MB")
        print(f"{'':<28} stages: {stages or '(none reported)'}")
    return {"name": f"github-{len(paths)}", "rss_mb": rows[0][1]["rss_mb"]}
