"""SIGTERM/SIGINT on the real connector process mid-sync, against a slow simulator, stdin still open.

What the platform does on cancel: the source keeps the pipe open, the destination gets SIGTERM. The
connector must stop reading, give records in flight the grace period, emit only states whose records are
all written, flush its sinks, log the summary and exit promptly with a cancellation trace.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from integration_tests.conftest import connector_config
from integration_tests.harness import CONNECTOR, catalog, record, stream_state
from unified_ats_simulator import SimulatorServer

# The process is the point: signals to the real process, stdin kept open.
pytestmark = pytest.mark.process

JOB = "job_backend_sr"
RECORDS, EVERY = 80, 5


class LiveConnector:
    """`write` as a child process whose stdin stays open; stdout is parsed as it arrives."""

    def __init__(self, config: dict[str, Any], tmp: Path) -> None:
        (tmp / "config.json").write_text(json.dumps(config))
        (tmp / "catalog.json").write_text(json.dumps(catalog("people")))
        args = [CONNECTOR, "write", "--config", str(tmp / "config.json"), "--catalog", str(tmp / "catalog.json")]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
        )
        self.messages: list[dict[str, Any]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.messages.append(json.loads(line))

    def send(self, messages: list[dict[str, Any]]) -> None:
        """Write the messages from a thread (a full pipe must not block the test) and keep stdin open."""
        data = "".join(json.dumps(m) + "\n" for m in messages)

        def write() -> None:
            assert self.proc.stdin is not None
            with contextlib.suppress(BrokenPipeError, ValueError):
                self.proc.stdin.write(data)
                self.proc.stdin.flush()

        threading.Thread(target=write, daemon=True).start()

    def wait_for(self, kind: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while not any(m["type"] == kind for m in self.messages):
            assert time.monotonic() < deadline, f"no {kind} within {timeout}s"
            time.sleep(0.05)

    def stop(self, *signals: signal.Signals, between: float = 0.3, timeout: float = 30.0) -> tuple[int, float]:
        started = time.monotonic()
        for i, sig in enumerate(signals):
            if i:
                time.sleep(between)
            self.proc.send_signal(sig)
        code = self.proc.wait(timeout)
        elapsed = time.monotonic() - started
        self._reader.join(5)
        return code, elapsed

    def of_type(self, kind: str) -> list[dict[str, Any]]:
        return [m for m in self.messages if m["type"] == kind]

    def logs(self) -> list[str]:
        return [m["log"]["message"] for m in self.of_type("LOG")]

    def stderr(self) -> str:
        assert self.proc.stderr is not None
        return self.proc.stderr.read()


def messages(records: int = RECORDS) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i in range(records):
        out.append(record("people", {"email": f"p{i}@x.io", "name": f"Person {i}", "job_id": JOB}))
        if i % EVERY == EVERY - 1:
            out.append(stream_state("people", i, state_id=i))
    return out


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_mid_sync_stops_gracefully_with_states_matching_the_ats(sig: signal.Signals) -> None:
    grace = 2.0
    with tempfile.TemporaryDirectory() as tmp, SimulatorServer(latency_ms=150) as sim:
        audit = Path(tmp, "audit.jsonl")
        config = connector_config(
            sim, max_concurrency=2, search_lag_seconds=0, stop_grace_seconds=grace, audit_path=str(audit)
        )
        live = LiveConnector(config, Path(tmp))
        live.send(messages())  # stdin stays open, as when the source is still reading
        live.wait_for("STATE")
        code, elapsed = live.stop(sig)
        emails = {e["email"] for c in sim.candidates() for e in c.get("emails", [])}
        applied = {a["candidate_id"] for a in sim.applications() if a.get("job_id") == JOB}
        by_email = {e["email"]: c["id"] for c in sim.candidates() for e in c.get("emails", [])}
        audit_lines = [json.loads(line) for line in audit.read_text().splitlines()]
        stderr = live.stderr()

    assert code == 1, stderr[-2000:]
    assert elapsed < grace + 3.0, elapsed
    assert "Fatal Python error" not in stderr and "Traceback" not in stderr
    states = [m["state"] for m in live.of_type("STATE")]
    sent_ids = [i for i in range(RECORDS) if i % EVERY == EVERY - 1]
    ids = [s["id"] for s in states]
    assert ids and ids == sent_ids[: len(ids)], ids  # in order, none skipped, none invented
    assert len(ids) < len(sent_ids)  # it really stopped early
    assert all(s["destinationStats"]["recordCount"] == EVERY for s in states)
    # Every record a state covers is in the ATS, candidate and application, and in the flushed audit trail.
    covered = [f"p{i}@x.io" for i in range(ids[-1] + 1)]
    assert set(covered) <= emails
    assert {by_email[e] for e in covered} <= applied
    assert {line["position"] for line in audit_lines} >= set(range(1, ids[-1] + 2))
    logs = "\n".join(live.logs())
    assert f"{sig.name} received: reading no more input" in logs
    assert "Sync summary" in logs and f"Stopped by {sig.name}:" in logs
    [trace] = [m["trace"]["error"] for m in live.of_type("TRACE")]
    assert trace["failure_type"] == "transient_error" and "The sync was cancelled" in trace["message"]


def test_a_second_signal_ends_the_grace_period_at_once() -> None:
    with tempfile.TemporaryDirectory() as tmp, SimulatorServer(latency_ms=400) as sim:
        config = connector_config(sim, max_concurrency=2, search_lag_seconds=0, stop_grace_seconds=60)
        live = LiveConnector(config, Path(tmp))
        live.send(messages())
        live.wait_for("STATE")
        code, elapsed = live.stop(signal.SIGTERM, signal.SIGTERM)
        stderr = live.stderr()
    assert code == 1 and "Fatal Python error" not in stderr
    assert elapsed < 5.0, elapsed  # not the 60 s grace
    assert any("received again: stopping now" in line for line in live.logs())
