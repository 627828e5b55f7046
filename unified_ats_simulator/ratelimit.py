"""Token bucket rate limiting and the `Retry-After` header in both of its HTTP forms."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from email.utils import formatdate

from unified_ats_simulator.knobs import RetryAfterFormat


class TokenBucket:
    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._tokens = float(burst)
        self._stamp = clock()

    def take(self) -> float:
        """Take one token. Returns 0.0 when allowed, else the seconds until a token is available."""
        if self.rate <= 0:
            return 0.0
        now = self._clock()
        self._tokens = min(float(self.burst), self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return 0.0
        return (1.0 - self._tokens) / self.rate


def retry_after_value(wait_seconds: float, fmt: RetryAfterFormat, now: float | None = None) -> str:
    """`Retry-After` as whole seconds (rounded up) or as an HTTP date that far in the future."""
    seconds = max(0, math.ceil(wait_seconds))
    if fmt == "http-date":
        return formatdate((time.time() if now is None else now) + seconds, usegmt=True)
    return str(seconds)
