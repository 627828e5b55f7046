"""The Unified client's retry classification, budget, outage circuit and create reconciliation.

The client is real; only the HTTP transport underneath it is replaced (httpx.MockTransport), so each
test scripts exactly what the server answers and when.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import aiohttp
import httpx
import pytest
from airbyte_cdk.models import FailureType

from destination_unified_ats import errors
from destination_unified_ats.errors import (
    AmbiguousWriteError,
    ApiUnavailable,
    AuthError,
    BadRequestError,
    NotFoundError,
    RateLimitedError,
    RetryBudgetExceeded,
    ServerError,
    TransportError,
    UnifiedError,
    outage_failure_type,
)
from destination_unified_ats.unified_client import (
    ClientSettings,
    UnifiedClient,
    _error_for,
    _maybe_sent,
    outcome_unknown,
    parse_retry_after,
    retryable,
    settle_delay,
    surely_not_applied,
)

Handler = Callable[[httpx.Request], Awaitable[httpx.Response]]


def client_with(handler: Handler, **settings: Any) -> UnifiedClient:
    values: dict[str, Any] = {
        "base_url": "http://unified.test",
        "token": "tok-secret-123",
        "connection_id": "conn",
        "backoff_base_seconds": 0.02,
        "backoff_max_seconds": 0.1,
        "max_retry_seconds": 1.0,
        **settings,
    }
    client = UnifiedClient(ClientSettings(**values))
    client._http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return client


def answer(status: int, body: Any = None, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json=body if body is not None else {"message": f"status {status}"}, headers=headers)


# --- classification -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, BadRequestError),
        (409, BadRequestError),
        (422, BadRequestError),
        (401, AuthError),
        (403, AuthError),
        (404, NotFoundError),
        (429, RateLimitedError),
        (500, ServerError),
        (502, ServerError),
        (503, ServerError),
        (504, ServerError),
    ],
)
def test_each_status_maps_to_its_error(status: int, kind: type[Exception]) -> None:
    error = _error_for(answer(status), "GET", "/ats/conn/job")
    assert type(error) is kind and error.status == status and isinstance(error, UnifiedError)
    assert retryable(error) == (status == 429 or status >= 500)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"message": "bad email"}, "bad email"),
        ({"error": "nope"}, "nope"),
        ({"detail": "missing job_id"}, "missing job_id"),
        ({"message": "", "title": "Conflict"}, "Conflict"),
    ],
)
def test_the_providers_message_is_kept(body: dict[str, str], message: str) -> None:
    assert _error_for(answer(400, body), "POST", "/x").provider_message == message


def test_a_non_json_error_body_is_kept_as_text_and_capped() -> None:
    error = _error_for(httpx.Response(502, text="<html>" + "x" * 2000), "GET", "/x")
    assert error.provider_message.startswith("<html>") and len(error.provider_message) == 500


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3", 3.0), (" 2.5 ", 2.5), ("-4", 0.0), ("0", 0.0), (None, None), ("", None), ("soon", None)],
)
def test_retry_after_seconds(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value) == expected


def test_retry_after_http_date() -> None:
    future = email.utils.formatdate(time.time() + 30, usegmt=True)
    past = email.utils.formatdate(time.time() - 30, usegmt=True)
    wait = parse_retry_after(future)
    assert wait is not None and 28 <= wait <= 30
    assert parse_retry_after(past) == 0.0


def test_a_429_carries_its_retry_after() -> None:
    error = _error_for(answer(429, headers={"Retry-After": "7"}), "GET", "/x")
    assert isinstance(error, RateLimitedError) and error.retry_after == 7.0


@pytest.mark.parametrize(
    ("error", "retry", "not_applied", "unknown", "failure"),
    [
        (RateLimitedError(1.0, "POST", "/x"), True, True, False, FailureType.transient_error),
        (ServerError(503, "down", "POST", "/x"), True, False, True, FailureType.transient_error),
        (TransportError("POST", "/x", "refused", sent=False), True, True, False, FailureType.transient_error),
        (TransportError("POST", "/x", "reset", sent=True), True, False, True, FailureType.transient_error),
        (BadRequestError(422, "bad", "POST", "/x"), False, False, False, FailureType.system_error),
        (AuthError(401, "no", "GET", "/x"), False, False, False, FailureType.system_error),
    ],
)
def test_what_is_retried_resent_and_reconciled(
    error: UnifiedError, retry: bool, not_applied: bool, unknown: bool, failure: FailureType
) -> None:
    assert retryable(error) is retry
    assert surely_not_applied(error) is not_applied  # a create may be resent as it is
    assert outcome_unknown(error) is unknown  # a create must be looked for before it is resent
    assert outage_failure_type(error) == failure
    assert outage_failure_type(RetryBudgetExceeded("GET", "/x", 1.0, error)) == failure


def test_every_client_error_has_the_one_root() -> None:
    names = [n for n in dir(errors) if isinstance(getattr(errors, n), type)]
    client_errors = [getattr(errors, n) for n in names if issubclass(getattr(errors, n), Exception)]
    outside = {errors.SyncFailure, errors.UnifiedError}
    assert {c for c in client_errors if not issubclass(c, UnifiedError)} <= outside | {errors.FailureType}


def test_whether_a_transport_error_may_have_reached_the_server() -> None:
    def wrapped(exc: httpx.TransportError, cause: BaseException | None) -> httpx.TransportError:
        exc.__cause__ = cause
        return exc

    refused = aiohttp.ClientConnectorError(None, OSError(111, "refused"))  # type: ignore[arg-type]
    assert _maybe_sent(wrapped(httpx.ConnectTimeout("x"), refused)) is False
    assert _maybe_sent(wrapped(httpx.ConnectTimeout("x"), aiohttp.ServerDisconnectedError())) is True
    assert _maybe_sent(wrapped(httpx.ConnectError("x"), None)) is False
    assert _maybe_sent(wrapped(httpx.ReadTimeout("x"), None)) is True


def test_settle_delay_grows_and_is_capped() -> None:
    delays = [settle_delay(n) for n in range(1, 8)]
    assert delays[0] == 0.1 and delays == sorted(delays) and max(delays) == 2.0


# --- retrying and the budget ------------------------------------------------------------------------------


async def test_5xx_then_success_is_retried() -> None:
    answers = [answer(503), answer(502), answer(200, [{"id": "job_1"}])]

    async def handler(request: httpx.Request) -> httpx.Response:
        return answers.pop(0)

    async with client_with(handler) as client:
        jobs = await client.list_jobs()
    assert [j.id for j in jobs] == ["job_1"] and client.metrics.retries == 2


async def test_a_4xx_is_not_retried() -> None:
    calls = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return answer(422)

    async with client_with(handler) as client:
        with pytest.raises(BadRequestError):
            await client.get_job("j")
    assert calls == 1


async def test_no_backoff_sleep_overshoots_the_budget() -> None:
    async def handler(request: httpx.Request) -> httpx.Response:
        return answer(503)

    # Backoff of up to 30 s per sleep, a budget of 1 s: the budget wins.
    async with client_with(handler, backoff_base_seconds=10, backoff_max_seconds=30) as client:
        started = time.monotonic()
        with pytest.raises(RetryBudgetExceeded) as info:
            await client.get_job("j")
    elapsed = time.monotonic() - started
    assert 0.9 <= elapsed < 1.6, elapsed
    assert isinstance(info.value.last, ServerError) and not isinstance(info.value, ApiUnavailable)


async def test_a_retry_after_past_the_budget_stops_at_once() -> None:
    async def handler(request: httpx.Request) -> httpx.Response:
        return answer(429, headers={"Retry-After": "120"})

    async with client_with(handler, max_retry_seconds=5) as client:
        started = time.monotonic()
        with pytest.raises(RetryBudgetExceeded) as info:
            await client.get_job("j")
    assert time.monotonic() - started < 0.5
    assert isinstance(info.value.last, RateLimitedError)


async def test_a_hanging_retry_is_cut_at_the_deadline() -> None:
    calls = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if calls == 1:
            return answer(503)
        await asyncio.sleep(30)  # the retry never answers
        return answer(200, {})

    async with client_with(handler, max_retry_seconds=1.0, timeout_seconds=60) as client:
        started = time.monotonic()
        with pytest.raises(RetryBudgetExceeded) as info:
            await client.get_job("j")
    assert time.monotonic() - started < 2.2
    assert isinstance(info.value.last, TransportError) and "retry budget" in info.value.last.cause


# --- the outage circuit -----------------------------------------------------------------------------------


async def test_once_one_request_spends_the_budget_every_other_one_gives_up_at_once() -> None:
    sent = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal sent
        sent += 1
        if request.url.path.endswith("/slow"):
            await asyncio.sleep(30)  # an attempt in flight when the circuit opens
        return answer(503)

    async with client_with(handler, max_retry_seconds=1.0) as client:
        started = time.monotonic()

        async def later(delay: float, path: str) -> BaseException:
            await asyncio.sleep(delay)
            try:
                await client.request("GET", path)
            except UnifiedError as exc:
                return exc
            raise AssertionError("an outage request succeeded")

        # Requests start over 0.8 s; each alone would retry for its own second (and the slow one for 60 s).
        results = await asyncio.gather(
            *(later(i * 0.1, f"/ats/conn/job/{i}") for i in range(9)), later(0, "/ats/conn/slow")
        )
        elapsed = time.monotonic() - started
        sent_at_open = sent
        with pytest.raises(ApiUnavailable):
            await client.get_job("after")
    assert elapsed < 1.6, elapsed  # not 1.8 s (the last one's own budget), not 60 s (the slow one)
    exhausted = [r for r in results if type(r) is RetryBudgetExceeded]
    assert len(exhausted) == 1 and client.outage is exhausted[0]
    assert all(isinstance(r, ApiUnavailable) and r.outage is exhausted[0] for r in results if r is not exhausted[0])
    assert sent == sent_at_open  # a request after the circuit opened was never sent
    assert "given up: the Unified API is failing" in str(results[-1])


# --- creates: one policy, one budget, read before resending ---------------------------------------------


class Creates:
    """A provider whose POSTs answer from a script; what it applied is readable for reconciliation."""

    def __init__(self, *script: tuple[int, bool]) -> None:
        self.script = list(script)  # (status, applied)
        self.posts = 0
        self.applied: list[dict[str, Any]] = []
        self.reconciles = 0

    async def handler(self, request: httpx.Request) -> httpx.Response:
        self.posts += 1
        status, applied = self.script.pop(0) if self.script else (201, True)
        made = {"id": f"cand_{self.posts}"}
        if applied:
            self.applied.append(made)
        headers = {"Retry-After": "0.1"} if status == 429 else None
        return answer(status, made if status < 400 else None, headers)

    async def reconcile(self, since: datetime) -> dict[str, Any] | None:
        self.reconciles += 1
        return self.applied[0] if self.applied else None


async def create(client: UnifiedClient, provider: Creates) -> tuple[dict[str, Any], bool]:
    async def send() -> dict[str, Any]:
        return dict(await client.request("POST", "/ats/conn/candidate", body={"name": "x"}))

    return await client.exactly_once(send, provider.reconcile)


async def test_an_applied_create_that_failed_is_found_not_resent() -> None:
    provider = Creates((502, True))
    async with client_with(provider.handler) as client:
        made, found = await create(client, provider)
    assert found and made == {"id": "cand_1"} and provider.posts == 1 and provider.reconciles == 1
    assert client.metrics.ambiguous_writes == 1 and client.metrics.reconciled_writes == 1


async def test_a_lost_create_is_looked_for_then_resent() -> None:
    provider = Creates((503, False))
    async with client_with(provider.handler) as client:
        made, found = await create(client, provider)
    assert not found and made == {"id": "cand_2"} and provider.posts == 2 and provider.reconciles == 1


async def test_a_refused_create_is_resent_without_reading() -> None:
    provider = Creates((429, False))
    async with client_with(provider.handler) as client:
        made, found = await create(client, provider)
    assert not found and made == {"id": "cand_2"} and provider.posts == 2 and provider.reconciles == 0


async def test_a_create_has_one_budget_for_resends_and_reads() -> None:
    provider = Creates(*[(503, False)] * 1000)
    async with client_with(provider.handler, max_retry_seconds=1.0) as client:
        started = time.monotonic()
        with pytest.raises(RetryBudgetExceeded):
            await create(client, provider)
    assert time.monotonic() - started < 1.6
    assert provider.reconciles == provider.posts - 1  # every resend was preceded by a read


async def test_a_create_without_reconciliation_reports_the_unknown_outcome() -> None:
    provider = Creates((502, True))
    async with client_with(provider.handler) as client:
        with pytest.raises(AmbiguousWriteError):
            await client.request("POST", "/ats/conn/candidate", body={})
    assert provider.posts == 1
