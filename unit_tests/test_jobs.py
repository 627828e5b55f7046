"""The one job-open rule, and the per-sync job catalog read from the ATS (the simulator, over real HTTP)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from destination_unified_ats.check import CheckFailed, run_check
from destination_unified_ats.config import UnifiedAtsConfig
from destination_unified_ats.jobs import JobCatalog
from destination_unified_ats.matching.jobs import is_open as matching_is_open
from destination_unified_ats.models import job_is_open
from destination_unified_ats.outcomes import Rejection, reason_class
from destination_unified_ats.unified_client import ClientSettings, UnifiedClient
from unified_ats_simulator import SimulatorServer

OPEN = [None, "", " ", "\t\n", "OPEN", "open", "Open", " open ", "\tOPEN\n"]
NOT_OPEN: list[Any] = ["CLOSED", "closed", "DRAFT", "ARCHIVED", "PENDING", "OPENED", "REOPEN", "O PEN", 1, True]


@pytest.mark.parametrize("status", OPEN)
def test_open_statuses(status: str | None) -> None:
    assert job_is_open(status)


@pytest.mark.parametrize("status", NOT_OPEN)
def test_not_open_statuses(status: Any) -> None:
    assert not job_is_open(status)


@pytest.mark.parametrize("status", [*OPEN, *NOT_OPEN])
def test_matching_uses_the_same_rule(status: Any) -> None:
    assert matching_is_open({"id": "j", "status": status}) is job_is_open(status)


def test_matching_treats_a_job_without_status_as_open() -> None:
    assert matching_is_open({"id": "j"})


JOBS = [
    {"id": "j-open", "name": "Backend", "status": "OPEN"},
    {"id": "j-lower", "name": "Frontend", "status": " open "},
    {"id": "j-blank", "name": "Data", "status": "  "},
    {"id": "j-none", "name": "Ops"},
    {"id": "j-closed", "name": "Designer", "status": "CLOSED"},
    {"id": "j-draft", "status": "DRAFT"},
]


@pytest.fixture(scope="module")
def sim() -> Iterator[SimulatorServer]:
    with SimulatorServer(jobs=JOBS) as server:
        yield server


def _client(sim: SimulatorServer) -> UnifiedClient:
    return UnifiedClient(ClientSettings(base_url=sim.base_url, token=sim.token, connection_id=sim.connection_id))


@pytest.mark.parametrize("job_id", ["j-open", "j-lower", "j-blank", "j-none"])
async def test_catalog_accepts_open_and_status_less_jobs(sim: SimulatorServer, job_id: str) -> None:
    async with _client(sim) as client:
        job, reason = await JobCatalog(client).resolve(job_id)
    assert reason is None
    assert job is not None and job.id == job_id


async def test_catalog_refuses_closed_and_draft_jobs_with_a_countable_reason(sim: SimulatorServer) -> None:
    async with _client(sim) as client:
        catalog = JobCatalog(client)
        closed = await catalog.resolve("j-closed")
        draft = await catalog.resolve("j-draft")
    assert closed == (None, "job 'Designer' (j-closed) is CLOSED; applications go only to OPEN jobs")
    assert draft == (None, "job 'j-draft' is DRAFT; applications go only to OPEN jobs")
    assert reason_class(Rejection("application", "job_id", closed[1] or "")) == "application: job not open"


async def test_catalog_reports_an_unknown_job_once(sim: SimulatorServer) -> None:
    async with _client(sim) as client:
        catalog = JobCatalog(client)
        await catalog.open_jobs()
        sim.clear_requests()
        first = await catalog.resolve("j-missing")
        second = await catalog.resolve("j-missing")
    assert first == second == (None, "job_id 'j-missing' does not exist in the ATS")
    assert reason_class(Rejection("application", "job_id", first[1] or "")) == "application: job unknown"
    assert sim.count("GET", "job") == 1  # the 404 is remembered


async def test_catalog_lists_jobs_once_for_concurrent_lookups(sim: SimulatorServer) -> None:
    sim.clear_requests()
    async with _client(sim) as client:
        catalog = JobCatalog(client)
        results = await asyncio.gather(*(catalog.resolve("j-open") for _ in range(20)))
        open_ids = {job.id for job in await catalog.open_jobs()}
        listed = catalog.loaded_count
    assert all(job is not None and reason is None for job, reason in results)
    assert sim.count("GET", "job") == 1
    assert "j-open" in open_ids and "j-closed" not in open_ids
    assert listed == len(open_ids)


async def test_open_jobs_includes_looked_up_open_jobs_but_never_closed_ones(sim: SimulatorServer) -> None:
    async with _client(sim) as client:
        catalog = JobCatalog(client)
        for job_id in ("j-lower", "j-none", "j-closed", "j-draft"):
            await catalog.resolve(job_id)
        open_ids = {job.id for job in await catalog.open_jobs()}
    assert {"j-open", "j-lower", "j-none"} <= open_ids
    assert not open_ids & {"j-closed", "j-draft"}


def _config(sim: SimulatorServer, default_job_id: str) -> UnifiedAtsConfig:
    return UnifiedAtsConfig.model_validate(
        {
            "api_token": sim.token,
            "connection_id": sim.connection_id,
            "base_url": sim.base_url,
            "default_job_id": default_job_id,
        }
    )


@pytest.mark.parametrize("job_id", ["j-open", "j-lower", "j-blank", "j-none"])
async def test_check_accepts_the_same_jobs_as_the_sync(sim: SimulatorServer, job_id: str) -> None:
    result = await run_check(_config(sim, job_id))
    assert result.connection.id == sim.connection_id


async def test_check_refuses_a_draft_default_job(sim: SimulatorServer) -> None:
    with pytest.raises(CheckFailed, match=r"default_job_id 'j-draft' \(unnamed job\) is DRAFT; applications need an"):
        await run_check(_config(sim, "j-draft"))
