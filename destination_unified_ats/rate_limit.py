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

    def close_for(self, seconds: float) -> None:
        self._open_at = max(self._open_at, time.monotonic() + seconds)

    async def wait(self) -> None:
        while (delay := self._open_at - time.monotonic()) > 0:
            await asyncio.sleep(delay)


class AdaptiveRateLimiter:
    """Token bucket of `rate` requests per second (burst of one second's worth at most)."""

    def __init__(self, max_rate: float | None) -> None:
        self.max_rate = max_rate
        self.rate = max_rate
        self._tokens = 1.0
        self._updated = time.monotonic()
        self._lock = asyncio.Lock()

    @property
    def enabled(self) -> bool:
        return self.rate is not None

    async def acquire(self) -> None:
        if self.rate is None:
            return
        async with self._lock:
            while True:
                now = time.monotonic()
                burst = max(1.0, self.rate)
                self._tokens = min(burst, self._tokens + (now - self._updated) * self.rate)
                self._updated = now
                if self._tokens >= 1.0:
                    self._tokens -= 1.0
                    return
                await asyncio.sleep((1.0 - self._tokens) / self.rate)

    def on_rate_limited(self) -> None:
        if self.rate is not None and self.max_rate is not None:
            self.rate = max(self.max_rate * 0.1, self.rate * 0.7)

    def on_success(self) -> None:
        if self.rate is not None and self.max_rate is not None and self.rate < self.max_rate:
            self.rate = min(self.max_rate, self.rate + self.max_rate * 0.02)
