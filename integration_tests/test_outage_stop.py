"""A full outage mid-sync ends the sync within `max_retry_seconds` (plus about a second), not minutes.

Before the outage circuit, each in-flight record retried on its own budget, plus backoff overshoot: a
10 s budget ended a sync after 39-64 s. The outage here starts while records are in flight.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pytest

from integration_tests.conftest import connector_config
from integration_tests.test_graceful_stop import LiveConnector, messages
from unified_ats_simulator import SimulatorServer

# The process is the point: the real process ending during an outage, stdin kept open.
pytestmark = pytest.mark.process

BUDGET = 4.0


@pytest.mark.parametrize("outage", ["503", "hang"])
def test_a_full_outage_mid_sync_ends_within_the_budget(outage: str) -> None:
    with tempfile.TemporaryDirectory() as tmp, SimulatorServer(latency_ms=20) as sim:
        # A first attempt waits up to the request timeout (it is not a retry); retries share the budget.
        config = connector_config(
            sim, max_retry_seconds=BUDGET, request_timeout_seconds=2, search_lag_seconds=0, max_concurrency=8
        )
        live = LiveConnector(config, Path(tmp))
        live.send(messages(3000))  # far more than the sync writes before the outage starts
        live.wait_for("STATE")
        if outage == "503":
            sim.configure(error_rate=1.0, error_statuses=[503])
        else:
            sim.configure(latency_ms=600_000)  # every request hangs, longer than the request timeout
        started = time.monotonic()
        code = live.proc.wait(60)
        elapsed = time.monotonic() - started
        live._reader.join(5)
    assert code == 1
    assert elapsed < BUDGET + 2.5, elapsed
    [trace] = [m["trace"]["error"] for m in live.of_type("TRACE")]
    assert trace["failure_type"] == "transient_error" and "kept failing past the retry budget" in trace["message"]
    assert any(line.startswith("Sync summary") for line in live.logs())
