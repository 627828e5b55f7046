"""`destination-unified-ats check` against the simulator: one actionable message per failure."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from integration_tests.conftest import connector_config
from integration_tests.harness import run_connector
from unified_ats_simulator import ScriptedFault, SimulatorServer


def check(config: dict[str, Any]) -> dict[str, Any]:
    result = run_connector("check", config)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stdout + result.stderr
    [status] = result.of_type("CONNECTION_STATUS")
    return dict(status["connectionStatus"])


def test_spec_prints_a_valid_spec() -> None:
    result = run_connector("spec")
    [spec] = result.of_type("SPEC")
    assert spec["spec"]["connectionSpecification"]["properties"]["api_token"]["airbyte_secret"] is True


def test_check_succeeds(sim: SimulatorServer) -> None:
    assert check(connector_config(sim, default_job_id="job_backend_sr")) == {"status": "SUCCEEDED"}


def test_bad_token(sim: SimulatorServer) -> None:
    status = check({**connector_config(sim), "api_token": "wrong-token-value"})
    assert status["status"] == "FAILED" and "rejected the API token (401" in status["message"]
    assert "wrong-token-value" not in status["message"]


def test_unknown_connection(sim: SimulatorServer) -> None:
    status = check({**connector_config(sim), "connection_id": "conn_nope"})
    assert status["status"] == "FAILED"
    assert "Connection 'conn_nope' was not found" in status["message"] and "region" in status["message"]


def test_not_an_ats_connection() -> None:
    with SimulatorServer(categories=("crm",)) as sim:
        status = check(connector_config(sim))
    assert "is not an ATS connection (categories: crm)" in status["message"]


@pytest.mark.parametrize("missing", ["ats_candidate_write", "ats_application_write", "ats_document_write"])
def test_missing_permission_is_named(missing: str) -> None:
    from unified_ats_simulator.vocab import ALL_ATS_PERMISSIONS

    with SimulatorServer(permissions=[p for p in ALL_ATS_PERMISSIONS if p != missing]) as sim:
        status = check(connector_config(sim))
    assert status["status"] == "FAILED" and f"lacks the permission(s) {missing}." in status["message"]


def test_paused_connection() -> None:
    with SimulatorServer(is_paused=True) as sim:
        status = check(connector_config(sim))
    assert "is paused in Unified.to" in status["message"]


def test_unreachable_api_names_the_url() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    config = {"api_token": "token-unreachable-case", "connection_id": "c", "base_url": url, "max_retry_seconds": 2}
    result = run_connector("check", config)
    # An outage, not a config problem: an error trace and a non-zero exit, as the CDK's sources do.
    assert result.returncode == 1 and result.of_type("CONNECTION_STATUS") == []
    [error] = result.errors
    assert error["failure_type"] == "transient_error"
    assert f"Could not reach the Unified API at {url}" in error["message"]
    assert "Cannot connect to host 127.0.0.1" in error["message"]


def test_default_job_must_exist_and_be_open(sim: SimulatorServer) -> None:
    status = check(connector_config(sim, default_job_id="job_missing"))
    assert "default_job_id 'job_missing' does not exist in the ATS" in status["message"]
    status = check(connector_config(sim, default_job_id="job_eng_manager"))
    assert "is CLOSED; applications need an OPEN job" in status["message"]


def test_a_default_job_id_the_provider_refuses_is_a_failed_status_saying_so(sim: SimulatorServer) -> None:
    sim.script(ScriptedFault.error("GET", "job", status=400, object_id="12x"))
    status = check(connector_config(sim, default_job_id="12x"))
    assert status["status"] == "FAILED"
    assert "default_job_id '12x' was refused by the ATS (400: simulated provider error (scripted))" in status["message"]


def test_invalid_config_is_a_failed_status_not_a_traceback(sim: SimulatorServer) -> None:
    status = check({"api_token": "secret-value-123", "connection_id": "c", "region": "mars"})
    assert status["status"] == "FAILED" and "region" in status["message"]
    assert "secret-value-123" not in status["message"]
