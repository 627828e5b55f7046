"""Counters of API traffic, read by the progress log, the sync summary and the benchmark."""

from __future__ import annotations

import time
from collections import Counter, deque
from dataclasses import dataclass, field


@dataclass
class RequestMetrics:
    by_kind: Counter[str] = field(default_factory=Counter)
    retries: int = 0
    rate_limited: int = 0
    server_errors: int = 0
    transport_errors: int = 0
    ambiguous_writes: int = 0
    reconciled_writes: int = 0
    _recent: deque[float] = field(default_factory=lambda: deque(maxlen=4096))

    def record(self, method: str, kind: str) -> None:
        self.by_kind[f"{method} {kind}"] += 1
        self._recent.append(time.monotonic())

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())

    def sent_within(self, seconds: float) -> int:
        now = time.monotonic()
        return sum(1 for t in self._recent if now - t <= seconds)

    def current_rate(self, window: float = 10.0) -> float:
        """Requests per second over the last `window` seconds."""
        now = time.monotonic()
        recent = [t for t in self._recent if now - t <= window]
        if len(recent) < 2:
            return 0.0
        return len(recent) / max(now - recent[0], 1e-3)
