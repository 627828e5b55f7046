"""Request pacing shared by every in-flight request of one connection.

Two mechanisms: a `Retry-After` gate (after a 429 nobody sends until the window ends) and an optional
token bucket whose rate adapts down on 429 and creeps back up on success (AIMD).
"""

from __future__ import annotations

import asyncio
import time


class RetryAfterGate:
    def __init__(self) -> None:
        self._open_at = 0.0

    def remaining(self) -> float:
        """Seconds until the window ends (0 when open)."""
        return max(0.0, self._open_at - time.monotonic())

    def close_for(self, seconds: float) -> None:
        self._open_at = max(self._open_at, time.monotonic() + seconds)

    async def wait(self) -> None:
        while (delay := self._open_at - time.monotonic()) > 0:
            await asyncio.sleep(delay)


class AdaptiveRateLimiter:
    """Requests spaced at `rate` per second (a token bucket of one token: no bursts a provider could punish).

    With a configured rate it starts there; without one it is off until the first 429, then starts at 70%
    of the requests sent in the second before it. Either way 429s cut the rate by 30% (at most once a second: a burst
    of 429s is one signal) and each success adds a little back (AIMD), never above the configured rate.
    """

    def __init__(self, max_rate: float | None) -> None:
        self.max_rate = max_rate
        self.rate = max_rate
        self._tokens = 1.0
        self._updated = time.monotonic()
        self._last_cut = 0.0
        self._last_raise = 0.0
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        if self.rate is None:
            return
        async with self._lock:
            now = time.monotonic()
            self._tokens = min(1.0, self._tokens + (now - self._updated) * self.rate)  # idle: no burst saved up
            self._updated = now
            while self._tokens < 1.0:
                await asyncio.sleep((1.0 - self._tokens) / self.rate)
                now = time.monotonic()
                # Time slept past the wake-up is credit for the next request, not lost: the rate holds on a busy loop.
                self._tokens += (now - self._updated) * (self.rate or 0.0)
                self._updated = now
            self._tokens = min(self._tokens, 1.5) - 1.0  # at most half an interval of credit: never a burst

    def on_rate_limited(self, observed_rate: float) -> None:
        now = time.monotonic()
        if now - self._last_cut < 1.0:
            return  # the 429s of one burst are one signal, not one each
        self._last_cut = now
        if self.rate is None:
            self.rate = max(1.0, observed_rate * 0.7)
            return
        floor = self.max_rate * 0.1 if self.max_rate is not None else 0.5
        self.rate = max(floor, self.rate * 0.7)

    def on_success(self) -> None:
        """Additive increase: at most once a second, 5% of the rate (0.5 request/s at least)."""
        if self.rate is None:
            return
        now = time.monotonic()
        if now - max(self._last_cut, self._last_raise) < 1.0:
            return
        self._last_raise = now
        raised = self.rate + max(0.5, self.rate * 0.05)
        self.rate = raised if self.max_rate is None else min(self.max_rate, raised)
