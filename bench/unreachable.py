"""How fast `readiness assess LOGIN` gives up when GitHub is out of reach (goal: one line within 3 s, exit 3).

Prints, for a host name that never resolves (`.invalid`, RFC 6761) and a closed port on 127.0.0.1, the wall time
of each run (the whole CLI process, interpreter start-up included), its CPU time (user + system, which a busy
machine does not inflate), the exit code and the line it printed.
"""

from __future__ import annotations

import argparse
import os
import resource
import socket
import statistics
import subprocess
import sys
import time

GOAL_SECONDS = 3.0


def closed_port() -> int:
    """A port on 127.0.0.1 nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def main() -> None:
    """Run each case --runs times and print the times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    env = {**os.environ, "GH_TOKEN": "", "GITHUB_TOKEN": ""}
    cases = {"unresolvable host": "https://api.readiness-bench.invalid", "closed port": f"http://127.0.0.1:{closed_port()}"}
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'case':<20} {'median s':>9} {'max s':>7} {'CPU s':>6}  exit  line")
    for label, url in cases.items():
        times, cpu, last = [], [], None
        for _ in range(args.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.monotonic()
            last = subprocess.run([sys.executable, "-m", "readiness", "assess", "someuser", "--api-url", url],
                                  capture_output=True, text=True, env=env, timeout=120)
            times.append(time.monotonic() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        assert last is not None
        verdict = "met" if max(times) <= GOAL_SECONDS else "NOT met"
        lines = last.stderr.strip().splitlines()
        print(f"{label:<20} {statistics.median(times):>9.2f} {max(times):>7.2f} {statistics.median(cpu):>6.2f}  {last.returncode:>4}  "
              f"{lines[-1] if lines else ''} ({len(lines)} line(s); goal {GOAL_SECONDS:g} s: {verdict})")


if __name__ == "__main__":
    main()
