"""Async client of Unified.to's ATS API: auth, pagination, pacing and retries.

Retry rules: reads and updates retry 429 (honouring Retry-After, for every request of the connection),
5xx and network errors with exponential backoff and jitter, within a total time budget. A create (POST)
retries only what certainly did not reach the server; when its outcome is unknown it raises
`AmbiguousWriteError` so the caller can look for the object before creating it again.
"""

from __future__ import annotations

import asyncio
import email.utils
import http.cookiejar
import time
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import aiohttp
import httpx
import orjson
from httpx_aiohttp import AiohttpTransport
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    RetryError,
    retry_if_exception,
    stop_after_delay,
    wait_random_exponential,
)

from destination_unified_ats.errors import (
    AmbiguousWriteError,
    AuthError,
    BadRequestError,
    NotFoundError,
    RateLimitedError,
    RetryBudgetExceeded,
    ServerError,
    TransportError,
    UnifiedApiError,
)
from destination_unified_ats.metrics import RequestMetrics
from destination_unified_ats.models import (
    AtsApplication,
    AtsCandidate,
    AtsDocument,
    AtsJob,
    Connection,
    IntegrationSupport,
)
from destination_unified_ats.rate_limit import AdaptiveRateLimiter, RetryAfterGate

PAGE_SIZE = 100
MAX_PAGES = 10_000
_PROVIDER_MESSAGE_LIMIT = 500


@dataclass(frozen=True)
class ClientSettings:
    base_url: str
    token: str
    connection_id: str
    max_concurrency: int = 8
    requests_per_second: float | None = None
    max_retry_seconds: float = 300.0
    timeout_seconds: float = 60.0
    backoff_base_seconds: float = 0.5
    backoff_max_seconds: float = 30.0

    def __repr__(self) -> str:
        return f"ClientSettings(base_url={self.base_url!r}, connection_id={self.connection_id!r}, token=***)"


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _provider_message(response: httpx.Response) -> str:
    try:
        body = orjson.loads(response.content)
    except orjson.JSONDecodeError:
        text = response.text.strip()
        return text[:_PROVIDER_MESSAGE_LIMIT] or response.reason_phrase
    if isinstance(body, Mapping):
        for key in ("message", "error", "detail", "title"):
            if isinstance(body.get(key), str) and body[key]:
                return str(body[key])[:_PROVIDER_MESSAGE_LIMIT]
    return str(body)[:_PROVIDER_MESSAGE_LIMIT]


def _error_for(response: httpx.Response, method: str, path: str) -> UnifiedApiError:
    status = response.status_code
    message = _provider_message(response)
    if status == 429:
        return RateLimitedError(parse_retry_after(response.headers.get("retry-after")), method, path, message)
    if status in (401, 403):
        return AuthError(status, message, method, path)
    if status == 404:
        return NotFoundError(status, message, method, path)
    if status >= 500:
        return ServerError(status, message, method, path)
    return BadRequestError(status, message, method, path)


def _retryable(exc: BaseException) -> bool:
    return isinstance(exc, RateLimitedError | ServerError | TransportError)


class UnifiedClient:
    """One client per sync and connection. Use as an async context manager."""

    def __init__(self, settings: ClientSettings, metrics: RequestMetrics | None = None) -> None:
        self.settings = settings
        self.metrics = metrics or RequestMetrics()
        self.gate = RetryAfterGate()
        self.limiter = AdaptiveRateLimiter(settings.requests_per_second)
        self._slots = asyncio.Semaphore(settings.max_concurrency)
        limits = httpx.Limits(
            max_connections=settings.max_concurrency, max_keepalive_connections=settings.max_concurrency
        )
        self._base = settings.base_url.rstrip("/")
        self._http = httpx.AsyncClient(
            # aiohttp's connection handling costs a third of httpcore's CPU per request (see bench/README.md).
            transport=AiohttpTransport(limits=limits, trust_env=True),
            # Unified sets no cookies; parsing every response for them cost a sixth of the connector's CPU.
            cookies=_NoCookies(),
            headers={
                "Authorization": f"Bearer {settings.token}",
                "Accept": "application/json",
                "User-Agent": "destination-unified-ats",
            },
            timeout=httpx.Timeout(settings.timeout_seconds, connect=min(10.0, settings.timeout_seconds)),
            limits=limits,
        )
        self._ats = f"/ats/{quote(settings.connection_id, safe='')}"

    def __repr__(self) -> str:
        return f"UnifiedClient({self.settings!r})"

    async def __aenter__(self) -> UnifiedClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # --- transport -------------------------------------------------------------------------------

    async def _send_once(self, method: str, path: str, params: Mapping[str, Any] | None, body: Any) -> Any:
        await self.gate.wait()
        await self.limiter.acquire()
        kind = path.split("?", 1)[0].rstrip("/").split("/")[3 if path.startswith("/ats/") else 2]
        async with self._slots:
            await self.gate.wait()
            self.metrics.record(method, kind)
            try:
                response = await self._http.request(
                    method,
                    self._base + path,  # absolute: httpx then parses the URL once, not twice
                    params=params,
                    content=orjson.dumps(body) if body is not None else None,
                    headers={"Content-Type": "application/json"} if body is not None else None,
                )
            except httpx.TransportError as exc:
                self.metrics.transport_errors += 1
                raise TransportError(method, self._url(path), _describe(exc), sent=_maybe_sent(exc)) from None
        if response.status_code >= 400:
            error = _error_for(response, method, path)
            if isinstance(error, RateLimitedError):
                self.metrics.rate_limited += 1
                self.limiter.on_rate_limited(float(self.metrics.sent_within(1.0)))
                self.gate.close_for(error.retry_after if error.retry_after is not None else 1.0)
            elif isinstance(error, ServerError):
                self.metrics.server_errors += 1
            raise error
        self.limiter.on_success()
        if not response.content:
            return None
        return orjson.loads(response.content)

    def _url(self, path: str) -> str:
        return self._base + path

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        backoff = wait_random_exponential(
            multiplier=self.settings.backoff_base_seconds, max=self.settings.backoff_max_seconds
        )(state)
        if isinstance(exc, RateLimitedError) and exc.retry_after is not None:
            # The gate already holds every request until the window ends; add a little spread.
            return exc.retry_after + min(backoff, 1.0) * 0.1
        return backoff

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        retry: bool = True,
    ) -> Any:
        """Send one request, retrying what is safe to retry for this method."""
        is_create = method == "POST"

        def should_retry(exc: BaseException) -> bool:
            if not retry or not _retryable(exc):
                return False
            if is_create:
                # A create is only resent when it surely did not happen.
                return isinstance(exc, RateLimitedError) or (isinstance(exc, TransportError) and not exc.sent)
            return True

        def before_sleep(state: RetryCallState) -> None:
            self.metrics.retries += 1

        retrying = AsyncRetrying(
            retry=retry_if_exception(should_retry),
            wait=self._wait,
            stop=stop_after_delay(self.settings.max_retry_seconds),
            before_sleep=before_sleep,
            reraise=False,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    return await self._send_once(method, path, params, body)
        except RetryError as exc:
            last = exc.last_attempt.exception()
            assert last is not None
            raise RetryBudgetExceeded(method, path, self.settings.max_retry_seconds, last) from None
        except (ServerError, TransportError) as exc:
            if is_create:
                raise AmbiguousWriteError(method, path, exc) from None
            raise
        raise AssertionError("unreachable")  # pragma: no cover

    # --- Unified platform ---------------------------------------------------------------------------

    async def get_connection(self) -> Connection:
        data = await self.request("GET", f"/unified/connection/{quote(self.settings.connection_id, safe='')}")
        return Connection.model_validate(data)

    async def list_integrations(self, integration_type: str) -> list[IntegrationSupport]:
        data = await self.request("GET", "/unified/integration", params={"type": integration_type, "categories": "ats"})
        return [IntegrationSupport.model_validate(item) for item in _as_list(data)]

    # --- ATS objects ----------------------------------------------------------------------------------

    async def list_page(self, kind: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        return _as_list(await self.request("GET", f"{self._ats}/{kind}", params=params))

    async def iterate(self, kind: str, params: Mapping[str, Any] | None = None) -> AsyncIterator[dict[str, Any]]:
        """Every object of a list endpoint, page by page (stops on a short page)."""
        offset = 0
        first_ids: set[str] = set()
        for _ in range(MAX_PAGES):
            page = await self.list_page(kind, {**(params or {}), "limit": PAGE_SIZE, "offset": offset})
            first = str(page[0].get("id")) if page else ""
            if first and first in first_ids:
                return  # the provider ignores offset and answers the same page again
            first_ids.add(first)
            for item in page:
                yield item
            if len(page) < PAGE_SIZE:
                return
            offset += len(page)

    async def list_jobs(self, status: str | None = None) -> list[AtsJob]:
        params = {"status": status} if status else {}
        return [AtsJob.model_validate(item) async for item in self.iterate("job", params)]

    async def get_job(self, job_id: str) -> AtsJob:
        return AtsJob.model_validate(await self.request("GET", f"{self._ats}/job/{quote(job_id, safe='')}"))

    async def search_candidates(self, query: str, limit: int = 10) -> list[AtsCandidate]:
        page = await self.list_page("candidate", {"query": query, "limit": limit, "offset": 0})
        return [AtsCandidate.model_validate(item) for item in page]

    async def recent_candidates(self, updated_gte: str) -> AsyncIterator[AtsCandidate]:
        params = {"updated_gte": updated_gte, "sort": "updated_at", "order": "desc"}
        async for item in self.iterate("candidate", params):
            yield AtsCandidate.model_validate(item)

    async def get_candidate(self, candidate_id: str) -> AtsCandidate:
        path = f"{self._ats}/candidate/{quote(candidate_id, safe='')}"
        return AtsCandidate.model_validate(await self.request("GET", path))

    async def create_candidate(self, candidate: Mapping[str, Any]) -> AtsCandidate:
        return AtsCandidate.model_validate(await self.request("POST", f"{self._ats}/candidate", body=candidate))

    async def update_candidate(self, candidate_id: str, changes: Mapping[str, Any]) -> AtsCandidate:
        path = f"{self._ats}/candidate/{quote(candidate_id, safe='')}"
        return AtsCandidate.model_validate(await self.request("PUT", path, body=changes))

    async def list_applications(self, candidate_id: str, job_id: str | None = None) -> list[AtsApplication]:
        params = {"candidate_id": candidate_id, **({"job_id": job_id} if job_id else {})}
        items = [AtsApplication.model_validate(item) async for item in self.iterate("application", params)]
        # Providers may ignore a filter: keep only what truly matches.
        return [a for a in items if a.candidate_id == candidate_id and (job_id is None or a.job_id == job_id)]

    async def create_application(self, application: Mapping[str, Any]) -> AtsApplication:
        data = await self.request("POST", f"{self._ats}/application", body=application)
        return AtsApplication.model_validate(data)

    async def update_application(self, application_id: str, changes: Mapping[str, Any]) -> AtsApplication:
        path = f"{self._ats}/application/{quote(application_id, safe='')}"
        return AtsApplication.model_validate(await self.request("PUT", path, body=changes))

    async def list_documents(
        self, *, candidate_id: str | None = None, application_id: str | None = None
    ) -> list[AtsDocument]:
        params = {k: v for k, v in (("candidate_id", candidate_id), ("application_id", application_id)) if v}
        items = [AtsDocument.model_validate(item) async for item in self.iterate("document", params)]
        return [
            d
            for d in items
            if (candidate_id is None or d.candidate_id == candidate_id)
            and (application_id is None or d.application_id == application_id)
        ]

    async def create_document(self, document: Mapping[str, Any]) -> AtsDocument:
        return AtsDocument.model_validate(await self.request("POST", f"{self._ats}/document", body=document))


class _NoCookies(http.cookiejar.CookieJar):
    def extract_cookies(self, response: Any, request: Any) -> None:
        return None


def _as_list(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [item for item in data if isinstance(item, dict)]
    if isinstance(data, dict):
        # Tolerate wrapped lists ({"data": [...]}) some proxies add.
        for key in ("data", "items", "results"):
            if isinstance(data.get(key), list):
                return [item for item in data[key] if isinstance(item, dict)]
    return []


def _maybe_sent(exc: httpx.TransportError) -> bool:
    """Whether the request may have reached the server. Only a failed connect proves it did not.

    The aiohttp transport maps every connection-level aiohttp error (a server that closed the connection
    after reading the request included) to httpx.ConnectTimeout, so the original error decides.
    """
    cause = exc.__cause__
    if isinstance(cause, aiohttp.ClientError | TimeoutError):
        return not isinstance(cause, aiohttp.ClientConnectorError | aiohttp.ConnectionTimeoutError)
    return not isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)


def _describe(exc: httpx.TransportError) -> str:
    cause = exc.__cause__
    name = type(cause).__name__ if isinstance(cause, aiohttp.ClientError | TimeoutError) else type(exc).__name__
    detail = str(exc)
    return f"{name}: {detail}" if detail else name
