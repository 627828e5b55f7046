"""The durable state emitter: a state goes out only after the sinks made the lines before it durable."""

from __future__ import annotations

import asyncio
from concurrent.futures import Future
from typing import Any

from destination_unified_ats.sinks import SinkError
from destination_unified_ats.state_emitter import DurableStateEmitter


class GatedSink:
    """A sink whose durability settles when the test says so (stands in for a slow fsync or upload)."""

    enabled = True

    def __init__(self) -> None:
        self.lines: list[dict[str, Any]] = []
        self.seals: list[tuple[int, Future[None]]] = []

    def write(self, item: dict[str, Any]) -> None:
        self.lines.append(item)

    def seal(self) -> list[Future[None]]:
        future: Future[None] = Future()
        self.seals.append((len(self.lines), future))
        return [future]

    def close(self) -> None:
        return None


def state(state_id: int) -> dict[str, Any]:
    return {"type": "STATE", "state": {"type": "LEGACY", "data": {}, "id": state_id}}


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_states_wait_for_durability_and_are_batched_per_seal() -> None:
    sink, out = GatedSink(), []
    emitter = DurableStateEmitter([sink], out.append)
    sink.write({"position": 1})
    emitter.release(state(1))
    await settle()
    assert out == [] and [covered for covered, _ in sink.seals] == [1]
    # Released while the first seal is in flight: they wait for a second seal covering the newer lines.
    sink.write({"position": 2})
    emitter.release(state(2))
    emitter.release(state(3))
    sink.seals[0][1].set_result(None)
    await settle()
    assert [m["state"]["id"] for m in out] == [1]
    assert [covered for covered, _ in sink.seals] == [1, 2]  # one seal for states 2 and 3 together
    sink.seals[1][1].set_result(None)
    await emitter.drain()
    assert [m["state"]["id"] for m in out] == [1, 2, 3]
    await emitter.aclose()


async def test_a_sink_failure_stops_every_later_state() -> None:
    sink, out, failures = GatedSink(), [], []
    emitter = DurableStateEmitter([sink], out.append, failures.append)
    emitter.release(state(1))
    await settle()
    sink.seals[0][1].set_exception(SinkError("bucket unreachable"))
    await emitter.drain()
    emitter.release(state(2))
    await emitter.drain()
    assert out == []
    assert [f.message for f in failures] == ["bucket unreachable"]
    assert emitter.failure is not None and emitter.failure.failure_type.value == "system_error"
    await emitter.aclose()


def test_without_durable_sinks_states_go_out_at_once() -> None:
    out: list[dict[str, Any]] = []
    emitter = DurableStateEmitter([], out.append)
    emitter.release(state(7))
    assert [m["state"]["id"] for m in out] == [7]
