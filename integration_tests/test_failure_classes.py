"""Which failures are the user's config and which are an outage, at sync start and in `check`.

Only the token, a permission, an unknown or unusable connection and an unknown or closed default job are
config errors. Unified answering 5xx or 429 to everything, timing out or refusing connections is an outage
(`transient_error`: Airbyte may retry; the message says it is not the config). The sync is driven through
its entry function (`run_sync`) against real HTTP; two process-level cases check the printed protocol.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import pytest

from destination_unified_ats.check import CheckFailed, ServiceUnavailable, run_check
from destination_unified_ats.config import UnifiedAtsConfig
from destination_unified_ats.errors import SyncFailure
from destination_unified_ats.sync import run_sync
from integration_tests.harness import catalog, record, run_connector
from integration_tests.outage_server import OutageServer, refused_url
from unified_ats_simulator import ScriptedFault, SimulatorServer
from unified_ats_simulator.vocab import ALL_ATS_PERMISSIONS

FAST = {"max_retry_seconds": 1.5, "request_timeout_seconds": 0.5, "search_lag_seconds": 0}


@contextmanager
def refused() -> Iterator[str]:
    yield refused_url()


@contextmanager
def outage(**kwargs: Any) -> Iterator[str]:
    with OutageServer(**kwargs) as server:
        yield server.base_url


OUTAGES: dict[str, Callable[[], AbstractContextManager[str]]] = {
    "503 to everything": lambda: outage(status=503),
    "500 to everything": lambda: outage(status=500),
    "502 to everything": lambda: outage(status=502),
    "504 to everything": lambda: outage(status=504),
    "429 storm": lambda: outage(status=429, retry_after=0.2),
    "429 storm, Retry-After past the budget": lambda: outage(status=429, retry_after=600),
    "requests time out": lambda: outage(hang=True),
    "connection refused": refused,
}


def config_for(base_url: str, **extra: Any) -> UnifiedAtsConfig:
    return UnifiedAtsConfig.model_validate(
        {"api_token": "outage-token-123456", "connection_id": "conn_1", "base_url": base_url, **FAST, **extra}
    )


async def one_record() -> AsyncIterator[bytes]:
    yield b'{"type": "RECORD", "record": {"stream": "people", "data": {"email": "a@x.io"}, "emitted_at": 1}}'


async def sync_failure(config: UnifiedAtsConfig) -> SyncFailure:
    emitted: list[dict[str, Any]] = []
    with pytest.raises(SyncFailure) as info:
        await run_sync(config, None, one_record(), emitted.append)
    assert emitted == []
    return info.value


@pytest.mark.parametrize("kind", OUTAGES)
async def test_an_outage_at_sync_start_is_transient_not_config(kind: str) -> None:
    with OUTAGES[kind]() as url:
        started = time.monotonic()
        failure = await sync_failure(config_for(url))
        elapsed = time.monotonic() - started
    assert failure.failure_type.value == "transient_error", failure.message
    assert "not a configuration error" in failure.message and url in failure.message
    assert "outage-token-123456" not in failure.message
    # The budget (1.5 s) bounds it; a Retry-After past the budget ends it at once instead of waiting.
    assert elapsed < 4.0


@pytest.mark.parametrize("kind", OUTAGES)
async def test_an_outage_during_check_is_not_reported_as_a_config_problem(kind: str) -> None:
    with OUTAGES[kind]() as url, pytest.raises(ServiceUnavailable) as info:
        await run_check(config_for(url))
    assert info.value.failure_type.value == "transient_error"
    assert "not a configuration error" in info.value.message


async def test_an_outage_mid_start_up_is_transient(sim: SimulatorServer) -> None:
    """The connection answers; the default job's read hits a 503 storm."""
    sim.script(ScriptedFault.error("GET", "job", status=503, times=1000))
    failure = await sync_failure(config_for(sim.base_url, **_sim_auth(sim), default_job_id="job_backend_sr"))
    assert failure.failure_type.value == "transient_error" and "reading the default job" in failure.message


def _sim_auth(sim: SimulatorServer) -> dict[str, str]:
    return {"api_token": sim.token, "connection_id": sim.connection_id}


# (simulator settings, config overrides, a phrase both the sync's and check's messages carry)
CONFIG_PROBLEMS: dict[str, tuple[dict[str, Any], dict[str, Any], str]] = {
    "token": ({}, {"api_token": "wrong-token-000000"}, "rejected the API token"),
    "unknown connection": ({}, {"connection_id": "conn_nope"}, "was not found"),
    "permission": (
        {"permissions": [p for p in ALL_ATS_PERMISSIONS if p != "ats_document_write"]},
        {},
        "ats_document_write",
    ),
    "paused connection": ({"is_paused": True}, {}, "is paused"),
    "not an ATS connection": ({"categories": ["crm"]}, {}, "is not an ATS connection"),
    "unknown default job": ({}, {"default_job_id": "job_gone"}, "does not exist"),
    "closed default job": ({}, {"default_job_id": "job_eng_manager"}, "OPEN job"),
}


@pytest.mark.parametrize("kind", CONFIG_PROBLEMS)
async def test_config_problems_are_config_errors_at_sync_start(kind: str) -> None:
    server, overrides, phrase = CONFIG_PROBLEMS[kind]
    with SimulatorServer(**server) as sim:
        config = config_for(sim.base_url, **{**_sim_auth(sim), **overrides})
        failure = await sync_failure(config)
        with pytest.raises(CheckFailed) as info:
            await run_check(config)
    assert failure.failure_type.value == "config_error" and phrase in failure.message
    assert phrase in str(info.value)


@pytest.mark.process  # the exit status and the printed protocol of the real process
def test_write_process_reports_an_outage_as_transient() -> None:
    with OutageServer(status=503) as server:
        config = {"api_token": "outage-token-123456", "connection_id": "c", "base_url": server.base_url, **FAST}
        result = run_connector(
            "write", config, catalog("people"), [record("people", {"email": "a@x.io"})], process=True
        )
    assert result.returncode == 1
    [error] = result.errors
    assert error["failure_type"] == "transient_error" and "answered 503" in error["message"]
    assert "Traceback" not in result.stderr and result.of_type("_RAW") == []


@pytest.mark.process  # the exit status and the printed protocol of the real process
def test_check_process_reports_an_outage_as_an_error_trace_not_a_failed_config() -> None:
    with OutageServer(status=503) as server:
        config = {"api_token": "outage-token-123456", "connection_id": "c", "base_url": server.base_url, **FAST}
        result = run_connector("check", config, process=True)
    assert result.returncode == 1 and result.of_type("CONNECTION_STATUS") == []
    [error] = result.errors
    assert error["failure_type"] == "transient_error" and "not a configuration error" in error["message"]
    assert "Traceback" not in result.stderr and result.of_type("_RAW") == []
