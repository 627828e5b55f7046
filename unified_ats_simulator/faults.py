"""Faults: a deterministic scripted queue for precise tests, and seeded random faults for chaos runs."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, cast

FaultAction = Literal["error", "applied_then_error", "drop", "rate_limit", "delay"]
FAULT_ACTIONS: tuple[FaultAction, ...] = ("error", "applied_then_error", "drop", "rate_limit", "delay")
# Actions that let the request run (and apply) before failing it.
AFTER_ACTIONS = frozenset({"applied_then_error", "drop"})


@dataclass(frozen=True)
class ScriptedFault:
    """One scripted fault, matched against the next /ats requests by method and object kind.

    - error: answer `status` without applying the request
    - applied_then_error: apply the request, then answer `status`
    - drop: apply the request, then close the connection without a response
    - rate_limit: answer 429 with `Retry-After: retry_after` (seconds, or an HTTP date per the knob)
    - delay: wait `delay_ms` before handling the request normally
    `method`/`kind` None match any; `object_id` set matches only requests for that one object (e.g. the GET of
    one job, not the job listing); `times` is how many matching requests it applies to.
    """

    action: FaultAction
    method: str | None = None
    kind: str | None = None
    status: int = 500
    times: int = 1
    retry_after: float = 1.0
    delay_ms: float = 0.0
    message: str | None = None
    object_id: str | None = None

    def __post_init__(self) -> None:
        if self.action not in FAULT_ACTIONS:
            raise ValueError(f"unknown fault action {self.action!r}; one of {FAULT_ACTIONS}")
        if self.times < 1:
            raise ValueError("times must be >= 1")
        if self.method is not None:
            object.__setattr__(self, "method", self.method.upper())

    @classmethod
    def error(
        cls,
        method: str | None = None,
        kind: str | None = None,
        *,
        status: int = 500,
        times: int = 1,
        object_id: str | None = None,
    ) -> ScriptedFault:
        return cls("error", method, kind, status=status, times=times, object_id=object_id)

    @classmethod
    def applied_then_error(
        cls, method: str | None = None, kind: str | None = None, *, status: int = 500, times: int = 1
    ) -> ScriptedFault:
        return cls("applied_then_error", method, kind, status=status, times=times)

    @classmethod
    def drop(cls, method: str | None = None, kind: str | None = None, *, times: int = 1) -> ScriptedFault:
        return cls("drop", method, kind, times=times)

    @classmethod
    def rate_limited(
        cls, method: str | None = None, kind: str | None = None, *, retry_after: float = 1.0, times: int = 1
    ) -> ScriptedFault:
        return cls("rate_limit", method, kind, status=429, retry_after=retry_after, times=times)

    @classmethod
    def delay(
        cls, delay_ms: float, method: str | None = None, kind: str | None = None, *, times: int = 1
    ) -> ScriptedFault:
        return cls("delay", method, kind, delay_ms=delay_ms, times=times)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScriptedFault:
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = set(data) - names
        if unknown:
            raise ValueError(f"unknown fault field(s): {', '.join(sorted(unknown))}")
        if "action" not in data:
            raise ValueError(f"a fault needs an action, one of {FAULT_ACTIONS}")
        return cls(**cast(dict[str, Any], dict(data)))

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def matches(self, method: str, kind: str, object_id: str | None = None) -> bool:
        return (
            (self.method is None or self.method == method)
            and (self.kind is None or self.kind == kind)
            and (self.object_id is None or self.object_id == object_id)
        )


@dataclass
class _Pending:
    fault: ScriptedFault
    remaining: int


class FaultQueue:
    """Scripted faults in order; the first pending fault matching a request is used once."""

    def __init__(self) -> None:
        self._pending: list[_Pending] = []

    def push(self, *faults: ScriptedFault) -> None:
        self._pending.extend(_Pending(fault, fault.times) for fault in faults)

    def take(self, method: str, kind: str, object_id: str | None = None) -> ScriptedFault | None:
        for entry in self._pending:
            if entry.fault.matches(method, kind, object_id):
                entry.remaining -= 1
                if entry.remaining <= 0:
                    self._pending.remove(entry)
                return entry.fault
        return None

    def pending(self) -> list[ScriptedFault]:
        return [dataclasses.replace(entry.fault, times=entry.remaining) for entry in self._pending]

    def clear(self) -> None:
        self._pending.clear()


class Chaos:
    """Seeded random decisions for the rate-based knobs."""

    def __init__(self, seed: int | None = None) -> None:
        self._rng = random.Random(seed)

    def reseed(self, seed: int | None) -> None:
        self._rng = random.Random(seed)

    def roll(self, rate: float) -> bool:
        return rate > 0 and self._rng.random() < rate

    def choice(self, options: tuple[int, ...]) -> int:
        return options[self._rng.randrange(len(options))]
