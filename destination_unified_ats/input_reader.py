"""Lines of stdin, read by a thread and handed to the event loop with bounded buffering."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterable


class _End:
    pass


_END = _End()  # not b"": an iterable source may yield an empty line
MAX_BUFFERED_BYTES = 64 * 1024 * 1024


class _ReadAhead:
    """What the reading thread may hold beyond the consumer: at most `max_lines` lines and `max_bytes` bytes
    (lines carrying inline resumes are megabytes each); a line larger than the whole budget goes through alone."""

    def __init__(self, max_lines: int, max_bytes: int) -> None:
        self._max_lines = max_lines
        self._max_bytes = max_bytes
        self._lines = 0
        self._bytes = 0
        self._closed = False
        self._changed = threading.Condition()

    def reserve(self, size: int) -> bool:
        """Wait for room for one line of `size` bytes; False once the consumer has gone."""
        with self._changed:
            while not self._closed and not (
                self._lines == 0 or (self._lines < self._max_lines and self._bytes + size <= self._max_bytes)
            ):
                self._changed.wait()
            if self._closed:
                return False
            self._lines += 1
            self._bytes += size
            return True

    def release(self, size: int) -> None:
        with self._changed:
            self._lines -= 1
            self._bytes -= size
            self._changed.notify()

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify()


async def read_lines(
    source: Iterable[bytes], max_buffered: int = 1024, max_buffered_bytes: int = MAX_BUFFERED_BYTES
) -> AsyncIterator[bytes]:
    """Yield each line of `source` (a binary file or any iterable of bytes); the reading never blocks the loop."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[bytes | BaseException | _End] = asyncio.Queue()
    room = _ReadAhead(max_buffered, max_buffered_bytes)

    def pump() -> None:
        try:
            for line in source:
                if not room.reserve(len(line)):
                    return
                loop.call_soon_threadsafe(queue.put_nowait, line)
            loop.call_soon_threadsafe(queue.put_nowait, _END)
        except BaseException as exc:  # surfaced in the loop, not lost in the thread
            loop.call_soon_threadsafe(queue.put_nowait, exc)

    thread = threading.Thread(target=pump, name="stdin-reader", daemon=True)
    thread.start()
    try:
        while True:
            item = await queue.get()
            if isinstance(item, BaseException):
                raise item
            if isinstance(item, _End):
                return
            room.release(len(item))
            if item.strip():
                yield item
    finally:
        room.close()
