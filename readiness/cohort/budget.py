"""One token's GitHub rate limit shared by every worker: the calls a cohort needs, the time that means, and a
scheduler-held budget each candidate draws from before it reads GitHub."""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from typing import Any

log = logging.getLogger("readiness.cohort")

PER_CANDIDATE = {"core": 2, "search": 2}
"""The single-account formula at its least: profile + one repository page (core); one merged-PR page + the issues search."""
PINS = {"graphql": 1}
"""With a token, the one GraphQL query for the pinned repositories (readiness.sources.storefront), on its own budget."""
WINDOWS = {"core": 3600, "search": 60, "graphql": 3600}
DEFAULT_LIMITS = {False: {"core": 60, "search": 10, "graphql": 0}, True: {"core": 5000, "search": 30, "graphql": 5000}}
"""GitHub's documented limits without and with a token, used when GET /rate_limit cannot be read."""
ASK_ABOVE = 3600.0
"""A run that would wait longer than this for the rate limit stops before it starts unless --yes."""
State = dict[str, list[float]]
"""resource -> [limit, remaining, reset epoch, window seconds]."""


@dataclass(frozen=True, slots=True)
class Plan:
    """What a cohort's GitHub candidates cost: calls per resource and the seconds the token's limits make that."""

    candidates: int
    calls: tuple[tuple[str, int], ...]
    seconds: float
    limits: tuple[tuple[str, int], ...]
    authenticated: bool

    @property
    def total_calls(self) -> int:
        """Every API call the plan counts."""
        return sum(n for _, n in self.calls)


def initial_state(limits: dict[str, tuple[int, int, int]] | None, authenticated: bool, now: float) -> State:
    """The budget as GitHub reports it (limit, remaining, reset), or GitHub's documented limits when not known."""
    state = {}
    for resource, window in WINDOWS.items():
        if limits and resource in limits:
            limit, remaining, reset = limits[resource]
        else:
            limit = remaining = DEFAULT_LIMITS[authenticated][resource]
            reset = int(now) + window
        state[resource] = [float(limit), float(remaining), float(reset), float(window)]
    return state


def wait_for(state: State, need: dict[str, int], now: float) -> float:
    """Seconds until NEED calls fit the budget, spending every window's full limit after each reset (a plan, no change)."""
    seconds = 0.0
    for resource, calls in need.items():
        limit, remaining, reset, window = state[resource]
        if calls <= remaining or limit <= 0:
            continue
        windows_after_reset = math.ceil((calls - remaining) / limit) - 1
        seconds = max(seconds, max(0.0, reset - now) + windows_after_reset * window)
    return seconds


def per_candidate(authenticated: bool) -> dict[str, int]:
    """The calls one GitHub candidate needs at least, by resource: the formula, plus the pins query with a token."""
    return {**PER_CANDIDATE, **(PINS if authenticated else {})}


def plan(candidates: int, state: State, authenticated: bool, now: float) -> Plan:
    """The calls CANDIDATES GitHub candidates need and how long the token's limits make them take."""
    need = {resource: n * candidates for resource, n in per_candidate(authenticated).items()}
    limits = tuple((resource, int(state[resource][0])) for resource in WINDOWS if resource in need)
    return Plan(candidates, tuple(need.items()), wait_for(state, need, now), limits, authenticated)


def duration(seconds: float) -> str:
    """A length of time in the largest unit that keeps it readable ('3.5 days', '40 min', 'no wait')."""
    if seconds < 1:
        return "no wait"
    for unit, size in (("days", 86400), ("hours", 3600), ("min", 60)):
        if seconds >= size * (2 if unit != "min" else 1):
            return f"{seconds / size:.1f} {unit}"
    return f"{seconds:.0f} s"


def describe(p: Plan) -> str:
    """The plan in one line: candidates, calls per resource, the limits and the time."""
    calls = ", ".join(f"{n:,} {resource}" for resource, n in p.calls)
    limits = ", ".join(f"{n:,}/{'hour' if WINDOWS[r] == 3600 else 'minute'} {r}" for r, n in p.limits)
    who = "with the token" if p.authenticated else "without a token"
    cost = "that fits the current limits" if p.seconds < 1 else f"that means {duration(p.seconds)} of waiting for the rate limit"
    return f"{p.candidates:,} GitHub candidates need at least {p.total_calls:,} API calls ({calls}); {who} ({limits}) {cost}"


def reserve(state: State, need: dict[str, int], now: float) -> float:
    """Take NEED calls from STATE (in place) and return 0, or change nothing and return the seconds to wait first."""
    for values in state.values():
        if now >= values[2]:  # a new window: the full limit again
            values[1], values[2] = values[0], now + values[3]
    short = [r for r, calls in need.items() if state[r][1] < calls and state[r][0] > 0]
    if short:
        return max(0.5, max(state[r][2] - now for r in short))
    for resource, calls in need.items():
        state[resource][1] -= calls
    return 0.0


class SharedBudget:
    """The budget held by the Dask scheduler (a Variable guarded by a Lock), so every worker draws from one token's limit."""

    def __init__(self, name: str) -> None:
        self.name = name

    def publish(self, state: State, client: Any) -> None:
        """Put the starting budget on the scheduler (from the client)."""
        from distributed import Variable

        Variable(self.name, client=client).set(state)

    def take(self, need: dict[str, int] = PER_CANDIDATE, poll: float = 30.0) -> float:
        """Block (in a task) until NEED calls are free, take them, and return the seconds waited."""
        from distributed import Lock, Variable

        waited = 0.0
        while True:
            with Lock(self.name):
                variable = Variable(self.name)
                state = {resource: list(values) for resource, values in variable.get().items()}
                wait = reserve(state, need, time.time())
                if not wait:
                    variable.set(state)
                    return waited
            log.info("GitHub budget used up: waiting %.0f s for the rate limit to reset", wait)
            time.sleep(min(wait, poll))
            waited += min(wait, poll)
