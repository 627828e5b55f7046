"""Runtime knobs: latency, rate limit, random faults and search lag. Validated on every change."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, cast

RetryAfterFormat = Literal["seconds", "http-date"]
RETRY_AFTER_FORMATS = ("seconds", "http-date")
UndocumentedAnswer = Literal["refuse", "accept"]
UNDOCUMENTED_ANSWERS = ("refuse", "accept")


@dataclass(frozen=True)
class Knobs:
    latency_ms: float = 0.0  # added to every /ats and /unified request
    rate_limit_rps: float = 0.0  # token bucket refill rate; 0 disables rate limiting
    rate_limit_burst: int | None = None  # bucket size; default max(1, ceil(rate_limit_rps))
    retry_after_format: RetryAfterFormat = "seconds"
    error_rate: float = 0.0  # probability of a 5xx before the request is applied
    error_statuses: tuple[int, ...] = (500, 502, 503, 504)
    applied_then_error_rate: float = 0.0  # writes: applied, then answered 500/502
    drop_rate: float = 0.0  # writes: applied, then the connection is closed without a response
    search_lag_seconds: float = 0.0  # candidate writes stay invisible to `query` search this long
    seed: int | None = None  # seeds the random faults, for reproducible runs
    # What a provider whose document_url support is undocumented (Lever, Workable, CATS) does with a URL:
    # "refuse" answers 400, "accept" stores it.
    undocumented_document_url: UndocumentedAnswer = "refuse"

    @property
    def burst(self) -> int:
        return self.rate_limit_burst or max(1, math.ceil(self.rate_limit_rps))

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["error_statuses"] = list(self.error_statuses)
        return data

    def with_changes(self, changes: Mapping[str, Any]) -> Knobs:
        """A copy with `changes` applied; raises ValueError on an unknown knob or a bad value."""
        unknown = set(changes) - KNOB_NAMES
        if unknown:
            raise ValueError(f"unknown knob(s): {', '.join(sorted(unknown))}")
        values = {name: _coerce(name, value) for name, value in changes.items()}
        return dataclasses.replace(self, **values)


KNOB_NAMES = frozenset(f.name for f in dataclasses.fields(Knobs))
_RATES = frozenset({"error_rate", "applied_then_error_rate", "drop_rate"})
_NON_NEGATIVE = frozenset({"latency_ms", "rate_limit_rps", "search_lag_seconds"})


def _coerce(name: str, value: Any) -> Any:
    if name in _RATES:
        rate = _number(name, value)
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"{name} must be between 0 and 1, got {value!r}")
        return rate
    if name in _NON_NEGATIVE:
        number = _number(name, value)
        if number < 0:
            raise ValueError(f"{name} must be >= 0, got {value!r}")
        return number
    if name == "retry_after_format":
        if value not in RETRY_AFTER_FORMATS:
            raise ValueError(f"retry_after_format must be one of {RETRY_AFTER_FORMATS}, got {value!r}")
        return cast(RetryAfterFormat, value)
    if name == "undocumented_document_url":
        if value not in UNDOCUMENTED_ANSWERS:
            raise ValueError(f"undocumented_document_url must be one of {UNDOCUMENTED_ANSWERS}, got {value!r}")
        return cast(UndocumentedAnswer, value)
    if name == "error_statuses":
        statuses = tuple(int(v) for v in value)
        if not statuses or any(not 500 <= s <= 599 for s in statuses):
            raise ValueError(f"error_statuses must be a non-empty list of 5xx codes, got {value!r}")
        return statuses
    return _optional_int(name, value)  # rate_limit_burst, seed


def _number(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"{name} must be a number, got {value!r}")
    try:
        return float(value)
    except ValueError:
        raise ValueError(f"{name} must be a number, got {value!r}") from None


def _optional_int(name: str, value: Any) -> int | None:
    if value is None:
        return None
    number = _number(name, value)
    if number != int(number) or number < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    return int(number)
