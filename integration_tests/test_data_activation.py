"""Data activation: `discover` returns a DestinationCatalog, and `write` honours destination_object_name and
the user's matching keys."""

from __future__ import annotations

import base64
from typing import Any

import jsonschema

from integration_tests.conftest import connector_config
from integration_tests.harness import record, run_connector
from unified_ats_simulator import SimulatorServer

JOB = "job_backend_sr"


def activation_catalog(stream: str, object_name: str, sync_mode: str, primary_key: list[list[str]]) -> dict[str, Any]:
    return {
        "streams": [
            {
                "stream": {"name": stream, "json_schema": {"type": "object"}, "supported_sync_modes": ["incremental"]},
                "sync_mode": "incremental",
                "destination_sync_mode": sync_mode,
                "destination_object_name": object_name,
                "primary_key": primary_key,
            }
        ]
    }


def test_discover_returns_a_valid_destination_catalog(sim: SimulatorServer) -> None:
    result = run_connector("discover", connector_config(sim))
    assert result.returncode == 0, result.stderr[-2000:]
    [message] = result.of_type("DESTINATION_CATALOG")
    operations = message["destination_catalog"]["operations"]
    pairs = {(op["object_name"], op["sync_mode"]) for op in operations}
    assert pairs == {
        ("candidate", "append"),
        ("candidate", "append_dedup"),
        ("candidate", "update"),
        ("application", "append_dedup"),
        ("document", "append"),
    }
    by_key = {(op["object_name"], op["sync_mode"]): op for op in operations}
    assert by_key[("candidate", "append_dedup")]["matching_keys"] == [["email"]]
    assert by_key[("application", "append_dedup")]["matching_keys"] == [["email"], ["job_id"]]
    for op in operations:
        jsonschema.Draft7Validator.check_schema(op["json_schema"])
        assert "email" in op["json_schema"]["required"]
    # The protocol models accept it.
    from airbyte_protocol_dataclasses.models import DestinationCatalog  # noqa: F401


def test_candidate_object_with_a_custom_matching_key_writes_candidates_only(sim: SimulatorServer) -> None:
    rows = [
        {"contact": {"work_email": "ann@x.io"}, "name": "Ann Lee", "job_id": JOB, "tags": ["a"]},
        {"contact": {"work_email": "ANN@x.io"}, "tags": ["b"]},
        {"contact": {"work_email": "bo@x.io"}, "name": "Bo Chan"},
    ]
    catalog = activation_catalog("crm", "candidate", "append_dedup", [["contact", "work_email"]])
    result = run_connector(
        "write", connector_config(sim, tags=["activation"]), catalog, [record("crm", r) for r in rows]
    )
    assert result.returncode == 0, result.stdout[-2000:]
    candidates = {c["emails"][0]["email"]: c for c in sim.candidates()}
    assert set(candidates) == {"ann@x.io", "bo@x.io"}
    assert candidates["ann@x.io"]["tags"] == ["activation", "a", "b"]
    assert sim.applications() == []  # the candidate object does not apply to jobs


def test_update_operation_never_creates(sim: SimulatorServer) -> None:
    sim.state.store.create("candidate", {"name": "Known", "emails": [{"email": "known@x.io"}], "tags": ["old"]})
    rows = [{"email": "known@x.io", "tags": ["new"]}, {"email": "stranger@x.io", "tags": ["new"]}]
    catalog = activation_catalog("crm", "candidate", "update", [["email"]])
    result = run_connector("write", connector_config(sim), catalog, [record("crm", r) for r in rows])
    assert result.returncode == 0
    [candidate] = sim.candidates()
    assert candidate["tags"] == ["old", "new"]
    assert (
        "record #2 of stream 'crm' rejected: candidate: no candidate with this email is in the ATS" in result.log_text()
    )


def test_application_object_matches_on_email_and_job_keys(sim: SimulatorServer) -> None:
    rows = [
        {"person": "cy@x.io", "req": JOB, "name": "Cy Ng", "application_status": "SCREENING"},
        {"person": "cy@x.io", "req": JOB},
        {"person": "cy@x.io", "req": "job_sre"},
        {"person": "dee@x.io", "name": "Dee"},
    ]
    catalog = activation_catalog("apps", "application", "append_dedup", [["person"], ["req"]])
    result = run_connector("write", connector_config(sim), catalog, [record("apps", r) for r in rows])
    assert result.returncode == 0
    assert sorted((a["job_id"], a["status"]) for a in sim.applications()) == [(JOB, "SCREENING"), ("job_sre", "NEW")]
    assert len(sim.candidates()) == 1
    assert (
        "record #4 of stream 'apps' rejected: record: job_id: the application operation needs a job_id"
        in result.log_text()
    )


def test_document_object_attaches_resumes(sim: SimulatorServer) -> None:
    pdf = base64.b64encode(b"%PDF-1.4 cv").decode()
    rows = [
        {"email": "eve@x.io", "name": "Eve", "resume_base64": pdf, "resume_filename": "eve.pdf"},
        {"email": "eve@x.io", "resume_base64": pdf, "resume_filename": "eve.pdf"},
    ]
    catalog = activation_catalog("files", "document", "append", [["email"]])
    result = run_connector("write", connector_config(sim), catalog, [record("files", r) for r in rows])
    assert result.returncode == 0
    assert [d["filename"] for d in sim.documents()] == ["eve.pdf"]


def test_an_unknown_object_name_is_a_config_error(sim: SimulatorServer) -> None:
    catalog = activation_catalog("x", "offer", "append", [["email"]])
    result = run_connector("write", connector_config(sim), catalog, [record("x", {"email": "a@x.io"})])
    assert result.returncode == 1
    [error] = result.errors
    assert (
        error["failure_type"] == "config_error"
        and "'offer' is not one of candidate, application, document" in error["message"]
    )
