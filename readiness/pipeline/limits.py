"""Limits on one repository's work: address space per worker process, CPU time per repository.

Any pool can use them (the worker pool here, a Dask worker): call `limit_process` once in each worker process,
then run each repository with `run_limited`, which turns a limit reached into a reason instead of an exception.
A worker that dies outright (killed, crashed) is the pool's to notice: `death_reason` words its exit code."""

from __future__ import annotations

import os
import resource
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator, TypeVar

T = TypeVar("T")

DEFAULT_MEMORY_MB = 2048
DEFAULT_CPU_SECONDS = 120.0


@dataclass(frozen=True, slots=True)
class Limits:
    """Address space per worker process (MB) and CPU time per repository (seconds); 0 means no limit."""

    memory_mb: int = DEFAULT_MEMORY_MB
    cpu_seconds: float = DEFAULT_CPU_SECONDS

    @property
    def active(self) -> bool:
        """Whether any limit is set."""
        return bool(self.memory_mb or self.cpu_seconds)


NO_LIMITS = Limits(0, 0)


class LimitExceeded(BaseException):
    """A repository's work reached a limit. A BaseException, so no check's `except Exception` can swallow it."""


def limit_process(limits: Limits) -> None:
    """Cap this process's address space at LIMITS.memory_mb (call once, in a worker process, never in the parent)."""
    if not limits.memory_mb:
        return
    cap = limits.memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def cpu_used() -> float:
    """CPU seconds this process has used (user and system)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _raise_cpu(signum: int, frame: Any) -> None:
    raise LimitExceeded("CPU time limit reached")


@contextmanager
def task_limits(limits: Limits) -> Iterator[None]:
    """Run the body with at most LIMITS.cpu_seconds more CPU time: the kernel's SIGXCPU raises LimitExceeded.

    Signals reach only the main thread: elsewhere (a Dask task thread) the body runs without a CPU limit, and the
    pool must stop an overrunning worker itself (see `overrun`)."""
    if not limits.cpu_seconds or threading.current_thread() is not threading.main_thread():
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    target = int(cpu_used() + limits.cpu_seconds) + 1
    if hard != resource.RLIM_INFINITY:
        target = min(target, hard)
    previous = signal.signal(signal.SIGXCPU, _raise_cpu)
    resource.setrlimit(resource.RLIMIT_CPU, (target, hard))
    try:
        yield
    finally:
        signal.signal(signal.SIGXCPU, signal.SIG_IGN)  # a signal already on its way must not escape the task
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
        signal.signal(signal.SIGXCPU, previous)


def run_limited(fn: Callable[..., T], *args: Any, limits: Limits) -> tuple[T | None, str | None]:
    """(FN(*ARGS), None), or (None, the reason) when the work reached a limit or ran out of memory."""
    start = cpu_used()
    try:
        with task_limits(limits):
            return fn(*args), None
    except LimitExceeded:
        return None, f"stopped after {cpu_used() - start:.0f} s of CPU time (limit {limits.cpu_seconds:g} s)"
    except MemoryError:
        cap = f" (limit {limits.memory_mb} MB per worker)" if limits.memory_mb else ""
        return None, f"ran out of memory{cap}"


def death_reason(exitcode: int | None, limits: Limits) -> str:
    """Why a worker process ended while assessing a repository, from its exit code."""
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name if -exitcode in signal.valid_signals() else f"signal {-exitcode}"
        if -exitcode == signal.SIGKILL:
            return f"its worker process was killed ({name}), most likely for using too much memory"
        if -exitcode == signal.SIGXCPU:
            return f"its worker process reached the CPU time limit ({limits.cpu_seconds:g} s)"
        return f"its worker process died ({name})"
    return f"its worker process exited unexpectedly (status {exitcode})"


def process_cpu(pid: int) -> float | None:
    """CPU seconds another process has used, from /proc (None where there is no /proc)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def overrun(pid: int, cpu_at_start: float | None, started: float, limits: Limits, grace: float = 10.0) -> str | None:
    """The reason to stop a worker whose task is past its CPU limit (and the in-worker signal did not stop it), else None.

    Measured from /proc where it exists; elsewhere the wall clock, with room for a busy machine."""
    if not limits.cpu_seconds:
        return None
    now = process_cpu(pid)
    if now is not None and cpu_at_start is not None:
        used = now - cpu_at_start
        return f"stopped after {used:.0f} s of CPU time (limit {limits.cpu_seconds:g} s)" if used > limits.cpu_seconds + grace else None
    elapsed = time.monotonic() - started
    return f"stopped after {elapsed:.0f} s (limit {limits.cpu_seconds:g} s of CPU time)" if elapsed > 3 * limits.cpu_seconds + grace else None
