"""The pipeline's reading side in-process: lines that never reach the ATS (invalid lines, unknown message
types, records intake rejects) and what they leave behind: counts, states, rejected-records lines."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, cast

import orjson
import pytest

from destination_unified_ats.errors import SyncFailure
from destination_unified_ats.intake import CUT, StreamSettings
from destination_unified_ats.operations import stream_operation
from destination_unified_ats.pipeline import PipelineSettings, WritePipeline
from destination_unified_ats.sinks import JsonlSink
from destination_unified_ats.workflow import RecordWriter


class _NoWrites:
    """Stands in for the writer where no record may reach it (every record here is refused at intake)."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the writer was used ({name}) for a record intake should have refused")


def state(cursor: int, state_id: int) -> str:
    return json.dumps(
        {
            "type": "STATE",
            "state": {
                "type": "STREAM",
                "id": state_id,
                "stream": {"stream_descriptor": {"name": "people"}, "stream_state": {"c": cursor}},
            },
        }
    )


def record_line(data: Any, stream: str = "people") -> str:
    return json.dumps({"type": "RECORD", "record": {"stream": stream, "data": data, "emitted_at": 0}})


async def _lines(lines: list[str]) -> AsyncIterator[bytes]:
    for line in lines:
        yield line.encode()


def run(lines: list[str], tmp_path: Path, **settings: Any) -> tuple[WritePipeline, list[dict[str, Any]], list[Any]]:
    emitted: list[dict[str, Any]] = []
    streams = {(None, "people"): StreamSettings([["email"]], stream_operation(None, "append_dedup", [["email"]]))}
    sink = JsonlSink(tmp_path / "rejected.jsonl")
    pipeline = WritePipeline(
        cast(RecordWriter, _NoWrites()), streams, PipelineSettings(**settings), emitted.append, sink
    )
    failure: list[Any] = []
    try:
        asyncio.run(pipeline.run(_lines(lines)))
    except SyncFailure as exc:
        failure.append(exc)
    sink.close()
    return pipeline, emitted, failure


def rejected_lines(tmp_path: Path) -> list[dict[str, Any]]:
    path = tmp_path / "rejected.jsonl"
    return [orjson.loads(line) for line in path.read_bytes().splitlines()] if path.exists() else []


def nested(depth: int) -> Any:
    value: Any = "bottom"
    for _ in range(depth):
        value = {"n": value}
    return value


def test_unknown_message_types_are_named_once_each(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    lines = ['{"type": "SURPRISE"}', '{"type": "SURPRISE"}', '{"type": "OTHER"}', '{"type": "TRACE", "trace": {}}']
    with caplog.at_level(logging.WARNING, logger="airbyte"):
        pipeline, _, failure = run([*lines, state(1, 1)], tmp_path)
    warnings = [r.getMessage() for r in caplog.records]
    assert len([w for w in warnings if "'SURPRISE'" in w]) == 1 and len([w for w in warnings if "'OTHER'" in w]) == 1
    assert not any("TRACE" in w for w in warnings)  # a protocol message a destination may be sent
    assert failure == [] and pipeline.invalid_lines == 0


def test_fail_policy_stops_at_an_invalid_line_after_emitting_the_states_before_it(tmp_path: Path) -> None:
    lines = [state(1, 1), "not json", state(2, 2)]
    _, emitted, [failure] = run(lines, tmp_path, fail_on_invalid=True)
    assert [m["state"]["id"] for m in emitted] == [1]
    assert failure.failure_type.value == "config_error"
    assert "input line 2 is not JSON" in failure.message and "on_invalid_record is 'fail'" in failure.message


def test_skip_policy_counts_invalid_lines_and_writes_their_reasons(tmp_path: Path) -> None:
    lines = ["not json", "[1]", '{"no": "type"}', '"text"', state(1, 1)]
    pipeline, emitted, failure = run(lines, tmp_path)
    assert failure == [] and [m["state"]["id"] for m in emitted] == [1]
    assert pipeline.invalid_lines == 4
    assert pipeline.totals.rejected_by_reason["input: line is not an Airbyte message"] == 4
    assert [line["line"] for line in rejected_lines(tmp_path)] == [1, 2, 3, 4]


def test_a_deep_record_is_rejected_and_its_rejected_line_is_writable(tmp_path: Path) -> None:
    data = {"email": "deep@x.io", "name": "Deep", "profile": nested(900)}
    _, emitted, failure = run([record_line(data), state(1, 1)], tmp_path)
    assert failure == [] and emitted[0]["state"]["destinationStats"]["recordCount"] == 1.0
    [line] = rejected_lines(tmp_path)
    assert "nested more than 64 levels deep" in json.dumps(line["rejections"])
    assert CUT in json.dumps(line["record"]) and line["record"]["email"] == "deep@x.io"


@pytest.mark.parametrize("order", ["envelope first", "envelope last"])
def test_a_record_too_deep_for_the_json_parser_is_a_rejected_record_of_its_stream(tmp_path: Path, order: str) -> None:
    deep = "[" * 1500 + "]" * 1500
    if order == "envelope first":
        line = '{"type": "RECORD", "record": {"stream": "people", "data": {"x": ' + deep + "}}}"
    else:
        line = '{"record": {"data": {"x": ' + deep + '}, "stream": "people"}, "type": "RECORD"}'
    pipeline, emitted, failure = run([line, state(1, 1)], tmp_path)
    assert failure == [] and pipeline.invalid_lines == 0
    assert pipeline.totals.records_rejected == 1
    assert emitted[0]["state"]["destinationStats"]["recordCount"] == 1.0
    [rejected] = rejected_lines(tmp_path)
    assert rejected["record"] is None and "too deeply to be read as JSON" in json.dumps(rejected["rejections"])


def test_a_record_too_deep_to_parse_fails_the_sync_under_the_fail_policy(tmp_path: Path) -> None:
    line = '{"type": "RECORD", "record": {"stream": "people", "data": ' + "[" * 1500 + "]" * 1500 + "}}"
    _, emitted, [failure] = run([state(0, 1), line, state(1, 2)], tmp_path, fail_on_invalid=True)
    assert [m["state"]["id"] for m in emitted] == [1]
    assert "too deeply" in failure.message
