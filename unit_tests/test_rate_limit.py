import asyncio
import time

from destination_unified_ats.rate_limit import AdaptiveRateLimiter, RetryAfterGate
from destination_unified_ats.unified_client import parse_retry_after


def test_a_burst_of_429s_cuts_the_rate_once() -> None:
    limiter = AdaptiveRateLimiter(20.0)
    for _ in range(8):
        limiter.on_rate_limited(observed_rate=40.0)
    assert limiter.rate == 14.0


def test_without_a_configured_rate_the_first_429_starts_at_70_percent_of_what_was_sent() -> None:
    limiter = AdaptiveRateLimiter(None)
    assert limiter.rate is None
    limiter.on_success()
    assert limiter.rate is None
    limiter.on_rate_limited(observed_rate=30.0)
    assert limiter.rate == 21.0


def test_success_raises_the_rate_at_most_once_a_second_and_never_past_the_configured_rate() -> None:
    limiter = AdaptiveRateLimiter(10.0)
    limiter.rate = 9.8
    limiter.on_success()
    limiter.on_success()
    assert limiter.rate == 10.0  # capped; the second success in the same second changed nothing


async def test_requests_are_spaced_at_the_rate() -> None:
    limiter = AdaptiveRateLimiter(50.0)
    started = time.monotonic()
    for _ in range(11):
        await limiter.acquire()
    assert time.monotonic() - started >= 0.18  # 10 gaps of 20 ms, no burst


async def test_retry_after_gate_holds_until_the_window_ends() -> None:
    gate = RetryAfterGate()
    gate.close_for(0.2)
    started = time.monotonic()
    await asyncio.gather(gate.wait(), gate.wait())
    assert time.monotonic() - started >= 0.19


def test_parse_retry_after() -> None:
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    from email.utils import formatdate

    assert 8 <= (parse_retry_after(formatdate(time.time() + 10, usegmt=True)) or 0) <= 10
    assert parse_retry_after(formatdate(time.time() - 10, usegmt=True)) == 0.0
