"""Dry run, audit trail, progress and failure classes, through the real connector process."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from destination_unified_ats.audit import email_hash
from integration_tests.conftest import connector_config
from integration_tests.harness import catalog, record, run_connector, stream_state
from unified_ats_simulator import ScriptedFault, SimulatorServer
from unified_ats_simulator.vocab import ALL_ATS_PERMISSIONS

PDF = base64.b64encode(b"%PDF-1.4 resume").decode()
JOB, CLOSED = "job_backend_sr", "job_eng_manager"
COMPARED = (
    "outcome",
    "position",
    "stream",
    "candidate_action",
    "application_action",
    "job_id",
    "document_action",
    "stage",
    "stage_action",
    "rejections",
    "source_primary_key",
    "email_hashes",
)


def seeded() -> SimulatorServer:
    return SimulatorServer(
        candidates=[{"id": "cand_existing", "name": "Old Timer", "emails": [{"email": "old@x.io"}], "tags": ["vip"]}],
        applications=[{"id": "app_existing", "candidate_id": "cand_existing", "job_id": JOB, "status": "NEW"}],
    )


def messages() -> list[dict[str, Any]]:
    rows = [
        {"id": 1, "email": "new@x.io", "name": "New Person", "job_id": JOB, "resume_base64": PDF},
        {"id": 2, "name": "Test Person", "email": "old@x.io", "job_id": JOB, "tags": ["sourced"]},
        {"id": 3, "name": "Test Person", "email": "NEW@x.io", "job_id": "job_sre"},
        {"id": 4, "name": "Test Person", "email": "broken", "job_id": JOB},
        {"id": 5, "email": "closed@x.io", "name": "Closed Job", "job_id": CLOSED},
    ]
    return [record("people", row) for row in rows] + [stream_state("people", 5, state_id=9)]


def audit_lines(path: Path) -> list[dict[str, Any]]:
    return sorted((json.loads(line) for line in path.read_text().splitlines()), key=lambda e: e["position"])


def test_dry_run_writes_nothing_and_predicts_the_real_run(tmp_path: Path) -> None:
    keyed = catalog("people")
    keyed["streams"][0]["primary_key"] = [["id"]]
    with seeded() as sim:
        before = (sim.candidates(), sim.applications(), sim.documents())
        dry = run_connector(
            "write",
            connector_config(sim, dry_run=True, application_status="REVIEWING", audit_path=str(tmp_path / "dry.jsonl")),
            keyed,
            messages(),
        )
        assert dry.returncode == 0, dry.stdout[-2000:]
        assert (sim.candidates(), sim.applications(), sim.documents()) == before
        assert {k: v for k, v in sim.request_counts().items() if k[0] != "GET"} == {}
        real = run_connector(
            "write",
            connector_config(sim, application_status="REVIEWING", audit_path=str(tmp_path / "real.jsonl")),
            keyed,
            messages(),
        )
        assert real.returncode == 0
    predicted, actual = audit_lines(tmp_path / "dry.jsonl"), audit_lines(tmp_path / "real.jsonl")
    assert [{k: e[k] for k in COMPARED} for e in predicted] == [{k: e[k] for k in COMPARED} for e in actual]
    assert all(e["dry_run"] for e in predicted) and not any(e["dry_run"] for e in actual)
    text = dry.log_text()
    assert "Dry run: record #1 of stream 'people' would create candidate dry-run-candidate-" in text
    assert "create application to job job_backend_sr, set stage REVIEWING, attach resume" in text
    assert (
        "Dry run: record #2 of stream 'people' would reuse and update candidate cand_existing, keep application to job job_backend_sr, set stage REVIEWING"
        in text
    )
    assert "Dry run summary, nothing was written" in text and "candidates would be created" in text
    assert [s["id"] for s in dry.states] == [9]


def test_audit_trail_records_each_outcome(tmp_path: Path) -> None:
    keyed = catalog("people")
    keyed["streams"][0]["primary_key"] = [["id"]]
    with seeded() as sim:
        result = run_connector("write", connector_config(sim, audit_path=str(tmp_path / "a.jsonl")), keyed, messages())
        assert result.returncode == 0
        new_id = next(c["id"] for c in sim.candidates() if c["emails"][0]["email"] == "new@x.io")
        [doc] = sim.documents()
    entries = audit_lines(tmp_path / "a.jsonl")
    assert [e["outcome"] for e in entries] == ["written", "written", "written", "rejected", "partially_written"]
    first, second, third, fourth, fifth = entries
    assert (
        first["source_primary_key"] == 1 and first["candidate_id"] == new_id and first["candidate_action"] == "created"
    )
    assert (
        first["application_action"] == "created"
        and first["document_id"] == doc["id"]
        and first["document_action"] == "attached"
    )
    assert first["email_hashes"] == [email_hash("new@x.io")] and "emails" not in first
    assert "new@x.io" not in (tmp_path / "a.jsonl").read_text()
    assert (
        second["candidate_id"] == "cand_existing"
        and second["candidate_action"] == "updated"
        and second["application_action"] == "existing"
    )
    assert third["candidate_id"] == new_id and third["candidate_action"] == "reused" and third["job_id"] == "job_sre"
    assert (
        fourth["candidate_id"] is None
        and fourth["rejections"] == ["record: email: no valid email address: 'broken'"]
        and fourth["source_primary_key"] == 4
    )
    assert (
        fifth["candidate_action"] == "created"
        and fifth["application_id"] is None
        and "is CLOSED" in fifth["rejections"][0]
    )


def test_audit_trail_with_emails_in_clear(tmp_path: Path) -> None:
    with SimulatorServer() as sim:
        run_connector(
            "write",
            connector_config(sim, audit_path=str(tmp_path / "a.jsonl"), audit_include_emails=True),
            catalog("people"),
            [record("people", {"name": "Test Person", "email": "Clear@X.io"})],
        )
    [entry] = audit_lines(tmp_path / "a.jsonl")
    assert entry["emails"] == ["Clear@X.io"] and "email_hashes" not in entry


def test_progress_lines_at_a_steady_interval() -> None:
    with SimulatorServer(latency_ms=60) as sim:
        rows = [record("people", {"name": "Test Person", "email": f"p{i}@x.io", "job_id": JOB}) for i in range(30)]
        result = run_connector(
            "write",
            connector_config(sim, progress_interval_seconds=1, max_concurrency=2, candidate_lookup="search"),
            catalog("people"),
            rows,
        )
    progress = [line for line in result.logs if line.startswith("Progress: ")]
    assert len(progress) >= 2, result.logs
    assert "records done" in progress[0] and "requests" in progress[0] and "rate-limited" in progress[0]


def write_failure(sim: SimulatorServer, rows: list[dict[str, Any]], **config: Any) -> tuple[dict[str, Any], Any]:
    result = run_connector("write", connector_config(sim, **config), catalog("people"), rows)
    assert result.returncode == 1
    [error] = result.errors
    return error, result


def test_revoked_token_is_a_config_error() -> None:
    with SimulatorServer() as sim:
        error, _ = write_failure(
            sim, [record("people", {"name": "Test Person", "email": "a@x.io"})], api_token="revoked-token-0000"
        )
    assert error["failure_type"] == "config_error" and "rejected the API token" in error["message"]


def test_missing_permission_is_a_config_error() -> None:
    with SimulatorServer(permissions=[p for p in ALL_ATS_PERMISSIONS if p != "ats_application_write"]) as sim:
        error, _ = write_failure(sim, [record("people", {"name": "Test Person", "email": "a@x.io"})])
    assert error["failure_type"] == "config_error" and "ats_application_write" in error["message"]


def test_unknown_default_job_is_a_config_error() -> None:
    with SimulatorServer() as sim:
        error, _ = write_failure(
            sim, [record("people", {"name": "Test Person", "email": "a@x.io"})], default_job_id="job_gone"
        )
        assert sim.candidates() == []
    assert (
        error["failure_type"] == "config_error"
        and "default_job_id: job_id 'job_gone' does not exist" in error["message"]
    )


def test_token_revoked_mid_sync_is_a_config_error_and_keeps_earlier_states() -> None:
    with SimulatorServer() as sim:
        rows = [
            record("people", {"name": "Test Person", "email": "first@x.io", "job_id": JOB}),
            stream_state("people", 1, state_id=1),
        ]
        rows += [
            record("people", {"name": "Test Person", "email": "second@x.io", "job_id": JOB}),
            stream_state("people", 2, state_id=2),
        ]
        sim.script(
            ScriptedFault("error", "POST", "application", status=401, times=1),
            ScriptedFault("error", "POST", "application", status=401, times=5),
        )
        # The first application gets the 401: no state may pass the failed record.
        error, result = write_failure(sim, rows, max_concurrency=1)
    assert (
        error["failure_type"] == "config_error" and "refused the API token or a permission mid-sync" in error["message"]
    )
    assert result.states == []


@pytest.mark.parametrize("status", [503, 502])
def test_api_down_past_the_retry_budget_is_a_transient_error_with_the_last_cause(status: int) -> None:
    with SimulatorServer() as sim:
        sim.script(ScriptedFault.error("GET", "candidate", status=status, times=1000))
        error, _ = write_failure(
            sim,
            [record("people", {"name": "Test Person", "email": "a@x.io"})],
            max_retry_seconds=2,
            search_lag_seconds=0,
            candidate_lookup="search",  # the failure mid-sync, on the record's search (auto lists at start)
        )
    assert error["failure_type"] == "transient_error"
    assert "kept failing past the retry budget" in error["message"] and f"answered {status}" in error["message"]
