"""Storefront benchmark (issue 25): API calls and time of `readiness assess LOGIN` with and without a token, and what
reading the storefront itself costs (the pins query, the profile README).

    .venv/bin/python bench/storefront.py            # --runs N (default 3)

A stand-in account owns six sample repositories and a profile repository and pins three of them (the strong persona
of tests/test_storefront.py that pins its tutorials). Each assessment runs in this process against the stand-in, from
a warm clone cache after a first run, so the figures are readiness's own work, not cloning.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]  # bench/github.py would hide PyGithub
sys.path.insert(0, str(HERE.parent))

from readiness.pipeline.config import Config  # noqa: E402
from readiness.sources.github import GitHubClient, RetryPolicy  # noqa: E402
from readiness.sources.storefront import read_pins  # noqa: E402
from tests.factories import make_repo  # noqa: E402
from tests.standin import GitHubStandIn, Repo, User, World  # noqa: E402

TOKEN = "ghp_storefrontBenchToken0123456789abcdefXYZ"
NAMES = ("churn-model", "digits-space", "tinystats", "titanic-notebooks", "sentiment-course", "ml-project-template")
PINNED = ("titanic-notebooks", "sentiment-course", "ml-project-template")
README = ("# Ada\n\nI'm a machine learning engineer working in Python, scikit-learn, FastAPI and Docker.\n\n"
          "- [churn-model](https://github.com/ada-learner/churn-model)\n- [digits-space](https://github.com/ada-learner/digits-space)\n")


def world(tmp: Path) -> World:
    """The benchmark account."""
    from readiness.sources.samples import load_personas, sample_sources

    candidate = load_personas()[0]
    paths = {s.name: s.path for s in sample_sources()[1]}
    repos = [Repo(candidate.login, n, 900 + i, fork=n == "ml-project-template", git_path=paths[n],
                  pushed_at=f"2026-06-{1 + i:02d}T00:00:00Z") for i, n in enumerate(NAMES)]
    repos.append(Repo(candidate.login, candidate.login, 899, git_path=make_repo(tmp / "profile", {"README.md": README}),
                      pushed_at="2026-07-01T00:00:00Z"))
    user = User(candidate.login, candidate.github_id, name=candidate.name, email=candidate.email,
                pinned=tuple(f"{candidate.login}/{n}" for n in PINNED))
    return World(users=(user,), repos=tuple(repos))


def main() -> None:
    """Print calls by route and timings."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="readiness-storefront-"))
    os.environ.setdefault("READINESS_CACHE_DIR", str(tmp / "cache"))
    os.environ["READINESS_ALLOW_HTTP_LOOPBACK"] = "1"
    from readiness.pipeline.github import run_github

    with GitHubStandIn(world(tmp)) as standin:
        for token in (TOKEN, None):
            walls = []
            for _ in range(args.runs + 1):  # the first run fills the clone cache
                standin.clear_log()
                start = time.perf_counter()
                run_github(("ada-learner",), {"api_url": standin.url, "token": token}, Config(jobs=1))
                walls.append(time.perf_counter() - start)
            routes: dict[str, int] = {}
            for call in standin.api_calls():
                routes[call.route or call.path] = routes.get(call.route or call.path, 0) + 1
            label = "with a token" if token else "without a token"
            print(f"assess {label}: {len(standin.api_calls())} API calls {routes}; warm wall median "
                  f"{statistics.median(walls[1:]):.2f} s (first run {walls[0]:.2f} s)")
        times = []
        for _ in range(20):  # a fresh client each time, as in an assessment (PyGithub spaces POSTs a second apart)
            client = GitHubClient(standin.url, TOKEN, RetryPolicy(throttle=None))
            start = time.perf_counter()
            store, _ = read_pins(client, "ada-learner")
            times.append(time.perf_counter() - start)
            client.close()
        print(f"pins query: {len(store.pins or ())} pins, median {statistics.median(times) * 1000:.1f} ms over 20 "
              f"(the stand-in executes it against GitHub's schema with graphql-core)")


if __name__ == "__main__":
    main()
