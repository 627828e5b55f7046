"""429 storms: Retry-After is honoured across every in-flight request, and the sync still finishes."""

from __future__ import annotations

from integration_tests.conftest import connector_config
from integration_tests.harness import catalog, record, run_connector, stream_state
from unified_ats_simulator import ScriptedFault, SimulatorServer

JOB = "job_backend_sr"


def test_a_429_storm_is_ridden_out_and_everything_lands() -> None:
    with SimulatorServer(rate_limit_rps=15, rate_limit_burst=3) as sim:
        messages = [record("people", {"name": "Test Person", "email": f"r{i}@x.io", "job_id": JOB}) for i in range(40)]
        messages.append(stream_state("people", 40, state_id=1))
        result = run_connector("write", connector_config(sim, max_concurrency=8), catalog("people"), messages)
        assert result.returncode == 0, result.stdout[-2000:]
        assert len(sim.candidates()) == 40 and len(sim.applications()) == 40
        limited = sim.state.log.outcomes().get("rate_limited", 0)
    assert limited > 0
    assert result.states[0]["destinationStats"] == {"recordCount": 40.0, "rejectedRecordCount": 0.0}
    assert int(result.log_text().split("429 answers")[1].split()[0]) == limited


def test_no_request_is_sent_before_the_retry_after_window_ends() -> None:
    with SimulatorServer() as sim:
        sim.script(ScriptedFault.rate_limited("POST", "candidate", retry_after=2))
        messages = [record("people", {"name": "Test Person", "email": f"w{i}@x.io", "job_id": JOB}) for i in range(12)]
        result = run_connector("write", connector_config(sim, max_concurrency=6), catalog("people"), messages)
        assert result.returncode == 0
        entries = sim.requests()
        assert len(sim.candidates()) == 12
    [limited] = [e for e in entries if e.status == 429]
    # Requests already on the wire when the 429 was answered may arrive just after it; after that, silence
    # until the window (2 s) ends.
    window = [e for e in entries if limited.ts + 0.25 < e.ts < limited.ts + 1.9]
    assert window == [], [(round(e.ts - limited.ts, 3), e.method, e.kind) for e in window]
    assert any(e.ts >= limited.ts + 1.9 for e in entries)
