from typing import Any

from destination_unified_ats.checkpoint import Checkpointer


def stream_state(name: str, value: int, state_id: int) -> dict[str, Any]:
    return {
        "type": "STATE",
        "state": {
            "type": "STREAM",
            "id": state_id,
            "stream": {"stream_descriptor": {"name": name}, "stream_state": {"cursor": value}},
            "sourceStats": {"recordCount": 2.0},
        },
    }


def test_states_wait_for_every_earlier_record_and_keep_order_and_id() -> None:
    out: list[dict[str, Any]] = []
    cp = Checkpointer(out.append)
    a0, a1 = cp.record_arrived((None, "a")), cp.record_arrived((None, "a"))
    cp.state_arrived(stream_state("a", 1, 101))
    b0 = cp.record_arrived((None, "b"))
    cp.state_arrived(stream_state("b", 1, 102))
    cp.record_finished(a1)
    cp.record_finished(b0)
    assert out == []  # a0 still in flight: nothing may be emitted
    cp.record_finished(a0)
    assert [m["state"]["id"] for m in out] == [101, 102]
    assert out[0]["state"]["destinationStats"] == {"recordCount": 2.0, "rejectedRecordCount": 0.0}
    assert out[1]["state"]["destinationStats"] == {"recordCount": 1.0, "rejectedRecordCount": 0.0}
    assert out[0]["state"]["sourceStats"] == {"recordCount": 2.0}


def test_global_and_legacy_count_all_records_since_previous_state() -> None:
    out: list[dict[str, Any]] = []
    cp = Checkpointer(out.append)
    cp.state_arrived({"type": "STATE", "state": {"type": "GLOBAL", "global": {"shared_state": {}}, "id": 1}})
    for _ in range(3):
        cp.record_finished(cp.record_arrived((None, "x")))
    cp.state_arrived({"type": "STATE", "state": {"data": {"cursor": 3}}})
    assert [m["state"]["destinationStats"]["recordCount"] for m in out] == [0.0, 3.0]
    assert out[1]["state"]["data"] == {"cursor": 3}


def test_halt_keeps_states_after_a_failed_record() -> None:
    out: list[dict[str, Any]] = []
    cp = Checkpointer(out.append)
    first = cp.record_arrived((None, "x"))
    cp.state_arrived({"type": "STATE", "state": {"type": "LEGACY", "data": {}, "id": 1}})
    bad = cp.record_arrived((None, "x"))
    cp.state_arrived({"type": "STATE", "state": {"type": "LEGACY", "data": {}, "id": 2}})
    cp.record_finished(first)
    cp.halt_after(bad)
    cp.record_finished(bad)
    assert [m["state"]["id"] for m in out] == [1]


def test_rejected_count_per_stream_counts_only_records_before_each_state() -> None:
    out: list[dict[str, Any]] = []
    cp = Checkpointer(out.append)
    a = [cp.record_arrived((None, "a")) for _ in range(3)]
    b0 = cp.record_arrived((None, "b"))
    cp.state_arrived(stream_state("a", 1, 1))
    a3 = cp.record_arrived((None, "a"))
    cp.state_arrived(stream_state("a", 2, 2))
    cp.state_arrived(stream_state("b", 1, 3))
    # Finish out of order: the record after state 1 (rejected) finishes first, then stream b's (rejected).
    cp.record_finished(a3, rejected=True)
    cp.record_finished(b0, rejected=True)
    cp.record_finished(a[2], rejected=True)
    cp.record_finished(a[1])
    assert out == []
    cp.record_finished(a[0], rejected=True)
    stats = {m["state"]["id"]: m["state"]["destinationStats"] for m in out}
    assert stats == {
        1: {"recordCount": 3.0, "rejectedRecordCount": 2.0},
        2: {"recordCount": 1.0, "rejectedRecordCount": 1.0},
        3: {"recordCount": 1.0, "rejectedRecordCount": 1.0},
    }


def test_rejected_count_of_global_states_spans_streams_and_resets_per_state() -> None:
    out: list[dict[str, Any]] = []
    cp = Checkpointer(out.append)
    first = [cp.record_arrived((None, s)) for s in ("x", "y", "x")]
    cp.state_arrived({"type": "STATE", "state": {"type": "GLOBAL", "global": {"stream_states": []}, "id": 1}})
    second = cp.record_arrived(("ns", "y"))
    cp.state_arrived({"type": "STATE", "state": {"type": "GLOBAL", "global": {"stream_states": []}, "id": 2}})
    cp.record_finished(second, rejected=False)
    cp.record_finished(first[1], rejected=True)
    cp.record_finished(first[2], rejected=True)
    cp.record_finished(first[0], rejected=False)
    assert [m["state"]["destinationStats"] for m in out] == [
        {"recordCount": 3.0, "rejectedRecordCount": 2.0},
        {"recordCount": 1.0, "rejectedRecordCount": 0.0},
    ]
