"""State messages: each one is emitted back, in order, only once every record before it is finished.

Records finish out of order (they are written concurrently); a state waits for the contiguous prefix of
finished records to reach it. The raw state is echoed with only `destinationStats` added, so fields the
CDK's models do not know (the platform's `id`) survive.

`destinationStats` carries `recordCount` (records since the previous state of the same stream, or of any
stream for GLOBAL/LEGACY states) and `rejectedRecordCount` (how many of those were rejected, protocol 0.18).
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

StreamKey = tuple[str | None, str]


@dataclass
class _PendingState:
    required: int  # records that must be finished before it: every one that arrived before it
    stream: StreamKey | None  # None: a GLOBAL or LEGACY state, counting every stream
    message: dict[str, Any]


class Checkpointer:
    def __init__(self, emit: Callable[[dict[str, Any]], None]) -> None:
        self._emit = emit
        self._arrived = 0
        self._finished_prefix = 0
        # Records that arrived and are not yet within the finished prefix: their stream, and whether they
        # finished (rejected or not). Bounded by what is in flight.
        self._open: dict[int, StreamKey] = {}
        self._finished_out_of_order: dict[int, bool] = {}
        self._per_stream: Counter[StreamKey] = Counter()
        self._per_stream_at_state: Counter[StreamKey] = Counter()
        self._total_at_state = 0
        # Rejections counted as the finished prefix passes each record, so a state counts exactly the
        # rejected records before it, whatever finished after it out of order.
        self._rejected: Counter[StreamKey] = Counter()
        self._rejected_total = 0
        self._rejected_at_state: Counter[StreamKey] = Counter()
        self._rejected_total_at_state = 0
        self._pending: deque[_PendingState] = deque()
        self._halt_after: int | None = None
        self.emitted = 0

    def record_arrived(self, stream: StreamKey) -> int:
        """Registers a record; returns its sequence number (0-based)."""
        seq = self._arrived
        self._arrived += 1
        self._per_stream[stream] += 1
        self._open[seq] = stream
        return seq

    def record_finished(self, seq: int, rejected: bool = False) -> None:
        if seq != self._finished_prefix:
            self._finished_out_of_order[seq] = rejected
            return
        self._pass(seq, rejected)
        while self._finished_prefix in self._finished_out_of_order:
            self._pass(self._finished_prefix, self._finished_out_of_order.pop(self._finished_prefix))

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
        self._pending.append(_PendingState(self._arrived, stream, message))
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

    def _pass(self, seq: int, rejected: bool) -> None:
        """The finished prefix moves past record `seq`; states that needed exactly this prefix go out."""
        stream = self._open.pop(seq)
        if rejected:
            self._rejected[stream] += 1
            self._rejected_total += 1
        self._finished_prefix = seq + 1
        self._flush()

    def _flush(self) -> None:
        while self._pending and self._pending[0].required <= self._finished_prefix:
            pending = self._pending[0]
            if self._halt_after is not None and pending.required > self._halt_after:
                return
            self._pending.popleft()
            if pending.stream is not None:
                rejected = self._rejected[pending.stream] - self._rejected_at_state[pending.stream]
                self._rejected_at_state[pending.stream] = self._rejected[pending.stream]
            else:
                rejected = self._rejected_total - self._rejected_total_at_state
                self._rejected_total_at_state = self._rejected_total
            pending.message["state"]["destinationStats"]["rejectedRecordCount"] = float(rejected)
            self._emit(pending.message)
            self.emitted += 1


def _stream_of(state: dict[str, Any]) -> StreamKey | None:
    if str(state.get("type", "LEGACY")).upper() != "STREAM":
        return None
    descriptor = (state.get("stream") or {}).get("stream_descriptor") or {}
    return descriptor.get("namespace"), str(descriptor.get("name", ""))
