"""Request counters and the recent-rate figures (on a controlled clock)."""

from __future__ import annotations

import pytest

from destination_unified_ats import metrics as metrics_module
from destination_unified_ats.metrics import RequestMetrics


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(metrics_module, "time", fake)
    return fake


def test_requests_are_counted_by_method_and_kind() -> None:
    m = RequestMetrics()
    for method, kind in [("GET", "candidate"), ("GET", "candidate"), ("POST", "candidate"), ("GET", "job")]:
        m.record(method, kind)
    assert m.by_kind == {"GET candidate": 2, "POST candidate": 1, "GET job": 1}
    assert m.total == 4
    assert RequestMetrics().total == 0


def test_sent_within_counts_only_the_window(clock: Clock) -> None:
    m = RequestMetrics()
    for _ in range(5):
        m.record("GET", "candidate")
        clock.now += 0.5
    # sent at 1000.0, 1000.5, 1001.0, 1001.5, 1002.0; now 1002.5
    assert m.sent_within(1.0) == 2
    assert m.sent_within(2.0) == 4
    assert m.sent_within(10.0) == 5
    clock.now += 100
    assert m.sent_within(1.0) == 0


def test_current_rate_is_requests_per_second_over_the_window(clock: Clock) -> None:
    m = RequestMetrics()
    assert m.current_rate() == 0.0
    m.record("GET", "job")
    assert m.current_rate() == 0.0  # one request is no rate
    for _ in range(9):
        clock.now += 0.25
        m.record("GET", "job")
    # 10 requests over the 2.25 s since the first
    assert m.current_rate() == pytest.approx(10 / 2.25)
    clock.now += 8.0  # the first request (at 1000.0) has left the 10 s window
    assert m.current_rate() == pytest.approx(9 / (1010.25 - 1000.25))


def test_many_requests_at_one_instant_do_not_divide_by_zero(clock: Clock) -> None:
    m = RequestMetrics()
    for _ in range(3):
        m.record("GET", "job")
    assert m.current_rate() == pytest.approx(3 / 1e-3)


def test_the_recent_history_is_bounded(clock: Clock) -> None:
    m = RequestMetrics()
    for _ in range(10_000):
        m.record("GET", "candidate")
    assert m.total == 10_000  # counters keep every request
    assert m.sent_within(1.0) == 4096  # the timestamps for rates keep the latest 4096
