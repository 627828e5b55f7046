"""Rejected-record and audit lines survive a kill right after a state (local files and S3-compatible storage).

The kill tests start the real connector process on real pipes (the process is the point), keep its stdin
open (so the process is alive and idle after the state, its sinks not closed), read its stdout until the
STATE arrives, and kill it at once. Every line of every record that state covers must then be in the file
or the bucket.
"""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest

from integration_tests.conftest import connector_config
from integration_tests.harness import CONNECTOR, catalog, record, run_connector, stream_state
from integration_tests.s3_server import S3Server, jsonl_gz, s3_server
from unified_ats_simulator import SimulatorServer

SECRET = "s3-secret-Zq8w7Xv-never-in-logs"
ACCESS_KEY = "AKIASINKTEST0001"
UNKNOWN_JOB = "job_that_does_not_exist"


class LiveConnector:
    """The connector process with stdin kept open: messages go in when we say, stdout is read line by line."""

    def __init__(self, tmp: Path, config: dict[str, Any], configured: dict[str, Any]) -> None:
        (tmp / "config.json").write_text(json.dumps(config))
        (tmp / "catalog.json").write_text(json.dumps(configured))
        self.proc = subprocess.Popen(
            [CONNECTOR, "write", "--config", str(tmp / "config.json"), "--catalog", str(tmp / "catalog.json")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.lines: queue.Queue[bytes | None] = queue.Queue()
        self.output: list[bytes] = []
        self.stderr: list[bytes] = []
        assert self.proc.stdout is not None and self.proc.stderr is not None
        threading.Thread(target=self._pump, args=(self.proc.stdout, self.lines), daemon=True).start()
        threading.Thread(target=self._drain, args=(self.proc.stderr,), daemon=True).start()

    @staticmethod
    def _pump(stream: IO[bytes], into: queue.Queue[bytes | None]) -> None:
        for line in stream:
            into.put(line)
        into.put(None)

    def _drain(self, stream: IO[bytes]) -> None:
        self.stderr.extend(stream)

    def send(self, messages: list[dict[str, Any]]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"".join(json.dumps(m).encode() + b"\n" for m in messages))
        self.proc.stdin.flush()

    def wait_for_state(self, state_id: int, timeout: float = 120) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            line = self.lines.get(timeout=max(deadline - time.monotonic(), 0.01))
            assert line is not None, f"the connector ended before state {state_id}:\n{self.text()[-3000:]}"
            self.output.append(line)
            try:
                message = json.loads(line)
            except json.JSONDecodeError:
                continue
            if message.get("type") == "STATE" and message["state"].get("id") == state_id:
                return dict(message["state"])

    def kill(self, sig: signal.Signals) -> None:
        self.proc.send_signal(sig)
        self.proc.wait(timeout=30)
        while (line := self.lines.get(timeout=10)) is not None:
            self.output.append(line)

    def text(self) -> str:
        return b"".join(self.output).decode(errors="replace") + b"".join(self.stderr).decode(errors="replace")


@pytest.fixture
def s3() -> Iterator[S3Server]:
    with s3_server() as server:
        yield server


def batch(start: int, count: int, every_rejected: int = 3) -> tuple[list[dict[str, Any]], set[int], set[int]]:
    """Records at positions start..start+count-1; about a third invalid (no email) or partly written (unknown
    job). Rejected-record lines carry the record, so their payload is sizeable and hard to compress."""
    messages, rejected = [], set()
    for position in range(start, start + count):
        kind = position % every_rejected
        data: dict[str, Any] = {"name": f"Person {position}", "note": os.urandom(200).hex()}
        if kind == 0:
            data["email"] = f"not-an-email-{position}"
            rejected.add(position)
        elif kind == 1 and position % 2:
            data |= {"email": f"p{position}@x.io", "job_id": UNKNOWN_JOB}
            rejected.add(position)
        else:
            data["email"] = f"p{position}@x.io"
        messages.append(record("people", data))
    return messages, set(range(start, start + count)), rejected


def positions(lines: list[dict[str, Any]]) -> set[int]:
    return {line["position"] for line in lines}


@pytest.mark.process
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["sigkill", "sigterm"])
def test_local_sink_lines_are_durable_before_their_state(
    sim: SimulatorServer, tmp_path: Path, sig: signal.Signals
) -> None:
    rejected_path, audit_path = tmp_path / "out" / "rejected.jsonl", tmp_path / "out" / "audit.jsonl"
    config = connector_config(sim, rejected_records_path=str(rejected_path), audit_path=str(audit_path))
    live = LiveConnector(tmp_path, config, catalog("people"))
    first, covered, rejected = batch(1, 30)
    second, _, _ = batch(31, 10)
    live.send([*first, stream_state("people", 30, state_id=1), *second])
    state = live.wait_for_state(1)
    live.kill(sig)

    assert state["destinationStats"] == {"recordCount": 30.0, "rejectedRecordCount": float(len(rejected))}
    audit = [json.loads(line) for line in audit_path.read_text().splitlines()]
    rejected_lines = [json.loads(line) for line in rejected_path.read_text().splitlines()]
    assert covered <= positions(audit)
    assert rejected <= positions(rejected_lines)
    # Every rejected line of a covered record carries the record and why; no covered record is rejected twice.
    covered_rejects = [line for line in rejected_lines if line["position"] in covered]
    assert len(covered_rejects) == len(rejected)
    assert all(line["rejections"] and line["record"]["name"] for line in covered_rejects)


def storage_config(s3: S3Server, bucket: str, **extra: Any) -> dict[str, Any]:
    return {
        "bucket": bucket,
        "prefix": "/syncs/ats/",
        "endpoint": s3.endpoint,
        "region": "us-east-1",
        "access_key_id": ACCESS_KEY,
        "secret_access_key": SECRET,
        **extra,
    }


KEY = re.compile(
    r"^syncs/ats/(rejected_records|audit)/\d{4}/\d{2}/\d{2}/(\d{8}T\d{6}Z-[0-9a-f]{32})-(\d{6})\.jsonl\.gz$"
)


def by_kind(objects: dict[str, bytes]) -> dict[str, dict[str, list[dict[str, Any]]]]:
    kinds: dict[str, dict[str, list[dict[str, Any]]]] = {"rejected_records": {}, "audit": {}}
    for key, body in objects.items():
        match = KEY.match(key)
        assert match, key
        kinds[match.group(1)][key] = jsonl_gz(body)  # each object is a complete gzip stream
    return kinds


@pytest.mark.process
def test_object_storage_parts_for_a_state_are_complete_after_kill_9(
    sim: SimulatorServer, s3: S3Server, tmp_path: Path
) -> None:
    bucket = s3.new_bucket()
    config = connector_config(sim, object_storage=storage_config(s3, bucket, max_file_bytes=2048))
    first, covered, rejected = batch(1, 30)
    second, later, later_rejected = batch(31, 12)
    third, last, last_rejected = batch(43, 6)
    messages = [
        *first,
        stream_state("people", 30, state_id=1),
        *second,
        stream_state("people", 42, state_id=2),
        *third,
        stream_state("people", 48, state_id=3),
    ]
    live = LiveConnector(tmp_path, config, catalog("people"))
    live.send(messages[:31])
    state = live.wait_for_state(1)
    live.kill(signal.SIGKILL)

    assert state["destinationStats"] == {"recordCount": 30.0, "rejectedRecordCount": float(len(rejected))}
    kinds = by_kind(s3.objects(bucket))
    audit = [line for lines in kinds["audit"].values() for line in lines]
    rejected_lines = [line for lines in kinds["rejected_records"].values() for line in lines]
    assert covered <= positions(audit)
    assert rejected <= positions(rejected_lines)
    assert all(line["record"]["note"] for line in rejected_lines)
    # Size rotation: 10 rejected-record lines of ~1 KiB each do not fit one 2 KiB part.
    assert len(kinds["rejected_records"]) >= 2
    first_attempt = {key: body for key, body in s3.objects(bucket).items()}
    assert SECRET not in live.text() and ACCESS_KEY not in live.text()

    # The platform replays what follows state 1 into a new attempt: its files go beside the first attempt's.
    resumed = run_connector("write", config, catalog("people"), messages[31:])
    assert resumed.returncode == 0, resumed.stdout[-3000:]
    assert [s["destinationStats"]["rejectedRecordCount"] for s in resumed.states] == [
        float(len(later_rejected)),
        float(len(last_rejected)),
    ]
    after = s3.objects(bucket)
    assert {k: after[k] for k in first_attempt} == first_attempt  # nothing overwritten
    attempts = {KEY.match(key).group(2) for key in after}  # type: ignore[union-attr]
    assert len(attempts) == 2
    kinds = by_kind(after)

    def lines_of(kind: str, first: bool) -> list[dict[str, Any]]:
        return [line for key, lines in kinds[kind].items() if (key in first_attempt) == first for line in lines]

    # Positions restart at 1 in the replayed input: record 31 of the first attempt is record 1 of the second.
    assert covered <= positions(lines_of("audit", True))
    assert {p + 30 for p in positions(lines_of("audit", False))} == later | last
    assert {p + 30 for p in positions(lines_of("rejected_records", False))} == later_rejected | last_rejected
    assert SECRET not in resumed.stdout + resumed.stderr


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_object_storage_fails_the_sync_before_any_state(sim: SimulatorServer) -> None:
    storage = {
        "bucket": "rejects",
        "endpoint": f"http://127.0.0.1:{closed_port()}",
        "access_key_id": ACCESS_KEY,
        "secret_access_key": SECRET,
    }
    first, _, _ = batch(1, 6)
    started = time.monotonic()
    result = run_connector(
        "write",
        connector_config(sim, object_storage=storage, max_retry_seconds=3),
        catalog("people"),
        [*first, stream_state("people", 6, state_id=1), *batch(7, 3)[0], stream_state("people", 9, state_id=2)],
    )
    elapsed = time.monotonic() - started
    assert result.returncode != 0
    assert result.states == []  # no state whose lines are not stored
    [error] = result.errors
    assert error["failure_type"] == "system_error"
    assert "Object storage: could not store" in error["message"] and "bucket 'rejects'" in error["message"]
    assert "sync stops here" in error["message"]
    # One retry budget (3 s) and the process start-up, not a budget per part or again at close.
    assert elapsed < 20, elapsed
    assert SECRET not in result.stdout + result.stderr and ACCESS_KEY not in result.stdout + result.stderr


def test_a_missing_bucket_is_a_config_error(sim: SimulatorServer, s3: S3Server) -> None:
    first, _, _ = batch(1, 3)
    result = run_connector(
        "write",
        connector_config(sim, object_storage=storage_config(s3, "no-such-bucket-here")),
        catalog("people"),
        [*first, stream_state("people", 3, state_id=1)],
    )
    assert result.returncode != 0 and result.states == []
    [error] = result.errors
    assert error["failure_type"] == "config_error"
    assert "NoSuchBucket" in error["message"] and "object_storage" in error["message"]
    assert SECRET not in result.stdout + result.stderr


def test_check_stores_and_removes_a_check_object_and_names_a_wrong_bucket(sim: SimulatorServer, s3: S3Server) -> None:
    bucket = s3.new_bucket()
    ok = run_connector("check", connector_config(sim, object_storage=storage_config(s3, bucket)))
    assert [m["connectionStatus"] for m in ok.of_type("CONNECTION_STATUS")] == [{"status": "SUCCEEDED"}]
    assert s3.objects(bucket) == {}  # the check object was removed
    wrong = run_connector("check", connector_config(sim, object_storage=storage_config(s3, "not-a-bucket-of-ours")))
    [status] = [m["connectionStatus"] for m in wrong.of_type("CONNECTION_STATUS")]
    assert status["status"] == "FAILED"
    assert "bucket 'not-a-bucket-of-ours'" in status["message"] and "NoSuchBucket" in status["message"]
    assert SECRET not in ok.stdout + ok.stderr + wrong.stdout + wrong.stderr
