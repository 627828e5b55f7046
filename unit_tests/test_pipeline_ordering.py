"""WritePipeline: concurrency, ordering and checkpoint emission, in-process.

The writer here is a stand-in that finishes each record when the test releases it (in a random order),
so the pipeline's guarantees are tested under every interleaving we choose, not the one the network gives:
a state is emitted only after every record before it is finished, states come out in input order with
their ids and per-state record counts, two records of one email never run at the same time, records in
flight stay bounded, and a record that fails the sync holds back every state after it.
"""

from __future__ import annotations

import asyncio
import random
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Any, cast

import orjson
import pytest
from airbyte_cdk.models import FailureType

from destination_unified_ats.errors import SyncFailure
from destination_unified_ats.metrics import RequestMetrics
from destination_unified_ats.operations import StreamOperation
from destination_unified_ats.outcomes import RecordOutcome, RecordRef
from destination_unified_ats.pipeline import PipelineSettings, WritePipeline
from destination_unified_ats.records import SourcedCandidate
from destination_unified_ats.workflow import RecordWriter


class GatedWriter:
    """Starts each record's write and holds it until `release(position)`; records what overlapped."""

    def __init__(self, fail_positions: frozenset[int] = frozenset()) -> None:
        self.metrics = RequestMetrics()
        self.fail_positions = fail_positions
        self.gates: dict[int, asyncio.Event] = defaultdict(asyncio.Event)
        self.waiting: list[int] = []
        self.started: list[int] = []
        self.finished: set[int] = set()
        self.running_keys: dict[str, int] = {}
        self.same_email_overlap: list[tuple[str, int, int]] = []
        self.max_running = 0

    async def write(self, candidate: SourcedCandidate, ref: RecordRef, operation: StreamOperation) -> RecordOutcome:
        for key in candidate.email_keys:
            if key in self.running_keys:
                self.same_email_overlap.append((key, self.running_keys[key], ref.position))
            self.running_keys[key] = ref.position
        self.started.append(ref.position)
        self.waiting.append(ref.position)
        self.max_running = max(self.max_running, len(self.waiting))
        try:
            await self.gates[ref.position].wait()
        finally:
            self.waiting.remove(ref.position)
            for key in candidate.email_keys:
                if self.running_keys.get(key) == ref.position:
                    del self.running_keys[key]
        if ref.position in self.fail_positions:
            raise SyncFailure(f"{ref.describe()}: the API kept failing", FailureType.system_error)
        self.finished.add(ref.position)
        return RecordOutcome(ref=ref, candidate_id=f"cand-{candidate.email_keys[0]}", candidate_action="created")

    def release(self, position: int) -> None:
        self.gates[position].set()


class Emitted:
    """The emit callback: each state with the set of records finished when it went out."""

    def __init__(self, writer: GatedWriter) -> None:
        self.writer = writer
        self.states: list[dict[str, Any]] = []
        self.finished_at_emit: list[set[int]] = []

    def __call__(self, message: dict[str, Any]) -> None:
        assert message["type"] == "STATE"
        self.states.append(message["state"])
        self.finished_at_emit.append(set(self.writer.finished))

    @property
    def ids(self) -> list[Any]:
        return [s.get("id") for s in self.states]


def record(stream: str, email: str | None, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"email": email, **extra} if email is not None else dict(extra)
    return {"type": "RECORD", "record": {"stream": stream, "data": data, "emitted_at": 0}}


def stream_state(stream: str, state_id: int) -> dict[str, Any]:
    return {
        "type": "STATE",
        "state": {
            "type": "STREAM",
            "id": state_id,
            "stream": {"stream_descriptor": {"name": stream}, "stream_state": {"cursor": state_id}},
        },
    }


def global_state(state_id: int) -> dict[str, Any]:
    return {"type": "STATE", "state": {"type": "GLOBAL", "id": state_id, "global": {"shared_state": {"c": state_id}}}}


async def lines_of(messages: list[dict[str, Any]]) -> AsyncIterator[bytes]:
    for message in messages:
        yield orjson.dumps(message)


def make_pipeline(writer: GatedWriter, emitted: Emitted, **settings: Any) -> WritePipeline:
    return WritePipeline(cast(RecordWriter, writer), None, PipelineSettings(**settings), emitted)


async def drive(
    pipeline: WritePipeline, writer: GatedWriter, messages: list[dict[str, Any]], rng: random.Random
) -> asyncio.Task[Any]:
    """Runs the pipeline, releasing one started record at a time in a random order until it ends."""
    task = asyncio.create_task(pipeline.run(lines_of(messages)))
    for _ in range(100_000):
        for _ in range(5):
            await asyncio.sleep(0)
        if task.done():
            break
        if writer.waiting:
            writer.release(rng.choice(writer.waiting))
    else:
        task.cancel()
        raise AssertionError("the pipeline did not finish")
    return task


def positions_before_each_state(messages: list[dict[str, Any]]) -> list[set[int]]:
    """For each state in the input, the positions (1-based) of every record before it."""
    seen, result = 0, []
    for message in messages:
        if message["type"] == "RECORD":
            seen += 1
        else:
            result.append(set(range(1, seen + 1)))
    return result


def expected_counts(messages: list[dict[str, Any]]) -> list[float]:
    """recordCount of each state: records since the previous state (of the same stream for STREAM states)."""
    per_stream: dict[str, int] = defaultdict(int)
    total, counts = 0, []
    for message in messages:
        if message["type"] == "RECORD":
            per_stream[message["record"]["stream"]] += 1
            total += 1
        elif message["state"]["type"] == "STREAM":
            name = message["state"]["stream"]["stream_descriptor"]["name"]
            counts.append(float(per_stream.pop(name, 0)))
        else:
            counts.append(float(total))
            total = 0
    return counts


def random_input(rng: random.Random, n_records: int, global_states: bool) -> list[dict[str, Any]]:
    streams = ["people", "leads", "alumni"]
    emails = [f"person{i}@example.com" for i in range(max(3, n_records // 3))]  # repeats on purpose
    messages: list[dict[str, Any]] = []
    state_id = 100
    for _ in range(n_records):
        email = rng.choice(emails)
        if rng.random() < 0.3:
            email = email.upper()  # the same person, written differently
        messages.append(record(rng.choice(streams), email))
        if rng.random() < 0.3:
            state_id += 1
            messages.append(global_state(state_id) if global_states else stream_state(rng.choice(streams), state_id))
    state_id += 1
    messages.append(global_state(state_id) if global_states else stream_state(streams[0], state_id))
    return messages


@pytest.mark.parametrize("global_states", [False, True], ids=["stream-states", "global-states"])
@pytest.mark.parametrize("seed", range(12))
async def test_any_completion_order_emits_every_state_in_order_after_its_records(
    seed: int, global_states: bool
) -> None:
    rng = random.Random(seed)
    messages = random_input(rng, n_records=rng.randint(5, 40), global_states=global_states)
    writer = GatedWriter()
    emitted = Emitted(writer)
    pipeline = make_pipeline(writer, emitted, max_in_flight=rng.choice([1, 3, 8, 64]))

    totals = (await drive(pipeline, writer, messages, rng)).result()

    states_in = [m["state"] for m in messages if m["type"] == "STATE"]
    assert emitted.ids == [s["id"] for s in states_in]
    for needed, finished, state in zip(
        positions_before_each_state(messages), emitted.finished_at_emit, emitted.states, strict=True
    ):
        assert needed <= finished, f"state {state['id']} went out before records {sorted(needed - finished)}"
    assert [s["destinationStats"]["recordCount"] for s in emitted.states] == expected_counts(messages)
    # The state itself is echoed intact apart from the added stats.
    for state_in, state_out in zip(states_in, emitted.states, strict=True):
        assert {k: v for k, v in state_out.items() if k != "destinationStats"} == state_in
    assert totals.records_read == sum(m["type"] == "RECORD" for m in messages)
    assert writer.same_email_overlap == []


async def test_records_of_one_email_run_one_at_a_time_in_arrival_order() -> None:
    messages = [
        record("people", "ada@example.com"),
        record("people", "bob@example.com"),
        record("people", " ADA@example.com "),
        record("people", "ada@EXAMPLE.com"),
        stream_state("people", 1),
    ]
    writer = GatedWriter()
    emitted = Emitted(writer)
    task = asyncio.create_task(make_pipeline(writer, emitted).run(lines_of(messages)))
    await _settle()
    assert sorted(writer.waiting) == [1, 2]  # the two other Ada records wait for the first
    writer.release(2)
    await _settle()
    assert sorted(writer.waiting) == [1]
    writer.release(1)
    await _settle()
    assert writer.waiting == [3]
    assert emitted.states == []
    writer.release(3)
    await _settle()
    writer.release(4)
    await task
    assert writer.started == [1, 2, 3, 4]
    assert writer.same_email_overlap == []
    assert emitted.ids == [1]
    assert emitted.states[0]["destinationStats"]["recordCount"] == 4.0


async def test_a_state_waits_for_a_slow_earlier_record_but_not_for_later_ones() -> None:
    messages = [
        record("people", "slow@example.com"),
        stream_state("people", 1),
        record("people", "fast@example.com"),
        stream_state("people", 2),
        record("people", "later@example.com"),
    ]
    writer = GatedWriter()
    emitted = Emitted(writer)
    task = asyncio.create_task(make_pipeline(writer, emitted).run(lines_of(messages)))
    await _settle()
    writer.release(2)
    writer.release(3)
    await _settle()
    assert emitted.ids == []  # record 1 is still being written
    writer.release(1)
    await _settle()
    assert emitted.ids == [1, 2]  # both go out at once, in order; record 3 holds nothing back
    await task
    assert [s["destinationStats"]["recordCount"] for s in emitted.states] == [1.0, 1.0]


async def test_records_in_flight_are_bounded() -> None:
    messages = [record("people", f"p{i}@example.com") for i in range(50)] + [stream_state("people", 1)]
    writer = GatedWriter()
    emitted = Emitted(writer)
    await drive(make_pipeline(writer, emitted, max_in_flight=4), writer, messages, random.Random(7))
    assert writer.max_running == 4
    assert emitted.ids == [1]


async def test_invalid_records_count_and_never_hold_back_a_state() -> None:
    messages = [
        record("people", "ok@example.com"),
        record("people", None, first_name="No Email"),
        record("people", "not-an-email"),
        stream_state("people", 1),
        "not json at all",
        stream_state("people", 2),
    ]
    writer = GatedWriter()
    emitted = Emitted(writer)
    pipeline = make_pipeline(writer, emitted)
    task = asyncio.create_task(pipeline.run(_raw_lines(messages)))
    await _settle()
    assert emitted.ids == []  # the valid record is still in flight
    writer.release(1)
    totals = await task
    assert emitted.ids == [1, 2]
    assert [s["destinationStats"]["recordCount"] for s in emitted.states] == [3.0, 0.0]
    assert totals.records_rejected == 2
    assert pipeline.invalid_lines == 1


async def test_fail_policy_emits_states_before_the_invalid_record_only() -> None:
    messages = [
        record("people", "ok@example.com"),
        stream_state("people", 1),
        record("people", "not-an-email"),
        stream_state("people", 2),
        record("people", "after@example.com"),
        stream_state("people", 3),
    ]
    writer = GatedWriter()
    emitted = Emitted(writer)
    task = await drive(make_pipeline(writer, emitted, fail_on_invalid=True), writer, messages, random.Random(1))
    with pytest.raises(SyncFailure, match="record #2"):
        task.result()
    assert emitted.ids == [1]


@pytest.mark.parametrize("seed", range(6))
async def test_a_record_that_fails_the_sync_holds_back_every_later_state(seed: int) -> None:
    rng = random.Random(seed)
    messages = random_input(rng, n_records=30, global_states=False)
    fail_at = rng.randint(5, 25)
    writer = GatedWriter(fail_positions=frozenset({fail_at}))
    emitted = Emitted(writer)
    task = await drive(make_pipeline(writer, emitted, max_in_flight=8), writer, messages, rng)
    with pytest.raises(SyncFailure, match=f"record #{fail_at} "):
        task.result()
    before = positions_before_each_state(messages)
    allowed = [m["state"]["id"] for m, needed in zip(_states(messages), before, strict=True) if fail_at not in needed]
    # Every state before the failed record goes out once its records are finished (the records in flight
    # are finished, not abandoned); none after it.
    assert emitted.ids == allowed
    for needed, finished in zip(before, emitted.finished_at_emit, strict=False):
        assert needed <= finished


def _states(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m for m in messages if m["type"] == "STATE"]


async def _raw_lines(messages: list[dict[str, Any] | str]) -> AsyncIterator[bytes]:
    for message in messages:
        yield message.encode() if isinstance(message, str) else orjson.dumps(message)


async def _settle() -> None:
    for _ in range(20):
        await asyncio.sleep(0)
