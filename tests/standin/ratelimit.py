"""Primary rate-limit buckets per identity and resource, as GitHub keeps them."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

# (limit unauthenticated, limit authenticated, window seconds)
DEFAULT_LIMITS: dict[str, tuple[int, int, int]] = {
    "core": (60, 5000, 3600),
    "search": (10, 30, 60),
    "graphql": (0, 5000, 3600),
    "code_search": (0, 10, 60),
    "integration_manifest": (5000, 5000, 3600),
}


@dataclass
class Bucket:
    """One resource's budget for one identity."""

    limit: int
    window: int
    used: int = 0
    reset: int = 0

    def refresh(self, now: float) -> None:
        """Start a new window when the current one has expired."""
        if now >= self.reset:
            self.used = 0
            self.reset = int(now) + self.window

    @property
    def remaining(self) -> int:
        """Requests left in this window."""
        return max(0, self.limit - self.used)

    def snapshot(self) -> dict[str, int]:
        """{limit, remaining, reset, used} as the API reports them."""
        return {"limit": self.limit, "remaining": self.remaining, "reset": self.reset, "used": self.used}


class RateLimiter:
    """Thread-safe buckets keyed by (identity, resource); identity is a token or `None`."""

    def __init__(self, limits: dict[str, tuple[int, int, int]] | None = None) -> None:
        """Use GitHub's documented limits unless `limits` overrides them."""
        self._limits = dict(DEFAULT_LIMITS if limits is None else limits)
        self._buckets: dict[tuple[str | None, str], Bucket] = {}
        self._lock = threading.Lock()

    def _bucket(self, identity: str | None, resource: str, now: float) -> Bucket:
        """Get or create a bucket (caller holds the lock)."""
        key = (identity, resource)
        bucket = self._buckets.get(key)
        if bucket is None:
            anon, auth, window = self._limits[resource]
            bucket = self._buckets[key] = Bucket(limit=auth if identity else anon, window=window)
        bucket.refresh(now)
        return bucket

    def consume(self, identity: str | None, resource: str) -> tuple[bool, dict[str, int]]:
        """Spend one request; return (allowed, snapshot after spending)."""
        with self._lock:
            bucket = self._bucket(identity, resource, time.time())
            if bucket.remaining <= 0:
                return False, bucket.snapshot()
            bucket.used += 1
            return True, bucket.snapshot()

    def peek(self, identity: str | None, resource: str) -> dict[str, int]:
        """Current snapshot without spending."""
        with self._lock:
            return self._bucket(identity, resource, time.time()).snapshot()

    def overview(self, identity: str | None) -> dict[str, dict[str, int]]:
        """Snapshots of every resource for `GET /rate_limit`."""
        return {name: self.peek(identity, name) for name in self._limits}

    def set_remaining(self, identity: str | None, resource: str, remaining: int,
                      reset_in: int | None = None) -> None:
        """Force a bucket's remaining count (and optionally its reset time) for a test."""
        with self._lock:
            now = time.time()
            bucket = self._bucket(identity, resource, now)
            bucket.used = max(0, bucket.limit - remaining)
            if reset_in is not None:
                bucket.reset = int(now) + reset_in
