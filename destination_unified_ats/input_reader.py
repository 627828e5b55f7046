"""Lines of stdin, read by a thread and handed to the event loop with bounded buffering."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterable

_END = b""


async def read_lines(source: Iterable[bytes], max_buffered: int = 1024) -> AsyncIterator[bytes]:
    """Yield each line of `source` (a binary file or any iterable of bytes); the reading never blocks the loop."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[bytes | BaseException] = asyncio.Queue()
    room = threading.Semaphore(max_buffered)
    stop = threading.Event()

    def pump() -> None:
        try:
            for line in source:
                room.acquire()
                if stop.is_set():
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
            if item == _END:
                return
            room.release()
            if item.strip():
                yield item
    finally:
        stop.set()
        room.release()
