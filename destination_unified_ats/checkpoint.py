"""State messages: each one is emitted back, in order, only once every record before it is finished.

Records finish out of order (they are written concurrently); a state waits for the contiguous prefix of
finished records to reach it. The raw state is echoed with only `destinationStats` added, so fields the
CDK's models do not know (the platform's `id`) survive.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable
from typing import Any

StreamKey = tuple[str | None, str]


class Checkpointer:
    def __init__(self, emit: Callable[[dict[str, Any]], None]) -> None:
        self._emit = emit
        self._arrived = 0
        self._finished_prefix = 0
        self._finished_out_of_order: set[int] = set()
        self._per_stream: Counter[StreamKey] = Counter()
        self._per_stream_at_state: Counter[StreamKey] = Counter()
        self._total_at_state = 0
        self._pending: deque[tuple[int, dict[str, Any]]] = deque()
        self._halt_after: int | None = None
        self.emitted = 0

    def record_arrived(self, stream: StreamKey) -> int:
        """Registers a record; returns its sequence number (0-based)."""
        seq = self._arrived
        self._arrived += 1
        self._per_stream[stream] += 1
        return seq

    def record_finished(self, seq: int) -> None:
        if seq == self._finished_prefix:
            self._finished_prefix += 1
            while self._finished_prefix in self._finished_out_of_order:
                self._finished_out_of_order.remove(self._finished_prefix)
                self._finished_prefix += 1
            self._flush()
        else:
            self._finished_out_of_order.add(seq)

    def state_arrived(self, message: dict[str, Any]) -> None:
        state = message.get("state")
        if not isinstance(state, dict):
            return
        stream = _stream_of(state)
        if stream is not None:
            count = self._per_stream[stream] - self._per_stream_at_state[stream]
            self._per_stream_at_state[stream] = self._per_stream[stream]
        else:
            count = self._arrived - self._total_at_state
            self._total_at_state = self._arrived
        stats = state.get("destinationStats")
        state["destinationStats"] = {**(stats if isinstance(stats, dict) else {}), "recordCount": float(count)}
        self._pending.append((self._arrived, message))
        self._flush()

    def halt_after(self, seq: int) -> None:
        """No state that follows record `seq` may be emitted (that record failed the sync)."""
        self._halt_after = seq if self._halt_after is None else min(self._halt_after, seq)

    @property
    def finished(self) -> int:
        return self._finished_prefix

    @property
    def pending_states(self) -> int:
        return len(self._pending)

    def _flush(self) -> None:
        while self._pending and self._pending[0][0] <= self._finished_prefix:
            required, message = self._pending[0]
            if self._halt_after is not None and required > self._halt_after:
                return
            self._pending.popleft()
            self._emit(message)
            self.emitted += 1


def _stream_of(state: dict[str, Any]) -> StreamKey | None:
    if str(state.get("type", "LEGACY")).upper() != "STREAM":
        return None
    descriptor = (state.get("stream") or {}).get("stream_descriptor") or {}
    return descriptor.get("namespace"), str(descriptor.get("name", ""))
