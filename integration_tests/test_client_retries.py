"""The Unified client's retry rules, against the simulator's 429/5xx/drop knobs (real HTTP on loopback)."""

from __future__ import annotations

import time

import pytest

from destination_unified_ats.errors import (
    AmbiguousWriteError,
    AuthError,
    BadRequestError,
    NotFoundError,
    RetryBudgetExceeded,
)
from destination_unified_ats.unified_client import ClientSettings, UnifiedClient
from unified_ats_simulator import ScriptedFault, SimulatorServer


def client_for(sim: SimulatorServer, **overrides: float) -> UnifiedClient:
    settings = ClientSettings(
        base_url=sim.base_url,
        token=sim.token,
        connection_id=sim.connection_id,
        backoff_base_seconds=0.05,
        backoff_max_seconds=0.2,
        max_retry_seconds=overrides.pop("max_retry_seconds", 20.0),
    )
    return UnifiedClient(settings)


@pytest.mark.parametrize("retry_after_format", ["seconds", "http-date"])
async def test_429_waits_for_retry_after_for_every_request(sim: SimulatorServer, retry_after_format: str) -> None:
    sim.configure(retry_after_format=retry_after_format)
    sim.script(ScriptedFault.rate_limited("GET", "job", retry_after=2))
    async with client_for(sim) as client:
        started = time.monotonic()
        jobs = await client.list_jobs()
        elapsed = time.monotonic() - started
    assert jobs and client.metrics.rate_limited == 1 and client.metrics.retries == 1
    # An HTTP date has one-second resolution: the wait is at least ~1 s of the 2 asked for.
    assert elapsed >= (1.9 if retry_after_format == "seconds" else 1.0)
    assert sim.state.log.status_counts()[("GET", "job", 429)] == 1


async def test_retry_after_gate_holds_other_requests(sim: SimulatorServer) -> None:
    import asyncio

    sim.script(ScriptedFault.rate_limited("GET", "job", retry_after=1.5))
    async with client_for(sim) as client:
        first = asyncio.create_task(client.list_jobs())
        await asyncio.sleep(0.3)  # the 429 has arrived; the gate is closed
        started = time.monotonic()
        await client.get_connection()
        waited = time.monotonic() - started
        await first
    assert waited >= 1.0


async def test_5xx_is_retried_with_backoff(sim: SimulatorServer) -> None:
    sim.script(ScriptedFault.error("GET", "job", status=503, times=3))
    async with client_for(sim) as client:
        jobs = await client.list_jobs()
    assert jobs and client.metrics.retries == 3 and client.metrics.server_errors == 3


async def test_retry_budget_is_bounded(sim: SimulatorServer) -> None:
    sim.configure(error_rate=1.0)
    async with client_for(sim, max_retry_seconds=1.0) as client:
        started = time.monotonic()
        with pytest.raises(RetryBudgetExceeded) as info:
            await client.list_jobs()
    assert time.monotonic() - started < 3.0
    assert "still failing after 1s" in str(info.value)


async def test_non_retryable_4xx_are_not_retried(sim: SimulatorServer) -> None:
    async with client_for(sim) as client:
        with pytest.raises(BadRequestError) as info:
            await client.create_application({"candidate_id": "cand_missing", "job_id": "job_backend_sr"})
        with pytest.raises(NotFoundError):
            await client.get_job("job_missing")
    assert info.value.status == 400 and info.value.provider_message
    assert client.metrics.retries == 0
    assert sim.state.log.counts()[("POST", "application")] == 1


async def test_auth_error_is_typed_and_never_carries_the_token(sim: SimulatorServer) -> None:
    settings = ClientSettings(base_url=sim.base_url, token="bad-token-abcdef", connection_id=sim.connection_id)
    async with UnifiedClient(settings) as client:
        with pytest.raises(AuthError) as info:
            await client.get_connection()
    assert info.value.status == 401
    assert "bad-token-abcdef" not in str(info.value) and "bad-token-abcdef" not in repr(client)


@pytest.mark.parametrize(
    "fault",
    [ScriptedFault.applied_then_error("POST", "candidate", status=502), ScriptedFault.drop("POST", "candidate")],
)
async def test_a_create_with_unknown_outcome_is_not_resent(sim: SimulatorServer, fault: ScriptedFault) -> None:
    sim.script(fault)
    async with client_for(sim) as client:
        with pytest.raises(AmbiguousWriteError):
            await client.create_candidate({"emails": [{"email": "x@y.io"}]})
    assert len(sim.candidates()) == 1  # the provider applied it once; the client did not resend
    assert sim.state.log.counts()[("POST", "candidate")] == 1


async def test_a_create_refused_before_applying_is_resent(sim: SimulatorServer) -> None:
    sim.script(ScriptedFault.rate_limited("POST", "candidate", retry_after=0.2))
    async with client_for(sim) as client:
        created = await client.create_candidate({"emails": [{"email": "x@y.io"}]})
    assert created.id and len(sim.candidates()) == 1


async def test_pagination_reads_every_page(sim: SimulatorServer) -> None:
    for i in range(230):
        sim.state.store.create("candidate", {"emails": [{"email": f"c{i}@x.io"}]})
    async with client_for(sim) as client:
        seen = [c async for c in client.iterate("candidate")]
    assert len(seen) == 230 and len({c["id"] for c in seen}) == 230
    assert sim.state.log.counts()[("GET", "candidate")] == 3
