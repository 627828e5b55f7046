"""Intake through the real connector: what is refused before any write (sync modes, config and catalog
files), what stops the sync (`on_invalid_record: fail`), and the bounds a record cannot push past (names,
addresses searched)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from integration_tests.conftest import connector_config
from integration_tests.harness import CONNECTOR, catalog, record, run_connector, stream_state
from unified_ats_simulator import SimulatorServer

JOB = "job_backend_sr"


def searches(sim: SimulatorServer) -> list[str]:
    return [r.query["query"] for r in sim.requests() if r.method == "GET" and "query" in r.query]


def test_a_record_with_fifty_addresses_costs_at_most_five_searches(sim: SimulatorServer) -> None:
    emails = [f"fifty{i}@x.io" for i in range(50)]
    sim.state.store.create("candidate", {"name": "Known", "emails": [{"email": "fifty40@x.io"}]})
    messages = [record("people", {"name": "Fifty Mails", "emails": emails}), stream_state("people", 1, state_id=1)]
    result = run_connector(
        "write", connector_config(sim, search_lag_seconds=0, candidate_lookup="search"), catalog("people"), messages
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert searches(sim) == emails[:5]
    # The known address is beyond the searched ones: that is the documented trade-off, and the summary says so.
    assert "records with extra emails not searched" in result.log_text()
    assert int(result.log_text().split("records with extra emails not searched")[1].split()[0]) == 1
    created = [c for c in sim.candidates() if c["name"] == "Fifty Mails"]
    assert len(created) == 1 and len(created[0]["emails"]) == 50


def test_max_searched_emails_is_configurable(sim: SimulatorServer) -> None:
    emails = [f"conf{i}@x.io" for i in range(8)]
    config = connector_config(sim, search_lag_seconds=0, max_searched_emails=2, candidate_lookup="search")
    result = run_connector("write", config, catalog("people"), [record("people", {"name": "C", "emails": emails})])
    assert result.returncode == 0
    assert searches(sim) == emails[:2]


def test_nameless_records_never_create_but_reach_existing_candidates(sim: SimulatorServer) -> None:
    sim.state.store.create("candidate", {"name": "Known Person", "emails": [{"email": "known@x.io"}], "tags": []})
    rows = [
        {"email": "known@x.io", "first_name": " ", "tags": ["t1"], "job_id": JOB},
        {"email": "stranger@x.io", "name": "\u200b", "job_id": JOB},
    ]
    result = run_connector("write", connector_config(sim), catalog("people"), [record("people", r) for r in rows])
    assert result.returncode == 0
    [candidate] = sim.candidates()
    assert candidate["tags"] == ["t1"] and len(sim.applications()) == 1
    assert (
        "record #2 of stream 'people' rejected: record: name: no candidate with this email is in the ATS and the "
        "record has no name" in result.log_text()
    )


def test_allow_nameless_candidates_derives_nothing_from_the_address(sim: SimulatorServer) -> None:
    config = connector_config(sim, allow_nameless_candidates=True)
    result = run_connector("write", config, catalog("people"), [record("people", {"email": "jane.doe@x.io"})])
    assert result.returncode == 0
    [candidate] = sim.candidates()
    assert not candidate.get("name") and not candidate.get("first_name") and not candidate.get("last_name")


@pytest.mark.parametrize("mode", ["overwrite", "soft_delete"])
def test_unsupported_sync_modes_are_refused_before_any_write(sim: SimulatorServer, mode: str) -> None:
    sim.state.store.create("candidate", {"name": "Keep Me", "emails": [{"email": "keep@x.io"}]})
    sim.clear_requests()
    messages = [record("people", {"email": "new@x.io", "name": "New"}), stream_state("people", 1, state_id=1)]
    result = run_connector("write", connector_config(sim), catalog("people", sync_mode=mode), messages)
    assert result.returncode == 1
    [error] = result.errors
    assert error["failure_type"] == "config_error"
    assert f"Stream 'people': destination_sync_mode '{mode}' is not supported" in error["message"]
    assert "use one of append, append_dedup, update" in error["message"]
    assert sim.requests() == [] and [c["name"] for c in sim.candidates()] == ["Keep Me"]
    assert result.states == []


def test_fail_policy_stops_at_a_line_that_is_not_json(sim: SimulatorServer) -> None:
    messages: list[Any] = [
        record("people", {"email": "before@x.io", "name": "Before"}),
        stream_state("people", 1, state_id=1),
        "{oops",
        record("people", {"email": "after@x.io", "name": "After"}),
        stream_state("people", 2, state_id=2),
    ]
    config = connector_config(sim, on_invalid_record="fail")
    result = run_connector("write", config, catalog("people"), messages)
    assert result.returncode == 1
    [error] = result.errors
    assert error["failure_type"] == "config_error"
    assert "input line 3 is not JSON" in error["message"] and "on_invalid_record is 'fail'" in error["message"]
    assert [s["id"] for s in result.states] == [1]
    assert [c["name"] for c in sim.candidates()] == ["Before"]


def test_skip_policy_counts_invalid_lines_and_goes_on(sim: SimulatorServer) -> None:
    messages: list[Any] = ["{oops", "[]", record("people", {"email": "a@x.io", "name": "A"}), '{"type": 5}']
    result = run_connector("write", connector_config(sim), catalog("people"), messages)
    assert result.returncode == 0
    assert int(result.log_text().split("input: line is not an Airbyte message")[1].split()[0]) == 3
    assert len(sim.candidates()) == 1


def run_with_files(tmp_path: Path, command: str, config: bytes, catalog_text: bytes | None = None) -> dict[str, Any]:
    config_path, catalog_path = tmp_path / "config.json", tmp_path / "catalog.json"
    config_path.write_bytes(config)
    args = [CONNECTOR, command, "--config", str(config_path)]
    if catalog_text is not None:
        catalog_path.write_bytes(catalog_text)
        args += ["--catalog", str(catalog_path)]
    proc = subprocess.run(args, input="", capture_output=True, text=True, timeout=60)
    assert "Traceback" not in proc.stderr + proc.stdout
    [message] = [m for m in map(json.loads, proc.stdout.splitlines()) if m["type"] in ("TRACE", "CONNECTION_STATUS")]
    return {"rc": proc.returncode, **message}


def test_bad_config_and_catalog_files_are_config_errors(tmp_path: Path, sim: SimulatorServer) -> None:
    good_config = json.dumps(connector_config(sim)).encode()
    good_catalog = json.dumps(catalog("people")).encode()
    cases = [
        ("write", b"{not json", good_catalog, "The config file"),
        ("write", b"[]", good_catalog, "must hold a JSON object, not a JSON array"),
        ("write", good_config, b"not json", "The catalog file"),
        ("write", good_config, json.dumps(catalog("people", sync_mode="upsert")).encode(), "'upsert' is not an"),
        ("discover", b"{not json", None, "is not valid JSON"),
    ]
    for command, config, catalog_text, fragment in cases:
        message = run_with_files(tmp_path, command, config, catalog_text)
        assert message["rc"] == 1, (fragment, message)
        error = message["trace"]["error"]
        assert error["failure_type"] == "config_error" and fragment in error["message"], (fragment, error)
    status = run_with_files(tmp_path, "check", b"{not json")
    assert status["connectionStatus"]["status"] == "FAILED"
    assert "is not valid JSON" in status["connectionStatus"]["message"]


def test_a_pasted_token_with_a_newline_just_works_and_bad_tokens_say_why(sim: SimulatorServer) -> None:
    pasted = run_connector("check", connector_config(sim, api_token=f"  {sim.token}\n"))
    assert pasted.of_type("CONNECTION_STATUS")[0]["connectionStatus"]["status"] == "SUCCEEDED"
    bad = run_connector("check", connector_config(sim, api_token=sim.token + "é"))
    status = bad.of_type("CONNECTION_STATUS")[0]["connectionStatus"]
    assert status["status"] == "FAILED" and "api_token" in status["message"] and "non-ASCII" in status["message"]
    assert sim.token not in bad.stdout
    write = run_connector(
        "write", connector_config(sim, base_url=sim.base_url.replace("://", "://user:pw-secret@")), catalog("p"), []
    )
    [error] = write.errors
    assert error["failure_type"] == "config_error" and "credentials" in error["message"]
    assert "pw-secret" not in write.stdout
