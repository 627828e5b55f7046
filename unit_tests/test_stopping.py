"""Graceful stop, in process: the stop request, waiting for work unless a stop comes first, the grace period a
second signal cuts short, and real SIGTERM/SIGINT delivered to this process while the handlers are installed.
(integration_tests/test_graceful_stop.py covers the whole connector.)"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from destination_unified_ats.stopping import GracefulStop

SIGNALS = (signal.SIGTERM, signal.SIGINT)  # what the platform sends on cancel, and Ctrl-C


@pytest.fixture(autouse=True)
def _restore_signal_handlers() -> Iterator[None]:
    saved = {sig: signal.getsignal(sig) for sig in SIGNALS}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


@pytest.fixture
def unhandled() -> list[int]:
    """Signals that reach Python's own handler (none should while ours are installed); recorded, so that a
    missing handler fails the test instead of ending pytest."""
    seen: list[int] = []
    for sig in SIGNALS:
        signal.signal(sig, lambda signum, frame: seen.append(signum))
    return seen


def _run(coro: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coro, timeout=10))


async def _until(condition: Any, timeout: float = 2.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.005)


def test_the_first_request_stops_and_the_second_hurries(caplog: pytest.LogCaptureFixture) -> None:
    stop = GracefulStop(grace_seconds=2.5)
    assert not stop.requested and stop.reason is None
    with caplog.at_level(logging.WARNING, logger="airbyte"):
        stop.request("SIGTERM")
        assert stop.requested and stop.reason == "SIGTERM"
        assert len(caplog.records) == 1 and "2.5s" in caplog.records[0].getMessage()
        stop.request("SIGINT")
        assert stop.reason == "SIGTERM"  # the first reason is the one reported
        stop.request("SIGINT")
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 2, messages  # the third request changes nothing and says nothing
    assert messages[1].startswith("SIGINT received again")


def test_first_returns_true_when_the_work_finishes_first() -> None:
    async def scenario() -> tuple[bool, bool]:
        stop = GracefulStop(grace_seconds=1)
        work = asyncio.ensure_future(asyncio.sleep(0.01, result="done"))
        return await stop.first(work), stop.requested

    assert _run(scenario()) == (True, False)


def test_first_returns_false_on_a_stop_and_leaves_the_work_running() -> None:
    async def scenario() -> None:
        stop = GracefulStop(grace_seconds=1)
        release = asyncio.Event()
        work = asyncio.ensure_future(release.wait())
        asyncio.get_running_loop().call_later(0.02, stop.request, "SIGTERM")
        started = time.monotonic()
        assert await stop.first(work) is False
        assert time.monotonic() - started < 1
        assert not work.done()  # the caller decides what to do with the work
        release.set()
        await asyncio.wait_for(work, 1)

    _run(scenario())


def test_first_after_a_stop_does_not_wait() -> None:
    async def scenario() -> None:
        stop = GracefulStop(grace_seconds=1)
        stop.request("SIGTERM")
        pending = asyncio.ensure_future(asyncio.Event().wait())
        assert await asyncio.wait_for(stop.first(pending), 0.5) is False
        assert not pending.cancelled()
        pending.cancel()
        finished = asyncio.ensure_future(asyncio.sleep(0))
        await finished
        assert await stop.first(finished) is True  # finished work is reported as finished, stop or not

    _run(scenario())


def test_first_reports_work_that_failed_as_done() -> None:
    async def fail() -> None:
        raise ValueError("bad input")

    async def scenario() -> None:
        work = asyncio.ensure_future(fail())
        assert await GracefulStop(grace_seconds=1).first(work) is True
        with pytest.raises(ValueError):
            work.result()

    _run(scenario())


def test_grace_waits_only_as_long_as_the_tasks_take() -> None:
    async def scenario() -> None:
        stop = GracefulStop(grace_seconds=5)
        tasks = {asyncio.create_task(asyncio.sleep(d)) for d in (0.01, 0.05)}
        started = time.monotonic()
        await stop.grace(tasks)
        assert time.monotonic() - started < 2
        assert all(t.done() and not t.cancelled() for t in tasks)
        await stop.grace(set())  # nothing in flight: nothing to wait for

    _run(scenario())


def test_grace_ends_after_the_grace_period_without_cancelling() -> None:
    async def scenario() -> None:
        stop = GracefulStop(grace_seconds=0.2)
        quick = asyncio.create_task(asyncio.sleep(0.01))
        stuck = asyncio.create_task(asyncio.Event().wait())
        started = time.monotonic()
        await stop.grace({quick, stuck})
        elapsed = time.monotonic() - started
        assert 0.18 <= elapsed < 2, elapsed
        assert quick.done() and not stuck.done()  # what is left is the caller's to cancel
        stuck.cancel()

    _run(scenario())


def test_a_second_request_cuts_the_grace_period_short() -> None:
    async def scenario() -> None:
        stop = GracefulStop(grace_seconds=30)
        stop.request("SIGTERM")
        stuck = asyncio.create_task(asyncio.Event().wait())
        asyncio.get_running_loop().call_later(0.05, stop.request, "SIGTERM")
        started = time.monotonic()
        await stop.grace({stuck})
        assert time.monotonic() - started < 2
        # Once hurried, a later grace does not wait at all.
        started = time.monotonic()
        await stop.grace({stuck})
        assert time.monotonic() - started < 0.5
        assert not stuck.done()
        stuck.cancel()

    _run(scenario())


def test_real_signals_request_the_stop_then_end_the_grace_period(unhandled: list[int]) -> None:
    """The whole sequence a sync goes through, driven by signals sent to this very process."""

    async def scenario() -> None:
        stop = GracefulStop(grace_seconds=30)
        with stop.on_signals():
            reading = asyncio.ensure_future(asyncio.Event().wait())  # input that never ends
            in_flight = {asyncio.create_task(asyncio.sleep(0.01)), asyncio.create_task(asyncio.Event().wait())}
            asyncio.get_running_loop().call_later(0.05, os.kill, os.getpid(), signal.SIGTERM)
            assert await stop.first(reading) is False
            assert stop.reason == "SIGTERM"
            reading.cancel()
            asyncio.get_running_loop().call_later(0.05, os.kill, os.getpid(), signal.SIGINT)
            started = time.monotonic()
            await stop.grace(in_flight)
            assert time.monotonic() - started < 5  # the second signal, not the 30 s grace period
            assert sorted(t.done() for t in in_flight) == [False, True]
            for task in in_flight:
                task.cancel()

    _run(scenario())
    assert unhandled == []


def test_sigint_alone_requests_the_stop(unhandled: list[int]) -> None:
    async def scenario() -> str | None:
        stop = GracefulStop(grace_seconds=1)
        with stop.on_signals():
            os.kill(os.getpid(), signal.SIGINT)
            await _until(lambda: stop.requested or bool(unhandled))
        return stop.reason

    assert _run(scenario()) == "SIGINT"
    assert unhandled == []


def test_the_handlers_are_removed_when_the_block_ends() -> None:
    stop = GracefulStop(grace_seconds=1)

    async def scenario() -> None:
        with stop.on_signals():
            inside = {sig: signal.getsignal(sig) for sig in SIGNALS}
        after = {sig: signal.getsignal(sig) for sig in SIGNALS}  # the loop still runs: it would keep them
        assert all(after[sig] != inside[sig] for sig in SIGNALS)

    _run(scenario())
    with pytest.raises(KeyboardInterrupt):  # SIGINT is Python's own again
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(1)
    assert not stop.requested


def test_the_handlers_are_removed_when_the_block_fails() -> None:
    async def scenario() -> None:
        inside: dict[int, Any] = {}
        with pytest.raises(RuntimeError), GracefulStop(grace_seconds=1).on_signals():
            inside.update({sig: signal.getsignal(sig) for sig in SIGNALS})
            raise RuntimeError("sync failed")
        assert all(signal.getsignal(sig) != inside[sig] for sig in SIGNALS)

    _run(scenario())


def test_outside_the_main_thread_no_handler_is_installed() -> None:
    before = {sig: signal.getsignal(sig) for sig in SIGNALS}
    seen: dict[str, Any] = {}

    def worker() -> None:
        async def scenario() -> None:
            stop = GracefulStop(grace_seconds=1)
            with stop.on_signals():
                seen["inside"] = {sig: signal.getsignal(sig) for sig in SIGNALS}
            seen["requested"] = stop.requested

        try:
            asyncio.run(scenario())
        except BaseException as exc:  # reported to the main thread below
            seen["error"] = exc

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(10)
    assert "error" not in seen, seen.get("error")
    assert seen["inside"] == before
    assert seen["requested"] is False
