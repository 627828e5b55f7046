"""Async client of Unified.to's ATS API: auth, pagination, pacing and retries.

Retry rules (one tenacity policy, `_retrying`): reads and updates retry 429 (honouring Retry-After, for
every request of the connection), 5xx and network errors with exponential backoff and jitter, within a
time budget (`max_retry_seconds`) that no backoff sleep or retry attempt overshoots. A create (POST)
retries only what certainly did not reach the server; when its outcome is unknown, `exactly_once` reads
back what it may have made before resending (plain `request` raises `AmbiguousWriteError` instead).

Outage circuit: once one request has spent its whole budget, the sync cannot succeed any more, so every
other request of this client gives up at once (`ApiUnavailable`): attempts in flight are cut, backoff
sleeps end, new requests are refused. A full outage then ends a sync within the budget plus about a
second, whatever the number of records in flight.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import email.utils
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import quote

import aiohttp
import httpx
import orjson
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    RetryError,
    retry_if_exception,
    wait_random_exponential,
)

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
    UnifiedApiError,
    retryable,
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
from destination_unified_ats.transport import EagerAiohttpTransport

PAGE_SIZE = 100
# Set by list_page_counted: the answer's headers are copied into it (lower-cased names).
_HEADERS_OUT: contextvars.ContextVar[dict[str, str] | None] = contextvars.ContextVar("headers_out", default=None)
MAX_PAGES = 10_000
_PROVIDER_MESSAGE_LIMIT = 500
# A retry attempt near the deadline still gets this long to answer (bounds the overshoot of the budget).
_LAST_ATTEMPT_SECONDS = 1.0
# How far back a lost create's object is looked for (clock skew between us and the provider).
RECONCILE_MARGIN = timedelta(seconds=120)
# Parsed URLs kept (paths without parameters: the creates' few, and per-object paths that may repeat).
_URL_CACHE_SIZE = 256

T = TypeVar("T")
# The deadline of an enclosing `exactly_once`: its reconciling reads share its budget instead of a new one.
_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("unified_deadline", default=None)
# While `exactly_once` sends its POST, the number of that attempt: `request` then makes just that one
# attempt and raises what it got, leaving the retrying to `exactly_once`.
_CREATE_ATTEMPT: contextvars.ContextVar[int] = contextvars.ContextVar("unified_create_attempt", default=0)


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


def surely_not_applied(exc: BaseException) -> bool:
    """The server certainly did not apply the request: a 429 or a connection that was never made."""
    return isinstance(exc, RateLimitedError) or (isinstance(exc, TransportError) and not exc.sent)


def outcome_unknown(exc: BaseException) -> bool:
    """A write may have been applied although it failed: a 5xx, or no answer after the request went out."""
    return isinstance(exc, ServerError) or (isinstance(exc, TransportError) and exc.sent)


def settle_delay(ambiguous_attempts: int) -> float:
    """How long a write whose outcome is unknown gets to land at the provider before we look for it."""
    return min(2.0, 0.1 * 2.0 ** max(0, ambiguous_attempts - 1))


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
        transport = EagerAiohttpTransport(limits=limits, trust_env=True)
        # The session the transport would make, but with no cookie jar (Unified sets no cookies).
        transport.client = lambda: aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(
                limit=settings.max_concurrency, keepalive_timeout=limits.keepalive_expiry, ssl=transport.ssl_context
            ),
            cookie_jar=aiohttp.DummyCookieJar(),
        )
        self._http = _HttpClient(
            # aiohttp's connection handling costs a third of httpcore's CPU per request (see bench/README.md).
            transport=transport,
            headers={
                "Authorization": f"Bearer {settings.token}",
                "Accept": "application/json",
                "User-Agent": "destination-unified-ats",
            },
            timeout=httpx.Timeout(settings.timeout_seconds, connect=min(10.0, settings.timeout_seconds)),
            limits=limits,
        )
        self._ats = f"/ats/{quote(settings.connection_id, safe='')}"
        # What `AsyncClient.build_request` would merge into every request, merged once (see `_build`).
        self._headers = self._http.headers
        self._json_headers = httpx.Headers(self._headers)
        self._json_headers["Content-Type"] = "application/json"
        self._timeout = self._http.timeout.as_dict()
        self._urls: dict[str, httpx.URL] = {}
        # The outage circuit: the first budget exhausted, and the attempts it cuts when it opens.
        self.outage: RetryBudgetExceeded | None = None
        self._outage_opened = asyncio.Event()
        self._in_flight: set[asyncio.Timeout] = set()

    def __repr__(self) -> str:
        return f"UnifiedClient({self.settings!r})"

    async def __aenter__(self) -> UnifiedClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._http.aclose()

    # --- transport -------------------------------------------------------------------------------

    async def _send_once(
        self, method: str, path: str, params: Mapping[str, Any] | None, body: Any, deadline: float
    ) -> Any:
        await self._wait_for_gate(method, path, deadline)
        await self.limiter.acquire()
        kind = path.split("?", 1)[0].rstrip("/").split("/")[3 if path.startswith("/ats/") else 2]
        async with self._slots:
            await self._wait_for_gate(method, path, deadline)
            self.metrics.record(method, kind)
            try:
                response = await self._http.send(self._build(method, path, params, body))
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
        if (headers_out := _HEADERS_OUT.get()) is not None:
            headers_out.update((k.lower(), v) for k, v in response.headers.items())
        if not response.content:
            return None
        return orjson.loads(response.content)

    def _build(self, method: str, path: str, params: Mapping[str, Any] | None, body: Any) -> httpx.Request:
        """The request `AsyncClient.build_request` would make, without re-merging the client's defaults.

        build_request parses and re-parses the URL, merges headers, cookies and params on every call: half
        of the HTTP layer's CPU. Here the headers are merged once and a URL without parameters (every
        create) is parsed once.
        """
        # With params: parsed once with its query (like build_request, params replace a query in `path`).
        url = httpx.URL(self._base + path, params=params) if params else self._urls.get(path) or self._url_once(path)
        return httpx.Request(
            method,
            url,
            content=orjson.dumps(body) if body is not None else None,
            headers=self._json_headers if body is not None else self._headers,
            extensions={"timeout": self._timeout},
        )

    def _url_once(self, path: str) -> httpx.URL:
        url = httpx.URL(self._base + path)
        if len(self._urls) >= _URL_CACHE_SIZE:
            self._urls.clear()
        self._urls[path] = url
        return url

    async def _wait_for_gate(self, method: str, path: str, deadline: float) -> None:
        """Hold the request while a Retry-After window is open, unless that outlasts the retry budget."""
        closed_for = self.gate.remaining()
        if closed_for > 0 and closed_for > deadline - time.monotonic():
            raise RateLimitedError(closed_for, method, path, "Retry-After window outlasts the retry budget")
        await self.gate.wait()

    async def _attempt(
        self, method: str, path: str, params: Mapping[str, Any] | None, body: Any, deadline: float, first: bool
    ) -> Any:
        """One attempt, cut short when the outage circuit opens; a retry never runs past the deadline."""
        if self.outage is not None:
            raise ApiUnavailable(method, path, self.outage)
        loop = asyncio.get_running_loop()
        when = None if first else loop.time() + max(deadline - time.monotonic(), _LAST_ATTEMPT_SECONDS)
        scope = asyncio.timeout_at(when)
        self._in_flight.add(scope)
        try:
            async with scope:
                return await self._send_once(method, path, params, body, deadline)
        except TimeoutError:
            if not scope.expired():
                raise
            if self.outage is not None:
                raise ApiUnavailable(method, path, self.outage) from None
            self.metrics.transport_errors += 1
            cause = "no answer before the retry budget ran out"
            raise TransportError(method, self._url(path), cause, sent=True) from None
        finally:
            self._in_flight.discard(scope)

    def _url(self, path: str) -> str:
        return self._base + path

    def _deadline(self) -> float:
        own = time.monotonic() + self.settings.max_retry_seconds
        enclosing = _DEADLINE.get()
        return own if enclosing is None else min(own, enclosing)

    def _backoff(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        backoff = wait_random_exponential(
            multiplier=self.settings.backoff_base_seconds, max=self.settings.backoff_max_seconds
        )(state)
        if isinstance(exc, RateLimitedError) and exc.retry_after is not None:
            # The gate already holds every request until the window ends; add a little spread.
            return exc.retry_after + min(backoff, 1.0) * 0.1
        return float(backoff)

    def _retrying(
        self,
        should_retry: Callable[[BaseException], bool],
        deadline: float,
        wait: Callable[[RetryCallState], float] | None = None,
    ) -> AsyncRetrying:
        """The one retry policy: retry what `should_retry` accepts until the deadline or the circuit opens.

        Sleeps are cut to end at the deadline (then one last attempt, itself cut to about a second); a
        Retry-After that ends past the deadline stops at once; sleeps end early when the circuit opens.
        """
        backoff = wait or self._backoff

        def clamped(state: RetryCallState) -> float:
            return max(0.0, min(backoff(state), deadline - time.monotonic()))

        def stop(state: RetryCallState) -> bool:
            remaining = deadline - time.monotonic()
            if self.outage is not None or remaining <= 0:
                return True
            exc = state.outcome.exception() if state.outcome else None
            return isinstance(exc, RateLimitedError) and (exc.retry_after or 0.0) > remaining

        def before_sleep(state: RetryCallState) -> None:
            self.metrics.retries += 1

        return AsyncRetrying(
            retry=retry_if_exception(should_retry),
            wait=clamped,
            stop=stop,
            sleep=self._sleep,
            before_sleep=before_sleep,
            reraise=False,
        )

    async def _sleep(self, seconds: float) -> None:
        if seconds <= 0 or self.outage is not None:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._outage_opened.wait(), seconds)

    def _gave_up(self, method: str, path: str, error: RetryError, started: float) -> RetryBudgetExceeded:
        """The error for a request that stopped retrying; the first budget exhausted opens the circuit."""
        last = error.last_attempt.exception()
        assert last is not None
        if self.outage is not None:
            return ApiUnavailable(method, path, self.outage)
        exhausted = RetryBudgetExceeded(method, path, time.monotonic() - started, last)
        self.open_circuit(exhausted)
        return exhausted

    def open_circuit(self, outage: RetryBudgetExceeded) -> None:
        """Every request of this client gives up from now on; attempts in flight are cut at once."""
        if self.outage is not None:
            return
        self.outage = outage
        self._outage_opened.set()
        now = asyncio.get_running_loop().time()
        for scope in list(self._in_flight):
            scope.reschedule(now)

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
        started, deadline = time.monotonic(), self._deadline()
        if create_attempt := _CREATE_ATTEMPT.get():
            return await self._attempt(method, path, params, body, deadline, first=create_attempt == 1)
        is_create = method == "POST"

        def should_retry(exc: BaseException) -> bool:
            if not retry or not retryable(exc):
                return False
            # A create is only resent when it surely did not happen.
            return surely_not_applied(exc) if is_create else True

        def attempt(number: int) -> Awaitable[Any]:
            return self._attempt(method, path, params, body, deadline, first=number == 1)

        try:
            return await self._under_policy(attempt, should_retry, deadline)
        except RetryError as exc:
            raise self._gave_up(method, path, exc, started) from None
        except (ServerError, TransportError) as exc:
            if is_create:
                raise AmbiguousWriteError(method, path, exc) from None
            raise

    async def _under_policy(
        self,
        attempt: Callable[[int], Awaitable[T]],
        should_retry: Callable[[BaseException], bool],
        deadline: float,
        wait: Callable[[RetryCallState], float] | None = None,
    ) -> T:
        """`attempt(n)` for n = 1, 2, ... under the one retry policy until one succeeds or the policy stops.

        The first attempt runs outside tenacity (building and stepping a retry loop costs a third of a request's
        CPU, and almost every request succeeds at once); a retryable failure is replayed as tenacity's first
        attempt, so the policy sees the same attempts, waits and stops as if it had run them all.
        """
        try:
            return await attempt(1)
        except Exception as exc:
            if not should_retry(exc):
                raise
            replay: Exception | None = exc
        async for state in self._retrying(should_retry, deadline, wait):
            with state:
                if replay is not None:
                    failed, replay = replay, None
                    raise failed
                return await attempt(state.retry_state.attempt_number)
        raise AssertionError("unreachable")  # pragma: no cover

    async def exactly_once(
        self,
        send: Callable[[], Awaitable[T]],
        reconcile: Callable[[datetime], Awaitable[T | None]],
    ) -> tuple[T, bool]:
        """Run a create (`send` makes one POST through this client) under the client's one retry policy.

        A create refused before it was applied (429, no connection) is resent after the usual backoff. One
        whose outcome is unknown (5xx, no answer) is looked for with `reconcile(since)` after a short settle
        delay, and resent only if nothing was found. Reads, resends and sleeps all share one budget.
        Returns the object and whether it was found by reconciliation.
        """
        since = datetime.now(UTC) - RECONCILE_MARGIN
        started, deadline = time.monotonic(), self._deadline()
        unknown = 0

        def wait(state: RetryCallState) -> float:
            backoff = self._backoff(state)
            exc = state.outcome.exception() if state.outcome else None
            return max(backoff, settle_delay(unknown)) if exc is not None and outcome_unknown(exc) else backoff

        def should_retry(exc: BaseException) -> bool:
            return surely_not_applied(exc) or outcome_unknown(exc)

        async def attempt(number: int) -> tuple[T, bool]:
            nonlocal unknown
            if unknown:
                found = await reconcile(since)
                if found is not None:
                    self.metrics.reconciled_writes += 1
                    return found, True
            single = _CREATE_ATTEMPT.set(number)
            try:
                return await send(), False
            except (ServerError, TransportError) as exc:
                if outcome_unknown(exc):
                    unknown += 1
                    self.metrics.ambiguous_writes += 1
                raise
            finally:
                _CREATE_ATTEMPT.reset(single)

        token = _DEADLINE.set(deadline)
        try:
            return await self._under_policy(attempt, should_retry, deadline, wait)
        except RetryError as exc:
            last = exc.last_attempt.exception()
            raise self._gave_up("POST", _where(last), exc, started) from None
        finally:
            _DEADLINE.reset(token)

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

    async def list_page_counted(self, kind: str, params: Mapping[str, Any]) -> tuple[list[dict[str, Any]], int | None]:
        """One page and the total the provider reports in `X-Total-Count` (None where it reports none)."""
        headers: dict[str, str] = {}
        token = _HEADERS_OUT.set(headers)
        try:
            items = _as_list(await self.request("GET", f"{self._ats}/{kind}", params=params))
        finally:
            _HEADERS_OUT.reset(token)
        raw = headers.get("x-total-count")
        total = int(raw) if raw is not None and raw.strip().isdigit() else None
        return items, total

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


class _NoCookies(httpx.Cookies):
    def extract_cookies(self, response: httpx.Response) -> None:
        return None


class _HttpClient(httpx.AsyncClient):
    """Unified sets no cookies, so responses are not searched for them.

    httpx does that on every response, even with an empty jar, by building a urllib Request for it (the
    URL parsed again, every header copied): a sixth of the connector's CPU.
    """

    _no_cookies = _NoCookies()

    @property
    def cookies(self) -> httpx.Cookies:
        return self._no_cookies

    @cookies.setter
    def cookies(self, cookies: object) -> None:
        raise TypeError("this client keeps no cookies")


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


def _where(exc: BaseException | None) -> str:
    if isinstance(exc, UnifiedApiError):
        return exc.path
    if isinstance(exc, TransportError):
        return exc.url
    return "a create"


def _describe(exc: httpx.TransportError) -> str:
    cause = exc.__cause__
    name = type(cause).__name__ if isinstance(cause, aiohttp.ClientError | TimeoutError) else type(exc).__name__
    detail = str(exc)
    return f"{name}: {detail}" if detail else name
