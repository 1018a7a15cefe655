"""Scripted failures a test can inject into the stand-in's responses."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Literal

FaultKind = Literal["rate_limit_403", "rate_limit_429", "secondary_403", "server_500", "hang", "malformed_json"]
FAULT_KINDS: tuple[str, ...] = ("rate_limit_403", "rate_limit_429", "secondary_403", "server_500", "hang",
                                "malformed_json")

PRIMARY_MESSAGE_ANON = (
    "API rate limit exceeded for {ip}. (But here's the good news: Authenticated requests get a higher "
    "rate limit. Check out the documentation for more details.)"
)
PRIMARY_MESSAGE_AUTH = "API rate limit exceeded for user ID {user_id}."
PRIMARY_DOCS = ("https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"
                "#about-primary-rate-limits")
SECONDARY_MESSAGE = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
SECONDARY_DOCS = ("https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api"
                  "#about-secondary-rate-limits")


@dataclass
class Fault:
    """One scripted failure: requests whose path matches `pattern` get `kind`, `times` times."""

    pattern: re.Pattern[str]
    kind: str
    times: int
    reset_in: int
    hang_seconds: float
    retry_after: int | None
    method: str | None
    hits: int = 0


class FaultBook:
    """Thread-safe list of pending faults; the first matching one with budget left fires."""

    def __init__(self) -> None:
        """Start with no faults."""
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> Fault:
        """Register a fault and return it (its `hits` counts how often it fired)."""
        if fault.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {fault.kind!r}; expected one of {FAULT_KINDS}")
        if fault.times < 1:
            raise ValueError("times must be >= 1")
        with self._lock:
            self._faults.append(fault)
        return fault

    def take(self, method: str, path: str) -> Fault | None:
        """The fault for this request, if any, spending one of its `times`."""
        with self._lock:
            for fault in self._faults:
                if fault.hits >= fault.times:
                    continue
                if fault.method and fault.method.upper() != method.upper():
                    continue
                if fault.pattern.search(path):
                    fault.hits += 1
                    return fault
        return None

    def clear(self) -> None:
        """Forget every fault."""
        with self._lock:
            self._faults.clear()

    def pending(self) -> int:
        """How many scripted failures have not fired yet."""
        with self._lock:
            return sum(f.times - f.hits for f in self._faults)
