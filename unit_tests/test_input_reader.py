"""stdin lines read by a thread: order, EOF, blank lines, errors, bounded read-ahead, very long and non-UTF-8 lines."""

from __future__ import annotations

import asyncio
import contextlib
import io
import threading
import time
from collections.abc import Iterator
from typing import Any

import orjson
import pytest

from destination_unified_ats.destination import parse_config
from destination_unified_ats.input_reader import MAX_BUFFERED_BYTES, read_lines
from destination_unified_ats.sync import run_sync
from unified_ats_simulator import SimulatorServer

MB = 1024 * 1024


async def collect(source: Any, **kwargs: Any) -> list[bytes]:
    return [line async for line in read_lines(source, **kwargs)]


async def test_lines_arrive_in_order_and_blank_lines_are_dropped() -> None:
    source = io.BytesIO(b'{"a":1}\n\n   \n\r\n{"b":2}\r\n\t\n{"c":3}')  # the last line has no newline
    assert await collect(source) == [b'{"a":1}\n', b'{"b":2}\r\n', b'{"c":3}']


async def test_empty_input_ends_at_once() -> None:
    assert await collect(io.BytesIO(b"")) == []
    assert await collect(iter([b"\n", b"  \n"])) == []


async def test_an_error_of_the_source_reaches_the_reader_with_its_type() -> None:
    def source() -> Iterator[bytes]:
        yield b"one\n"
        raise OSError("stdin went away")

    seen: list[bytes] = []
    with pytest.raises(OSError, match="stdin went away"):
        async for line in read_lines(source()):
            seen.append(line)
    assert seen == [b"one\n"]


class CountingSource:
    """An endless source that counts the lines and bytes taken from it (the same bytes object, no allocation)."""

    def __init__(self, line: bytes, limit: int | None = None) -> None:
        self.line = line
        self.limit = limit
        self.lines = 0
        self.bytes = 0
        self.lock = threading.Lock()

    def __iter__(self) -> Iterator[bytes]:
        while self.limit is None or self.lines < self.limit:
            with self.lock:
                self.lines += 1
                self.bytes += len(self.line)
            yield self.line

    def settle(self, seconds: float = 2.0) -> int:
        """The line count once the reading thread stopped pulling (it blocks when the buffer is full)."""
        deadline = time.monotonic() + seconds
        last = -1
        while time.monotonic() < deadline:
            with self.lock:
                now = self.lines
            if now == last:
                return now
            last = now
            time.sleep(0.05)
        return last


@pytest.mark.parametrize("max_buffered", [1, 8, 100])
async def test_read_ahead_is_bounded_while_the_consumer_is_busy(max_buffered: int) -> None:
    source = CountingSource(b'{"type":"STATE"}\n', limit=100_000)
    reader = read_lines(source, max_buffered=max_buffered)
    async with contextlib.aclosing(reader):
        for consumed in range(1, 4):
            await anext(reader)
            pulled = await asyncio.to_thread(source.settle)
            # max_buffered lines queued, plus the one the thread holds while it waits for room.
            assert consumed < pulled <= consumed + max_buffered + 1
    assert source.lines < 100_000


async def test_a_full_buffer_is_refilled_by_halves_not_line_by_line() -> None:
    # Each refill wakes the reading thread (a context switch): a slow sync must not pay one per line.
    source = CountingSource(b"x\n", limit=1_000)
    reader = read_lines(source, max_buffered=8)
    pulled = []
    async with contextlib.aclosing(reader):
        for _ in range(5):
            await anext(reader)
            pulled.append(await asyncio.to_thread(source.settle))
    # Full at 8 buffered (+ 1 held by the thread); no refill until only 4 are left, then back up to 8 at once.
    # (Whether the first line was taken before the buffer filled decides which consumption crosses the half.)
    assert pulled[0] == pulled[1] == pulled[2]
    assert pulled[-1] - pulled[0] == 4


async def test_closing_early_stops_the_reading_thread() -> None:
    before = set(threading.enumerate())
    source = CountingSource(b"x\n")  # endless
    reader = read_lines(source, max_buffered=4)
    async with contextlib.aclosing(reader):
        assert await anext(reader) == b"x\n"
        [thread] = [t for t in threading.enumerate() if t not in before and t.name == "stdin-reader"]
    await asyncio.to_thread(thread.join, 5)
    assert not thread.is_alive()
    assert source.lines <= 1 + 4 + 1


async def test_a_blocked_source_does_not_block_the_event_loop() -> None:
    release = threading.Event()

    def source() -> Iterator[bytes]:
        yield b"first\n"
        if not release.wait(timeout=10):
            raise TimeoutError("the loop never ran while the source was blocked")
        yield b"second\n"

    async def unblock_later() -> None:
        await asyncio.sleep(0.05)  # runs only if the reader leaves the loop free
        release.set()

    task = asyncio.create_task(unblock_later())
    assert await asyncio.wait_for(collect(source()), timeout=15) == [b"first\n", b"second\n"]
    await task


async def test_a_very_long_line_arrives_whole() -> None:
    record = {"type": "RECORD", "record": {"stream": "s", "data": {"summary": "z" * (24 * MB)}, "emitted_at": 1}}
    line = orjson.dumps(record) + b"\n"
    lines = await collect(io.BytesIO(b"\n" + line + b'{"type":"STATE"}\n'))
    assert len(lines) == 2
    assert lines[0] == line and orjson.loads(lines[0]) == record


async def test_non_utf8_bytes_pass_through_unchanged() -> None:
    latin1 = '{"name": "José"}\n'.encode("latin-1")
    garbage = b"\xff\xfe\x00\x80\n"
    assert await collect(io.BytesIO(latin1 + garbage)) == [latin1, garbage]


async def test_read_ahead_is_bounded_in_bytes_for_big_lines() -> None:
    # Lines carrying inline resumes are megabytes each: 1024 of them would be gigabytes of buffered input.
    line = b"r" * (8 * MB) + b"\n"
    source = CountingSource(line, limit=2_000)
    reader = read_lines(source)
    async with contextlib.aclosing(reader):
        await anext(reader)
        await asyncio.to_thread(source.settle)
    # the consumed line and the one the thread holds while it waits for room come on top of the budget
    assert source.bytes - 2 * len(line) <= MAX_BUFFERED_BYTES
    assert source.lines < 20


async def test_a_small_byte_budget_bounds_the_lines_read_ahead() -> None:
    source = CountingSource(b"x" * 99 + b"\n", limit=10_000)
    reader = read_lines(source, max_buffered_bytes=1_000)
    async with contextlib.aclosing(reader):
        for consumed in range(1, 4):
            await anext(reader)
            pulled = await asyncio.to_thread(source.settle)
            assert consumed < pulled <= consumed + 10 + 1


async def test_a_line_larger_than_the_byte_budget_still_goes_through() -> None:
    lines = [b"a" * 500 + b"\n", b"b\n", b"c" * 2_000 + b"\n", b"d\n"]
    assert await collect(iter(lines), max_buffered_bytes=100) == lines


async def test_an_empty_item_of_an_iterable_source_is_not_the_end() -> None:
    assert await collect(iter([b"one\n", b"", b"two\n"])) == [b"one\n", b"two\n"]


def _record(email: str, name: str) -> bytes:
    data = {"email": email, "first_name": name, "last_name": "Doe"}
    return orjson.dumps({"type": "RECORD", "record": {"stream": "people", "data": data, "emitted_at": 1}}) + b"\n"


async def test_a_sync_survives_non_utf8_lines_and_counts_them() -> None:
    state = orjson.dumps({"type": "STATE", "state": {"type": "LEGACY", "data": {"cursor": 3}}}) + b"\n"
    lines = [
        _record("ann@example.com", "Ann"),
        '{"type": "RECORD", "record": {"stream": "people", "data": {"email": "jose@example.com", "first_name": '
        '"José"}, "emitted_at": 1}}\n'.encode("latin-1"),
        b"\xff\xfe\x00garbage\x80\n",
        _record("bea@example.com", "Bea"),
        state,
    ]
    emitted: list[dict[str, Any]] = []
    with SimulatorServer() as sim:
        config = parse_config({"api_token": sim.token, "connection_id": sim.connection_id, "base_url": sim.base_url})
        totals = await run_sync(config, None, read_lines(iter(lines)), emitted.append)
        emails = sorted(e["email"] for c in sim.candidates() for e in c.get("emails") or [])
    assert emails == ["ann@example.com", "bea@example.com"]
    assert totals.rejected_by_reason["input: line is not an Airbyte message"] == 2
    assert [m for m in emitted if m.get("type") == "STATE"][-1]["state"]["data"] == {"cursor": 3}
