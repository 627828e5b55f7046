"""Auth, unknown connection/object, paused connection, categories and permissions."""

from __future__ import annotations

import httpx
import pytest

from integration_tests.simulator.conftest import SimFactory
from integration_tests.simulator.helpers import ats, candidate_body, client_for
from unified_ats_simulator import SimulatorServer


@pytest.mark.parametrize("header", ["Bearer sim-token", "bearer sim-token", "BEARER  sim-token", "sim-token"])
def test_accepted_authorization_forms(sim: SimulatorServer, header: str) -> None:
    response = httpx.get(sim.base_url + ats(sim, "job"), headers={"Authorization": header})
    assert response.status_code == 200


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic sim-token"}])
def test_missing_or_wrong_token_is_401(sim: SimulatorServer, headers: dict[str, str]) -> None:
    for path in (ats(sim, "candidate"), f"/unified/connection/{sim.connection_id}", "/unified/integration"):
        response = httpx.get(sim.base_url + path, headers=headers)
        assert response.status_code == 401
        assert response.json() == {"message": "unauthorized: missing or invalid API token", "status": 401}


def test_unknown_connection_and_objects_are_404(sim: SimulatorServer, client: httpx.Client) -> None:
    assert client.get("/ats/conn_nope/candidate").status_code == 404
    assert client.get("/unified/connection/conn_nope").status_code == 404
    for kind in ("candidate", "application", "document", "job", "applicationstatus"):
        response = client.get(ats(sim, kind, "missing_1"))
        assert response.status_code == 404
        assert response.json()["status"] == 404 and "missing_1" in response.json()["message"]
    assert client.put(ats(sim, "candidate", "missing_1"), json={"title": "x"}).status_code == 404
    assert client.patch(ats(sim, "application", "missing_1"), json={"status": "NEW"}).status_code == 404
    assert client.delete(ats(sim, "document", "missing_1")).status_code == 404
    assert client.get(ats(sim, "interview")).status_code == 404  # not simulated


def test_applicationstatus_is_read_only(sim: SimulatorServer, client: httpx.Client) -> None:
    response = client.post(ats(sim, "applicationstatus"), json={"status": "NEW"})
    assert response.status_code == 405


def test_paused_connection_refuses_ats_calls(make_sim: SimFactory) -> None:
    sim = make_sim(is_paused=True)
    with client_for(sim) as client:
        response = client.get(ats(sim, "job"))
        assert response.status_code == 403 and "paused" in response.json()["message"]
        connection = client.get(f"/unified/connection/{sim.connection_id}").json()
        assert connection["is_paused"] is True
        sim.configure(is_paused=False)
        assert client.get(ats(sim, "job")).status_code == 200


def test_connection_without_ats_category(make_sim: SimFactory) -> None:
    sim = make_sim(categories=["crm"])
    with client_for(sim) as client:
        response = client.get(ats(sim, "candidate"))
        assert response.status_code == 403 and "ats category" in response.json()["message"]
        assert client.get(f"/unified/connection/{sim.connection_id}").json()["categories"] == ["crm"]


def test_reduced_permissions(make_sim: SimFactory) -> None:
    sim = make_sim(permissions=["ats_candidate_read", "ats_job_read"])
    with client_for(sim) as client:
        assert client.get(ats(sim, "candidate")).status_code == 200
        denied = client.post(ats(sim, "candidate"), json=candidate_body())
        assert denied.status_code == 403 and "ats_candidate_write" in denied.json()["message"]
        assert client.get(ats(sim, "application")).status_code == 403
        assert sim.candidates() == []
        permissions = client.get(f"/unified/connection/{sim.connection_id}").json()["permissions"]
        assert permissions == ["ats_candidate_read", "ats_job_read"]


def test_method_unsupported_by_provider_is_501(make_sim: SimFactory) -> None:
    sim = make_sim(profile="greenhouse")
    with client_for(sim) as client:
        response = client.delete(ats(sim, "document", "doc_1"))
        assert response.status_code == 501 and "greenhouse" in response.json()["message"]


def test_token_and_connection_id_are_configurable(make_sim: SimFactory) -> None:
    sim = make_sim(token="tok-123", connection_id="conn_abc")
    response = httpx.get(f"{sim.base_url}/ats/conn_abc/job", headers={"Authorization": "Bearer tok-123"})
    assert response.status_code == 200
    sim.configure(token="tok-456")
    assert httpx.get(f"{sim.base_url}/ats/conn_abc/job", headers={"Authorization": "tok-123"}).status_code == 401
