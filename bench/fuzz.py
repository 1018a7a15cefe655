"""Fuzz the parsers with the property tests' strategies: 10,000+ generated cases, zero exceptions expected.

Run: .venv/bin/python bench/fuzz.py [--cases 10500] [--seed 1]
Prints, per target, the cases run, the exceptions that escaped (each a bug) and cases/s, then the totals and peak RSS.
Not a test: the figures depend on the machine (tests/test_properties.py runs the same properties on a small profile).
"""

from __future__ import annotations

import argparse
import logging
import resource
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, seed as fixed_seed, settings  # noqa: E402

from tests.properties import CONFIG, FILES, LOADERS, config_is_read_or_refused, file_becomes_facts, loader_never_raises_else  # noqa: E402


def targets() -> list[tuple[str, object, object]]:
    """(name, strategy, property) for every parser the facts stage runs, and the configuration file."""
    out = [(f"load_{kind}", strategy, lambda text, loader=loader: loader_never_raises_else(loader, text)) for kind, (loader, strategy) in LOADERS.items()]
    out += [(path, strategy, lambda content, path=path: file_becomes_facts(path, content)) for path, strategy in FILES.items()]
    out.append((".readiness.toml", CONFIG, config_is_read_or_refused))
    return out


def run(name: str, strategy, prop, cases: int, seed: int) -> tuple[int, list[str], float]:
    """Run PROP on CASES examples; return (cases run, escaped exceptions, seconds). Failures are collected, not shrunk."""
    count, failures = [0], []

    def body(value) -> None:
        count[0] += 1
        try:
            prop(value)
        except Exception as exc:  # an escaped exception is a finding: keep its first frame and go on
            failures.append(f"{type(exc).__name__}: {str(exc)[:120]} <- {traceback.extract_tb(exc.__traceback__)[-1].filename}")

    test = settings(max_examples=cases, deadline=None, database=None, derandomize=False,
                    suppress_health_check=list(HealthCheck))(given(strategy)(body))
    start = time.perf_counter()
    fixed_seed(seed)(test)()
    return count[0], failures, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=10_500, help="total cases, shared among the targets (default 10,500)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    logging.getLogger("traitlets").setLevel(logging.CRITICAL)  # nbformat logs each malformed v3 notebook it refuses
    chosen = targets()
    per = max(1, args.cases // len(chosen))
    total, escaped, seconds = 0, 0, 0.0
    print(f"{'target':<28} {'cases':>7} {'escaped':>8} {'cases/s':>9}")
    for name, strategy, prop in chosen:
        count, failures, took = run(name, strategy, prop, per, args.seed)
        total, escaped, seconds = total + count, escaped + len(failures), seconds + took
        print(f"{name:<28} {count:>7} {len(failures):>8} {count / took:>9.0f}")
        for line in sorted(set(failures))[:5]:
            print(f"    {line}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'total':<28} {total:>7} {escaped:>8} {total / seconds:>9.0f}   ({seconds:.1f} s, peak RSS {rss:.0f} MB)")
    sys.exit(1 if escaped else 0)


if __name__ == "__main__":
    main()
