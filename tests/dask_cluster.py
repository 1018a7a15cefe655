"""A real Dask cluster for tests: `dask scheduler` and `dask worker` processes from this venv on 127.0.0.1, free ports,
each in its own process group so a test can kill one worker (nanny and all) and teardown always stops everything."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

DASK = Path(sys.executable).with_name("dask")


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    """Until PORT accepts connections; fail early when PROCESS died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dask scheduler exited with {process.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"dask scheduler did not listen on {port}")


class DaskCluster:
    """One scheduler and N single-threaded workers, started with ENV (inherited by every task they run)."""

    def __init__(self, workers: int, env: dict[str, str], logs: Path) -> None:
        self.port = free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.env, self.logs, self.count = env, logs, workers
        self.scheduler: subprocess.Popen | None = None
        self.workers: list[subprocess.Popen] = []

    def _spawn(self, args: list[str], name: str) -> subprocess.Popen:
        """A dask process in a new session, its output in the logs folder."""
        self.logs.mkdir(parents=True, exist_ok=True)
        with open(self.logs / f"{name}.log", "wb") as log:
            return subprocess.Popen([str(DASK), *args], env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                    start_new_session=True, cwd=self.logs)

    def start(self) -> DaskCluster:
        """Start the scheduler, then the workers, and wait until every worker has registered."""
        self.scheduler = self._spawn(["scheduler", "--host", "127.0.0.1", "--port", str(self.port), "--no-dashboard"], "scheduler")
        _wait_for_port(self.port, self.scheduler)
        for i in range(self.count):
            self.workers.append(self._spawn(["worker", self.address, "--host", "127.0.0.1", "--nthreads", "1",
                                             "--no-dashboard", "--name", f"w{i}", "--death-timeout", "30"], f"worker-{i}"))
        self.wait_for_workers(self.count)
        return self

    def wait_for_workers(self, n: int, timeout: float = 90) -> None:
        """Until N workers are registered with the scheduler."""
        from distributed import Client

        with Client(self.address, timeout="30s", set_as_default=False) as client:
            client.wait_for_workers(n, timeout=timeout)

    def kill_worker(self, index: int) -> None:
        """SIGKILL a worker's whole process group (the nanny and the worker process it runs)."""
        os.killpg(self.workers[index].pid, signal.SIGKILL)
        self.workers[index].wait(timeout=30)

    def stop(self) -> None:
        """Terminate every process group, then kill whatever is left."""
        processes = [*self.workers, *([self.scheduler] if self.scheduler else [])]
        for process in processes:
            _signal(process, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            _signal(process, signal.SIGKILL)
            process.wait(timeout=10)

    def __enter__(self) -> DaskCluster:
        """Start the cluster (stopping it again if it does not come up)."""
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc: object) -> None:
        """Stop the cluster."""
        self.stop()


def _signal(process: subprocess.Popen, sig: signal.Signals) -> None:
    """Send SIG to PROCESS's group, if it still exists."""
    try:
        os.killpg(process.pid, sig)
    except (ProcessLookupError, PermissionError):
        pass
