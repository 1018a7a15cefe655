"""A pool of worker processes that survives its workers: one that dies or hits a limit fails only its own task and
is replaced, and every other task still runs."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Iterator

from readiness.pipeline.limits import Limits, death_reason, limit_process, overrun, process_cpu, run_limited

POLL_SECONDS = 1.0


def _serve(conn: Connection, limits: Limits, initializer: Callable[..., None], initargs: tuple, work: Callable[[Any], Any]) -> None:
    """A worker's loop: take (key, task), send back (key, result, None) or (key, None, reason); stop at None or EOF."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops the workers
    threading.Thread(target=_orphaned, args=(os.getppid(),), daemon=True).start()
    limit_process(limits)
    initializer(*initargs)
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if item is None:
            return
        key, task = item
        try:
            result, reason = run_limited(work, task, limits=limits)
            reply = (key, result, reason)
        except Exception as exc:  # a bug in the work: that task fails, the worker goes on
            reply = (key, None, f"failed: {type(exc).__name__}: {exc}"[:300])
        try:
            conn.send(reply)
        except (MemoryError, ValueError, TypeError) as exc:  # the result could not be pickled within the limits
            conn.send((key, None, f"its result could not be returned: {type(exc).__name__}"))
        except OSError:
            return


def _orphaned(parent: int) -> None:
    """End this worker as soon as its parent is gone (killed with -9, say): nobody would read its results.

    Waiting for EOF on the pipe is not enough: forked siblings hold copies of its other end."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


@dataclass(eq=False)
class _Worker:
    """One worker process, its end of the pipe and the tasks sent to it: the first is running, a second waits in the
    pipe so that the worker starts it as soon as it has sent the first's result."""

    process: Any
    conn: Connection
    sent: deque = field(default_factory=deque)
    """(key, task) of the tasks sent and not yet answered, the running one first."""
    started: float = 0.0
    cpu_at_start: float | None = None

    @property
    def key(self) -> Any:
        """The key of the running task (None when idle)."""
        return self.sent[0][0] if self.sent else None


def safe_context() -> Any:
    """fork when this process has no other threads (fast), else spawn (safe: a progress bar's thread may hold a lock)."""
    method = "fork" if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


class Pool:
    """Worker processes running `work(task)` under LIMITS, each started with `initializer(*initargs)`.

    CONTEXT None chooses fork or spawn each time a worker starts (`safe_context`): a replacement may start while
    another thread runs."""

    def __init__(self, size: int, context: Any, limits: Limits, initializer: Callable[..., None], initargs: tuple,
                 work: Callable[[Any], Any]) -> None:
        self.size = size
        self.context = context
        self.limits = limits
        self.spec = (initializer, initargs, work)
        self.workers: list[_Worker] = []
        self.replaced = 0

    def _start(self) -> _Worker:
        """A new worker process."""
        context = self.context or safe_context()
        parent, child = context.Pipe()
        process = context.Process(target=_serve, args=(child, self.limits, *self.spec), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def _stop(self, worker: _Worker, kill: bool = False) -> None:
        """End a worker process and close its pipe."""
        if kill and worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.conn.close()

    def _replace(self, worker: _Worker, queue: deque, kill: bool = False) -> None:
        """Swap a dead or stopped worker for a new one; the tasks that waited behind its running one go back to the
        front of QUEUE, in their order (they never started)."""
        self._stop(worker, kill)
        queue.extendleft(reversed(list(worker.sent)[1:]))
        self.workers[self.workers.index(worker)] = self._start()
        self.replaced += 1

    def run(self, tasks: list[tuple[Any, Any]], started: Callable[[], object] | None = None) -> Iterator[tuple[Any, Any, str | None]]:
        """Yield (key, result, None) for each (key, task) as it completes, or (key, None, reason) when it failed;
        STARTED, when given, runs here once the workers have their first tasks (work that would otherwise wait)."""
        queue = deque(tasks)
        self.workers = [self._start() for _ in range(min(self.size, len(queue)))]
        try:
            while queue or any(w.sent for w in self.workers):
                yield from self._assign(queue)
                if started is not None:
                    started, call = None, started
                    call()
                busy = [w for w in self.workers if w.sent]
                ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=POLL_SECONDS)
                finished = [item for worker in busy for item in self._collect(worker, ready, queue)]
                yield from self._assign(queue)  # a worker has its next task before this process handles the results
                yield from finished
        finally:
            for worker in self.workers:
                try:
                    worker.conn.send(None)
                except OSError:
                    pass
            for worker in self.workers:
                self._stop(worker, kill=bool(worker.sent))

    def _assign(self, queue: deque) -> Iterator[tuple[Any, Any, str | None]]:
        """Give each idle worker the next task, then, while more tasks wait than there are workers, a second one to
        each worker to start when it is done (none near the end, where it could wait behind a long task while another
        worker is idle); a worker that cannot take a task is replaced."""
        for depth in (1, 2):
            for worker in list(self.workers):
                if len(worker.sent) >= depth or not queue or (depth == 2 and len(queue) <= len(self.workers)):
                    continue
                item = queue.popleft()
                key = item[0]
                try:
                    worker.conn.send(item)
                except OSError:
                    reason = death_reason(worker.process.exitcode, self.limits)
                    if worker.sent:  # its running task failed with it; this one was never started
                        queue.appendleft(item)
                        key = worker.sent[0][0]
                    self._replace(worker, queue, kill=True)
                    yield key, None, reason
                    continue
                worker.sent.append(item)
                if len(worker.sent) == 1:
                    self._begin(worker)

    def _begin(self, worker: _Worker) -> None:
        """Start the clock of the worker's running task (its limits count from here)."""
        worker.started, worker.cpu_at_start = time.monotonic(), process_cpu(worker.process.pid)

    def _collect(self, worker: _Worker, ready: list, queue: deque) -> Iterator[tuple[Any, Any, str | None]]:
        """A finished task's result, a dead worker's task as failed, or an overrunning worker stopped; the tasks that
        waited behind a failed one go back to the front of QUEUE."""
        key = worker.key
        if worker.conn in ready:
            try:
                _, result, reason = worker.conn.recv()
            except (EOFError, OSError):  # it died while sending
                worker.process.join(timeout=5)
                reason, result = death_reason(worker.process.exitcode, self.limits), None
                self._replace(worker, queue)
            else:
                worker.sent.popleft()
                if worker.sent:
                    self._begin(worker)
            yield key, result, reason
        elif worker.process.sentinel in ready or not worker.process.is_alive():
            worker.process.join(timeout=5)
            reason = death_reason(worker.process.exitcode, self.limits)
            self._replace(worker, queue)
            yield key, None, reason
        elif (reason := overrun(worker.process.pid, worker.cpu_at_start, worker.started, self.limits)) is not None:
            self._replace(worker, queue, kill=True)
            yield key, None, reason
