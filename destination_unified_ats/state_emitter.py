"""The last step before a state reaches stdout: the sinks make every line written so far durable first.

The checkpointer releases states in order; this emitter takes each batch of released states, seals every
sink once (one fsync per file, one closed part per object-storage kind), waits for that to settle without
blocking the event loop, then emits the batch. A line is written before its record counts as finished, so
every line of every record a state covers is durable before that state is printed. When a sink cannot make
its lines durable, no further state is emitted and the sync fails with the sink's error.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from typing import Any

from airbyte_cdk.models import FailureType

from destination_unified_ats.errors import SyncFailure
from destination_unified_ats.sinks import Sink, SinkError


class DurableStateEmitter:
    def __init__(
        self,
        sinks: Sequence[Sink],
        emit: Callable[[dict[str, Any]], None],
        on_failure: Callable[[SyncFailure], None] | None = None,
    ) -> None:
        self._sinks = [s for s in sinks if s.enabled]
        self._emit = emit
        self._on_failure = on_failure
        self._queue: list[dict[str, Any]] = []
        self._wakeup: asyncio.Event | None = None
        self._idle: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self.failure: SyncFailure | None = None
        self.batches = 0

    def release(self, message: dict[str, Any]) -> None:
        """The checkpointer's emit: `message` may go out once the sinks hold every line before it."""
        if self.failure is not None:
            return
        if not self._sinks:
            self._emit(message)  # nothing to make durable
            return
        self._queue.append(message)
        if self._task is None:
            self._wakeup, self._idle = asyncio.Event(), asyncio.Event()
            self._task = asyncio.get_running_loop().create_task(self._run())
        assert self._wakeup is not None and self._idle is not None
        self._idle.clear()
        self._wakeup.set()

    async def drain(self) -> None:
        """Returns once every released state is emitted, or the sinks failed."""
        if self._task is not None and self._idle is not None:
            await self._idle.wait()

    async def aclose(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        assert self._wakeup is not None and self._idle is not None
        while self.failure is None:
            await self._wakeup.wait()
            self._wakeup.clear()
            batch = list(self._queue)
            try:
                if batch:
                    await self._make_durable()
                    del self._queue[: len(batch)]
                    for message in batch:
                        self._emit(message)
                    self.batches += 1
            except SinkError as exc:
                self._fail(exc.message, exc.failure_type)
            except Exception as exc:  # a bug must stop the states, never let one out uncovered
                self._fail(f"Could not store rejected-record and audit lines: {type(exc).__name__}: {exc}")
            if self.failure is not None:
                self._queue.clear()
            if not self._queue:
                self._idle.set()

    async def _make_durable(self) -> None:
        futures = [future for sink in self._sinks for future in sink.seal()]
        if futures:
            await asyncio.gather(*(asyncio.wrap_future(f) for f in futures))

    def _fail(self, message: str, failure_type: FailureType = FailureType.system_error) -> None:
        self.failure = SyncFailure(message, failure_type)
        if self._on_failure is not None:
            self._on_failure(self.failure)
