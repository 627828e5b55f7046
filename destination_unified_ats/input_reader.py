"""Lines of stdin, read by a thread and handed to the event loop with bounded buffering.

Every wake-up of either side is a context switch (and, on a VM, a costly one), so neither side is woken per
line: a full buffer is refilled only once the loop has taken half of it, and the loop is woken only when it
is waiting for a line. A slow sync thus costs one thread wake-up per half buffer instead of three per line.
"""

from __future__ import annotations

import asyncio
import threading
from collections import deque
from collections.abc import AsyncIterator, Iterable

MAX_BUFFERED_BYTES = 64 * 1024 * 1024


class _End:
    pass


_END = _End()  # not b"": an iterable source may yield an empty line


class _Handover:
    """The lines between the reading thread and the loop: at most `max_lines` lines and `max_bytes` bytes (lines
    carrying inline resumes are megabytes each); a line larger than the whole budget goes through alone."""

    def __init__(self, loop: asyncio.AbstractEventLoop, max_lines: int, max_bytes: int) -> None:
        self._loop = loop
        self._max_lines = max_lines
        self._max_bytes = max_bytes
        self._changed = threading.Condition()
        self._lines: deque[bytes] = deque()
        self._bytes = 0
        self._end: BaseException | _End | None = None
        self._waiter: asyncio.Future[None] | None = None
        self._closed = False

    # --- the reading thread ---

    def put(self, line: bytes) -> bool:
        """Queue one line, first waiting for room when the buffer is full; False once the consumer has gone."""
        with self._changed:
            if self._full(len(line)):
                while not self._closed and (self._full(len(line)) or not self._half_empty()):
                    self._changed.wait()
            if self._closed:
                return False
            self._lines.append(line)
            self._bytes += len(line)
            self._wake_consumer()
            return True

    def finish(self, end: BaseException | _End) -> None:
        with self._changed:
            self._end = end
            self._wake_consumer()

    def _full(self, size: int) -> bool:
        return bool(self._lines) and (len(self._lines) >= self._max_lines or self._bytes + size > self._max_bytes)

    def _half_empty(self) -> bool:
        return len(self._lines) <= self._max_lines // 2 and self._bytes <= self._max_bytes // 2

    def _wake_consumer(self) -> None:
        if self._waiter is not None:
            waiter, self._waiter = self._waiter, None
            self._loop.call_soon_threadsafe(_resolve, waiter)

    # --- the event loop ---

    async def take(self) -> bytes | BaseException | _End:
        while True:
            with self._changed:
                if self._lines:
                    line = self._lines.popleft()
                    self._bytes -= len(line)
                    if self._half_empty():
                        self._changed.notify()
                    return line
                if self._end is not None:
                    return self._end
                waiter = self._waiter = self._loop.create_future()
            await waiter

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify()


def _resolve(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


async def read_lines(
    source: Iterable[bytes], max_buffered: int = 1024, max_buffered_bytes: int = MAX_BUFFERED_BYTES
) -> AsyncIterator[bytes]:
    """Yield each line of `source` (a binary file or any iterable of bytes); the reading never blocks the loop."""
    handover = _Handover(asyncio.get_running_loop(), max(1, max_buffered), max_buffered_bytes)

    def pump() -> None:
        try:
            for line in source:
                if not handover.put(line):
                    return
            handover.finish(_END)
        except BaseException as exc:  # surfaced in the loop, not lost in the thread
            handover.finish(exc)

    thread = threading.Thread(target=pump, name="stdin-reader", daemon=True)
    thread.start()
    try:
        while True:
            item = await handover.take()
            if isinstance(item, BaseException):
                raise item
            if isinstance(item, _End):
                return
            if item.strip():
                yield item
    finally:
        handover.close()
