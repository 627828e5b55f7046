"""A bounded request log: counters always, full entries up to a cap (benchmarks send 100k+ requests)."""

from __future__ import annotations

import dataclasses
import threading
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any

DEFAULT_ENTRY_CAP = 10_000

# Outcomes of a request, as logged.
OK = "ok"
ERROR = "error"  # a 4xx/5xx answered by the API (validation, auth, not found, ...)
FAULT = "fault"  # a scripted or random 5xx answered before applying
RATE_LIMITED = "rate_limited"
APPLIED_THEN_ERROR = "applied_then_error"
DROPPED = "dropped"


@dataclass(frozen=True)
class RequestRecord:
    ts: float
    method: str
    path: str
    kind: str
    object_id: str | None
    status: int  # 0 when the connection was dropped
    outcome: str
    duration_ms: float
    query: dict[str, str] = field(default_factory=dict)
    ignored_fields: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class IgnoredFields:
    """Fields a write sent that the provider silently dropped, with the reason for each."""

    ts: float
    method: str
    kind: str
    object_id: str | None
    fields: dict[str, str]

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


class RequestLog:
    def __init__(self, entry_cap: int = DEFAULT_ENTRY_CAP) -> None:
        self._lock = threading.Lock()
        self.entry_cap = entry_cap
        self.clear()

    def clear(self) -> None:
        with self._lock:
            self._entries: deque[RequestRecord] = deque(maxlen=self.entry_cap)
            self._ignored: deque[IgnoredFields] = deque(maxlen=self.entry_cap)
            self._counts: Counter[tuple[str, str]] = Counter()
            self._status_counts: Counter[tuple[str, str, int]] = Counter()
            self._outcomes: Counter[str] = Counter()
            self.total = 0

    def record(self, entry: RequestRecord) -> None:
        with self._lock:
            self.total += 1
            self._counts[(entry.method, entry.kind)] += 1
            self._status_counts[(entry.method, entry.kind, entry.status)] += 1
            self._outcomes[entry.outcome] += 1
            self._entries.append(entry)
            if entry.ignored_fields:
                self._ignored.append(
                    IgnoredFields(entry.ts, entry.method, entry.kind, entry.object_id, entry.ignored_fields)
                )

    def entries(self) -> list[RequestRecord]:
        with self._lock:
            return list(self._entries)

    def ignored_fields(self) -> list[IgnoredFields]:
        with self._lock:
            return list(self._ignored)

    def counts(self) -> dict[tuple[str, str], int]:
        """Requests by (method, object kind), e.g. `("POST", "candidate")`."""
        with self._lock:
            return dict(self._counts)

    def status_counts(self) -> dict[tuple[str, str, int], int]:
        with self._lock:
            return dict(self._status_counts)

    def outcomes(self) -> dict[str, int]:
        with self._lock:
            return dict(self._outcomes)

    def count(self, method: str, kind: str) -> int:
        with self._lock:
            return self._counts[(method.upper(), kind)]

    def to_dict(self, limit: int | None = None) -> dict[str, Any]:
        entries = self.entries()
        if limit is not None:
            entries = entries[-limit:] if limit > 0 else []
        with self._lock:
            return {
                "total": self.total,
                "entry_cap": self.entry_cap,
                "counts": {f"{m} {k}": n for (m, k), n in sorted(self._counts.items())},
                "status_counts": {f"{m} {k} {s}": n for (m, k, s), n in sorted(self._status_counts.items())},
                "outcomes": dict(self._outcomes),
                "entries": [e.to_dict() for e in entries],
                "ignored_fields": [i.to_dict() for i in self._ignored],
            }
