"""Scoring benchmark: the sample portfolio copied to about 1,000 repositories, then portfolio scores and guidance
(role scores, ranked gaps with their what-ifs, each repository's biggest gap, advice), timed and printed.

    .venv/bin/python bench/scoring.py [--copies 56]
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace


def main() -> None:
    """Print the time to score and to advise a portfolio of N copies of the sample's repositories."""
    from readiness.advice.rules import with_guidance
    from readiness.pipeline.assess import assess
    from readiness.pipeline.config import Config
    from readiness.scoring.gaps import rescore_all
    from readiness.sources.samples import sample_sources

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=56)
    args = parser.parse_args()
    candidate, sources = sample_sources()
    report = assess(sources, Config(), "sample", candidate=candidate.person)
    copies = [replace(r, name=f"{r.name}-{k}", findings=tuple(replace(f, repo=f"{r.name}-{k}") for f in r.findings))
              for k in range(args.copies) for r in report.repos]
    big = replace(report, repos=tuple(copies), repo_scores=())
    start = time.perf_counter()
    scored = rescore_all(big)
    middle = time.perf_counter()
    with_guidance(scored, None, Config().background, Config().degree)
    end = time.perf_counter()
    print(f"{len(copies)} repositories: portfolio scores {middle - start:.2f} s; guidance (roles, gaps, "
          f"per-repository gaps, advice) {end - middle:.2f} s")


if __name__ == "__main__":
    main()
