"""Admin endpoints, the bounded request log, and the command line."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx

from integration_tests.simulator.conftest import SimFactory
from integration_tests.simulator.helpers import ats, candidate_body, client_for, create
from unified_ats_simulator import SimulatorServer


def test_state_reset_and_config(sim: SimulatorServer, client: httpx.Client) -> None:
    create(client, sim, "candidate", candidate_body())
    state = client.get("/_admin/state").json()
    assert len(state["candidates"]) == 1 and len(state["jobs"]) >= 12 and state["application_statuses"]
    assert state["config"]["profile"] == "generic" and state["config"]["connection"]["token"] == "***"

    config = client.post("/_admin/config", json={"profile": "lever", "latency_ms": 1, "is_paused": False}).json()
    assert config["profile"] == "lever" and config["knobs"]["latency_ms"] == 1
    assert client.get(f"/unified/connection/{sim.connection_id}").json()["integration_type"] == "lever"
    assert client.post("/_admin/config", json={"profile": "taleo"}).status_code == 400

    assert client.post("/_admin/reset").json() == {"ok": True}
    assert sim.candidates() == [] and sim.requests() == []
    assert client.get("/_admin/config").json()["profile"] == "lever"  # data reset keeps the config
    client.post("/_admin/reset", json={"config": True})
    assert client.get("/_admin/config").json()["profile"] == "generic"


def test_requests_log_and_counters(sim: SimulatorServer, client: httpx.Client) -> None:
    create(client, sim, "candidate", candidate_body(foo="bar"))
    client.get(ats(sim, "candidate"), params={"query": "jane.doe@example.com"})
    client.get(ats(sim, "job", "job_missing"))
    log = client.get("/_admin/requests").json()
    assert log["total"] == 3
    assert log["counts"] == {"GET candidate": 1, "GET job": 1, "POST candidate": 1}
    assert log["status_counts"]["GET job 404"] == 1
    assert log["entries"][1]["query"] == {"query": "jane.doe@example.com"}
    assert log["ignored_fields"][0]["fields"] == {"foo": "unknown field"}
    assert sim.request_counts()[("POST", "candidate")] == 1 and sim.count("get", "candidate") == 1
    assert len(client.get("/_admin/requests", params={"limit": 1}).json()["entries"]) == 1
    assert client.delete("/_admin/requests").status_code == 200 and sim.requests() == []


def test_request_log_is_bounded(make_sim: SimFactory) -> None:
    sim = make_sim(request_log_cap=5)
    with client_for(sim) as client:
        for _ in range(20):
            client.get(ats(sim, "job"), params={"limit": 1})
    assert len(sim.requests()) == 5
    assert sim.state.log.total == 20 and sim.count("GET", "job") == 20


def _read_announcement(proc: subprocess.Popen[str]) -> dict[str, str]:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line, proc.stderr.read() if proc.stderr else "no output"
    announcement: dict[str, str] = json.loads(line)
    return announcement


def test_cli_prints_url_and_stops_on_sigterm(tmp_path: Path) -> None:
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps({"jobs": [{"id": "j1", "name": "Welder", "status": "OPEN"}]}))
    # The simulator is a test tool without a console script (it is not part of the connector's distribution).
    command = [sys.executable, "-m", "unified_ats_simulator"]
    args = [
        "--port",
        "0",
        "--profile",
        "workable",
        "--latency-ms",
        "1",
        "--rate-limit-rps",
        "100",
        "--seed-file",
        str(seed),
    ]
    proc = subprocess.Popen(
        [*command, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ}
    )
    try:
        announcement = _read_announcement(proc)
        assert announcement["token"] == "sim-token" and announcement["connection_id"] == "conn_sim"
        headers = {"Authorization": f"Bearer {announcement['token']}"}
        jobs = httpx.get(f"{announcement['base_url']}/ats/conn_sim/job", headers=headers).json()
        assert [j["id"] for j in jobs] == ["j1"]
        connection = httpx.get(f"{announcement['base_url']}/unified/connection/conn_sim", headers=headers).json()
        assert connection["integration_type"] == "workable"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
