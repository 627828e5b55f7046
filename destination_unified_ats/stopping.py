"""Graceful stop on SIGTERM (what the platform sends on cancel) and SIGINT.

The first signal asks the sync to stop: no more input is read, records in flight get a grace period to
finish or fail (the states they complete are emitted as usual), then whatever is left is cancelled. A
second signal ends the grace period at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import threading
from collections.abc import Iterator
from typing import Any

logger = logging.getLogger("airbyte")
SIGNALS = (signal.SIGTERM, signal.SIGINT)


class GracefulStop:
    def __init__(self, grace_seconds: float) -> None:
        self.grace_seconds = grace_seconds
        self.reason: str | None = None
        self._requested = asyncio.Event()
        self._hurry = asyncio.Event()

    @property
    def requested(self) -> bool:
        return self.reason is not None

    def request(self, reason: str) -> None:
        """Ask for a stop (a signal handler's job); a second request ends the grace period."""
        if self.reason is None:
            self.reason = reason
            logger.warning(
                f"{reason} received: reading no more input; records in flight get {self.grace_seconds:g}s to finish."
            )
            self._requested.set()
        elif not self._hurry.is_set():
            logger.warning(f"{reason} received again: stopping now without waiting for records in flight.")
            self._hurry.set()

    @contextlib.contextmanager
    def on_signals(self) -> Iterator[None]:
        """SIGTERM and SIGINT request the stop while the block runs (main thread only: elsewhere, no-op)."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        loop = asyncio.get_running_loop()
        installed = []
        for sig in SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, self.request, sig.name)
                installed.append(sig)
        try:
            yield
        finally:
            for sig in installed:
                loop.remove_signal_handler(sig)

    async def first(self, work: asyncio.Future[Any]) -> bool:
        """Wait for `work` unless a stop is requested first. True when `work` is done (it is never cancelled)."""
        if not self.requested:
            waiter = asyncio.ensure_future(self._requested.wait())
            try:
                await asyncio.wait({work, waiter}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                waiter.cancel()
        return work.done()

    async def grace(self, tasks: set[asyncio.Task[None]]) -> None:
        """Give `tasks` the grace period (cut short by a second signal) to finish."""
        if not tasks:
            return
        everything = asyncio.ensure_future(asyncio.wait(tasks))
        hurry = asyncio.ensure_future(self._hurry.wait())
        try:
            await asyncio.wait({everything, hurry}, timeout=self.grace_seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            everything.cancel()
            hurry.cancel()
