"""Where one message's time goes: stages timed into the response's Server-Timing header.

The header carries durations only (no text, no ids); `scripts/profile_message.py` reads it to
break a message's time down (README, "Where the time goes").
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from contextvars import ContextVar

_current: ContextVar[dict[str, float] | None] = ContextVar("stage_timings", default=None)


def collect() -> dict[str, float]:
    """Start timing the stages of the current request; returns the dict they fill (ms)."""
    timings: dict[str, float] = {}
    _current.set(timings)
    return timings


@contextlib.contextmanager
def stage(name: str) -> Iterator[None]:
    """Time a stage (added up if it runs twice); nothing is kept outside a timed request."""
    timings = _current.get()
    started = time.perf_counter()
    try:
        yield
    finally:
        if timings is not None:
            timings[name] = timings.get(name, 0.0) + (time.perf_counter() - started) * 1000


def record(name: str, *, since: float) -> None:
    """Record a stage that began at `since` (time.perf_counter()) and ends now."""
    timings = _current.get()
    if timings is not None:
        timings[name] = timings.get(name, 0.0) + (time.perf_counter() - since) * 1000


def server_timing(timings: dict[str, float]) -> str:
    return ", ".join(f"{name};dur={ms:.1f}" for name, ms in timings.items())
