"""The deterministic scripted fault queue, from Python and through the admin endpoint."""

from __future__ import annotations

import time

import httpx
import pytest

from integration_tests.simulator.helpers import ats, candidate_body, create
from unified_ats_simulator import ScriptedFault, SimulatorServer


def test_next_post_candidate_applied_then_503(sim: SimulatorServer, client: httpx.Client) -> None:
    sim.script(ScriptedFault.applied_then_error("POST", "candidate", status=503))
    assert client.get(ats(sim, "candidate")).status_code == 200  # GET does not match
    first = client.post(ats(sim, "candidate"), json=candidate_body("one@example.com"))
    assert first.status_code == 503 and first.json()["status"] == 503
    assert len(sim.candidates()) == 1
    assert client.post(ats(sim, "candidate"), json=candidate_body("two@example.com")).status_code == 200
    assert len(sim.candidates()) == 2
    assert sim.pending_faults() == []


def test_next_two_get_job_answer_500(sim: SimulatorServer, client: httpx.Client) -> None:
    sim.script(ScriptedFault.error("GET", "job", status=500, times=2))
    assert client.get(ats(sim, "candidate")).status_code == 200
    assert [client.get(ats(sim, "job", "job_frontend")).status_code for _ in range(3)] == [500, 500, 200]


def test_next_request_429_with_retry_after(sim: SimulatorServer, client: httpx.Client) -> None:
    sim.script(ScriptedFault.rate_limited(retry_after=1))
    response = client.post(ats(sim, "candidate"), json=candidate_body())
    assert response.status_code == 429 and response.headers["Retry-After"] == "1"
    assert sim.candidates() == []
    sim.configure(retry_after_format="http-date")
    sim.script(ScriptedFault.rate_limited("GET", retry_after=2))
    assert "GMT" in client.get(ats(sim, "job")).headers["Retry-After"]


def test_scripted_drop_applies_then_disconnects(sim: SimulatorServer, client: httpx.Client) -> None:
    sim.script(ScriptedFault.drop("POST", "application"))
    candidate = create(client, sim, "candidate", candidate_body())
    with pytest.raises(httpx.TransportError):
        client.post(ats(sim, "application"), json={"candidate_id": candidate["id"], "job_id": "job_frontend"})
    assert [a["candidate_id"] for a in sim.applications()] == [candidate["id"]]


def test_scripted_delay(sim: SimulatorServer, client: httpx.Client) -> None:
    sim.script(ScriptedFault.delay(400, "GET", "job"))
    with pytest.raises(httpx.ReadTimeout):
        client.get(ats(sim, "job"), timeout=0.1)
    started = time.monotonic()
    assert client.get(ats(sim, "job")).status_code == 200
    assert time.monotonic() - started < 0.3


def test_faults_are_used_in_order(sim: SimulatorServer, client: httpx.Client) -> None:
    sim.script(ScriptedFault.error(status=502), ScriptedFault.error(status=504))
    assert [client.get(ats(sim, "job")).status_code for _ in range(3)] == [502, 504, 200]


def test_faults_through_admin_endpoint_and_never_on_admin(sim: SimulatorServer, client: httpx.Client) -> None:
    body = {"faults": [{"action": "error", "method": "GET", "kind": "candidate", "status": 503, "times": 2}]}
    pending = client.post("/_admin/faults", json=body).json()
    assert pending[0]["times"] == 2
    assert client.get("/_admin/state").status_code == 200  # admin never consumes faults
    assert client.get(ats(sim, "candidate")).status_code == 503
    assert client.get("/_admin/faults").json()[0]["times"] == 1
    assert client.delete("/_admin/faults").json() == []
    assert client.get(ats(sim, "candidate")).status_code == 200
    bad = client.post("/_admin/faults", json={"faults": [{"action": "explode"}]})
    assert bad.status_code == 400 and "explode" in bad.json()["message"]


def test_faults_via_configure(sim: SimulatorServer, client: httpx.Client) -> None:
    sim.configure(faults=[{"action": "error", "kind": "document", "status": 500}])
    assert client.get(ats(sim, "document")).status_code == 500
    assert client.get(ats(sim, "document")).status_code == 200
