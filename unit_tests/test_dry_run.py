"""Dry run: reads reach the ATS (the simulator, over real HTTP), writes never do, and the answers look like the
objects a real write would have created, so a dry run reports what a real run does."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import orjson
import pytest

from destination_unified_ats.destination import parse_config
from destination_unified_ats.dry_run import DRY_RUN_PREFIX, DryRunClient
from destination_unified_ats.input_reader import read_lines
from destination_unified_ats.outcomes import SyncTotals
from destination_unified_ats.summary import summary_lines
from destination_unified_ats.sync import run_sync
from destination_unified_ats.unified_client import ClientSettings, UnifiedClient
from unified_ats_simulator import SimulatorServer
from unit_tests.real_documents import pdf

EXISTING = {
    "id": "cand-existing",
    "first_name": "Old",
    "last_name": "Timer",
    "emails": [{"email": "old@example.com", "type": "WORK"}],
    "tags": ["alumni"],
}
WRITES = ("POST", "PUT", "PATCH", "DELETE")


def seeded() -> SimulatorServer:
    return SimulatorServer(candidates=[EXISTING])


@pytest.fixture
def sim() -> Iterator[SimulatorServer]:
    with seeded() as server:
        yield server


def dry_client(sim: SimulatorServer) -> DryRunClient:
    return DryRunClient(ClientSettings(base_url=sim.base_url, token=sim.token, connection_id=sim.connection_id))


def writes_seen(sim: SimulatorServer) -> dict[tuple[str, str], int]:
    return {key: n for key, n in sim.request_counts().items() if key[0] in WRITES and n}


async def test_creates_answer_like_created_objects_and_reach_nothing(sim: SimulatorServer) -> None:
    before = sim.candidates()
    candidate = {"first_name": "Jane", "last_name": "Doe", "emails": [{"email": "jane@x.io"}], "tags": ["k8s"]}
    async with dry_client(sim) as client:
        created = await client.create_candidate(candidate)
        application = await client.create_application({"candidate_id": created.id, "job_id": "job_backend_sr"})
        document = await client.create_document(
            {"candidate_id": created.id, "filename": "cv.pdf", "type": "RESUME", "document_data": "JVBERi0="}
        )
    assert created.id and created.id.startswith(f"{DRY_RUN_PREFIX}candidate-")
    assert (created.first_name, created.last_name, created.tags) == ("Jane", "Doe", ["k8s"])
    assert created.emails and created.emails[0].email == "jane@x.io"
    assert application.id and application.id.startswith(f"{DRY_RUN_PREFIX}application-")
    assert (application.candidate_id, application.job_id) == (created.id, "job_backend_sr")
    assert document.id and document.id.startswith(f"{DRY_RUN_PREFIX}document-")
    assert document.filename == "cv.pdf" and document.candidate_id == created.id
    assert document.document_data is None  # the contents are not kept in the answer
    assert len({created.id, application.id, document.id}) == 3
    assert writes_seen(sim) == {}
    assert sim.candidates() == before and sim.applications() == [] and sim.documents() == []


async def test_updates_of_real_objects_are_answered_locally(sim: SimulatorServer) -> None:
    async with dry_client(sim) as client:
        updated = await client.update_candidate("cand-existing", {"tags": ["alumni", "sourced"]})
        moved = await client.update_application("app-1", {"status": "SCREENING"})
    assert (updated.id, updated.tags) == ("cand-existing", ["alumni", "sourced"])
    assert (moved.id, moved.status) == ("app-1", "SCREENING")
    assert writes_seen(sim) == {}
    [stored] = sim.candidates()
    assert stored["tags"] == ["alumni"]


async def test_reads_of_real_objects_reach_the_ats_and_reads_of_dry_run_objects_do_not(sim: SimulatorServer) -> None:
    async with dry_client(sim) as client:
        real = await client.get_candidate("cand-existing")
        assert sim.count("GET", "candidate") == 1
        sim.clear_requests()
        fake = await client.create_candidate({"first_name": "New"})
        assert fake.id is not None
        assert await client.get_candidate(fake.id) == type(fake)(id=fake.id)
        assert await client.list_applications(fake.id) == []
        assert await client.list_documents(candidate_id=fake.id) == []
        assert await client.list_documents(application_id=f"{DRY_RUN_PREFIX}application-9") == []
        assert sim.requests() == []
        assert await client.list_applications("cand-existing") == []
        assert sim.count("GET", "application") == 1
    assert real.first_name == "Old" and real.tags == ["alumni"]


async def test_dry_run_writes_are_counted_apart_from_api_requests(sim: SimulatorServer) -> None:
    async with dry_client(sim) as client:
        await client.get_candidate("cand-existing")
        await client.create_candidate({"first_name": "A"})
        await client.update_candidate("cand-existing", {"tags": ["x"]})
        metrics = client.metrics
    assert metrics.by_kind["POST (dry run) candidate"] == 1
    assert metrics.by_kind["PUT (dry run) candidate"] == 1
    lines = summary_lines(SyncTotals(), metrics, 1.0, dry_run=True)
    [api] = [line for line in lines if "API requests" in line]
    assert api.split()[-1] == "1"  # the one GET; local answers are not requests


def _line(data: dict[str, Any]) -> bytes:
    return orjson.dumps({"type": "RECORD", "record": {"stream": "people", "data": data, "emitted_at": 1}}) + b"\n"


INPUT = [
    _line(
        {
            "email": "jane@example.com",
            "first_name": "Jane",
            "last_name": "Doe",
            "job_id": "job_backend_sr",
            "application_status": "SCREENING",
            "tags": ["k8s"],
            "resume_base64": base64.b64encode(pdf()).decode(),
        }
    ),
    _line({"email": "old@example.com", "first_name": "Old", "last_name": "Timer", "tags": ["returning"]}),
    _line({"email": "not-an-email", "first_name": "Bad"}),
    _line({"email": "ann@example.com", "first_name": "Ann", "last_name": "Lee", "job_id": "job_missing"}),
    orjson.dumps({"type": "STATE", "state": {"type": "LEGACY", "data": {"cursor": 4}}}) + b"\n",
]
COUNTERS = [
    "records_read",
    "records_done",
    "candidates_created",
    "candidates_reused",
    "candidates_updated",
    "applications_created",
    "applications_existing",
    "documents_attached",
    "stages_set",
    "records_rejected",
    "records_partially_written",
]


async def _sync(sim: SimulatorServer, dry_run: bool) -> tuple[SyncTotals, list[dict[str, Any]]]:
    config = parse_config(
        {
            "api_token": sim.token,
            "connection_id": sim.connection_id,
            "base_url": sim.base_url,
            "tags": ["sourced"],
            "dry_run": dry_run,
        }
    )
    emitted: list[dict[str, Any]] = []
    totals = await run_sync(config, None, read_lines(iter(INPUT)), emitted.append)
    return totals, [m for m in emitted if m.get("type") == "STATE"]


async def test_a_dry_run_sync_writes_nothing_and_reports_what_a_real_run_does() -> None:
    with seeded() as dry_sim:
        before = dry_sim.candidates()
        dry, dry_states = await _sync(dry_sim, dry_run=True)
        assert writes_seen(dry_sim) == {}
        assert dry_sim.candidates() == before
        assert dry_sim.applications() == [] and dry_sim.documents() == []
        assert dry_sim.count("GET", "job") >= 1  # reads still reach the ATS
    with seeded() as real_sim:
        real, real_states = await _sync(real_sim, dry_run=False)
        assert writes_seen(real_sim)  # the same input does write in a real run
    assert {c: getattr(dry, c) for c in COUNTERS} == {c: getattr(real, c) for c in COUNTERS}
    assert dry.rejected_by_reason == real.rejected_by_reason
    assert (dry.candidates_created, dry.candidates_updated, dry.documents_attached, dry.stages_set) == (2, 1, 1, 1)
    assert [s["state"]["data"] for s in dry_states] == [s["state"]["data"] for s in real_states] == [{"cursor": 4}]


def test_every_write_method_of_the_client_is_answered_locally() -> None:
    # A write method added to UnifiedClient and not overridden here would write during a dry run.
    writes = {
        name
        for name in dir(UnifiedClient)
        if name.split("_", 1)[0] in ("create", "update", "delete", "remove", "upsert", "patch")
    }
    assert writes >= {"create_candidate", "update_candidate", "create_application", "create_document"}
    assert {name for name in writes if getattr(DryRunClient, name) is getattr(UnifiedClient, name)} == set()
