"""The request pipeline (one aiohttp middleware).

For `/ats/...`: latency, auth (401), connection checks (404 unknown, 403 paused / no ats category /
missing permission, 501 unsupported by the provider), rate limit (429), scripted faults, random faults,
the handler, then the "applied then failed" faults. `/unified/...` gets latency and auth only;
`/_admin/...` none of it. Every /ats and /unified request is recorded in the request log.
"""

from __future__ import annotations

import asyncio
import hmac
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import cast

from aiohttp import web

from unified_ats_simulator.appkeys import begin_notes, state_of
from unified_ats_simulator.errors import ApiError, error_response
from unified_ats_simulator.faults import AFTER_ACTIONS, ScriptedFault
from unified_ats_simulator.ratelimit import retry_after_value
from unified_ats_simulator.requestlog import (
    APPLIED_THEN_ERROR,
    DROPPED,
    ERROR,
    FAULT,
    OK,
    RATE_LIMITED,
    RequestRecord,
)
from unified_ats_simulator.state import SimulatorState
from unified_ats_simulator.vocab import READ_PERMISSION, WRITABLE_KINDS, WRITE_PERMISSION, Kind

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
APPLIED_THEN_ERROR_STATUSES = (500, 502)


@dataclass
class _Outcome:
    status: int = 0
    outcome: str = OK


@web.middleware
async def pipeline_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    path = request.path
    if path.startswith("/ats/") or path.startswith("/unified/"):
        return await _serve_api(request, handler, state_of(request))
    return await _json_errors(request, handler)


async def _json_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except ApiError as exc:
        return exc.to_response()
    except web.HTTPException as exc:
        return error_response(exc.status, exc.reason)


async def _serve_api(request: web.Request, handler: Handler, state: SimulatorState) -> web.StreamResponse:
    started = time.monotonic()
    result = _Outcome()
    request_notes = begin_notes()
    try:
        response = await _run_api(request, handler, state, result)
        if result.outcome != DROPPED:
            result.status = response.status
        return response
    finally:
        state.log.record(
            RequestRecord(
                ts=time.time(),
                method=request.method,
                path=request.path,
                kind=_log_kind(request),
                object_id=request_notes.object_id,
                status=result.status,
                outcome=result.outcome,
                duration_ms=round((time.monotonic() - started) * 1000, 3),
                query={key: ",".join(request.query.getall(key)) for key in request.query},
                ignored_fields=request_notes.ignored_fields,
            )
        )


async def _run_api(
    request: web.Request, handler: Handler, state: SimulatorState, result: _Outcome
) -> web.StreamResponse:
    if state.knobs.latency_ms > 0:
        await asyncio.sleep(state.knobs.latency_ms / 1000)
    try:
        _authenticate(request, state)
        if request.path.startswith("/ats/") and "kind" in request.match_info:
            kind = cast(Kind, request.match_info["kind"])
            _check_connection(request, state, kind)
            return await _run_ats(request, handler, state, kind, result)
        return await handler(request)
    except ApiError as exc:
        result.outcome = RATE_LIMITED if exc.status == 429 else ERROR
        return exc.to_response()
    except web.HTTPException as exc:
        result.outcome = ERROR
        return error_response(exc.status, exc.reason)


def _authenticate(request: web.Request, state: SimulatorState) -> None:
    """`Authorization: Bearer <token>` in any case, or the bare token (the SDK sends it verbatim)."""
    value = request.headers.get("Authorization", "").strip()
    if value[:7].lower() == "bearer ":
        value = value[7:].strip()
    if not value or not hmac.compare_digest(value.encode(), state.connection.token.encode()):
        raise ApiError(401, "unauthorized: missing or invalid API token")


def _check_connection(request: web.Request, state: SimulatorState, kind: Kind) -> None:
    connection = state.connection
    connection_id = request.match_info["connection_id"]
    if connection_id != connection.connection_id:
        raise ApiError(404, f"connection {connection_id} not found")
    if connection.is_paused:
        raise ApiError(403, f"connection {connection_id} is paused")
    if "ats" not in connection.categories:
        raise ApiError(403, f"connection {connection_id} does not support the ats category")
    write = request.method in WRITE_METHODS
    if write and kind not in WRITABLE_KINDS:
        raise ApiError(405, f"{request.method} is not supported on {kind}")
    permission = WRITE_PERMISSION[kind] if write else READ_PERMISSION[kind]
    if permission not in connection.permissions:
        raise ApiError(403, f"connection {connection_id} lacks the {permission} permission")
    method = _unified_method(request)
    if not state.profile.supports(kind, method):
        raise ApiError(501, f"{state.profile.name} does not support {method} on {kind}")


def _unified_method(request: web.Request) -> str:
    if request.method == "GET":
        return "get" if "id" in request.match_info else "list"
    return {"POST": "create", "PUT": "update", "PATCH": "update", "DELETE": "remove"}.get(request.method, "")


async def _run_ats(
    request: web.Request, handler: Handler, state: SimulatorState, kind: str, result: _Outcome
) -> web.StreamResponse:
    wait = state.bucket.take()
    if wait > 0:
        raise _rate_limited(state, wait)
    fault = state.faults.take(request.method, kind, request.match_info.get("id"))
    if fault is not None and fault.action not in AFTER_ACTIONS:
        early = await _apply_before_fault(fault, state, result)
        if early is not None:
            return early
    elif fault is None and state.chaos.roll(state.knobs.error_rate):
        result.outcome = FAULT
        return error_response(state.chaos.choice(state.knobs.error_statuses), "simulated provider error")
    response = await handler(request)
    return _apply_after_fault(request, response, state, fault, result)


async def _apply_before_fault(
    fault: ScriptedFault, state: SimulatorState, result: _Outcome
) -> web.StreamResponse | None:
    if fault.action == "delay":
        await asyncio.sleep(fault.delay_ms / 1000)
        return None
    if fault.action == "rate_limit":
        raise _rate_limited(state, fault.retry_after)
    result.outcome = FAULT
    return error_response(fault.status, fault.message or "simulated provider error (scripted)")


def _apply_after_fault(
    request: web.Request,
    response: web.StreamResponse,
    state: SimulatorState,
    fault: ScriptedFault | None,
    result: _Outcome,
) -> web.StreamResponse:
    action, status = _after_action(request, state, fault)
    if action == "drop":
        result.outcome = DROPPED
        if request.transport is not None:
            request.transport.close()  # aiohttp then fails to write the response and ignores that
        return response
    if action == "applied_then_error":
        result.outcome = APPLIED_THEN_ERROR
        message = (fault.message if fault else None) or "provider error after the request was applied"
        return error_response(status, message)
    return response


def _after_action(request: web.Request, state: SimulatorState, fault: ScriptedFault | None) -> tuple[str, int]:
    if fault is not None and fault.action in AFTER_ACTIONS:
        return fault.action, fault.status
    if fault is None and request.method in WRITE_METHODS:
        if state.chaos.roll(state.knobs.applied_then_error_rate):
            return "applied_then_error", state.chaos.choice(APPLIED_THEN_ERROR_STATUSES)
        if state.chaos.roll(state.knobs.drop_rate):
            return "drop", 0
    return "", 0


def _rate_limited(state: SimulatorState, wait_seconds: float) -> ApiError:
    header = retry_after_value(wait_seconds, state.knobs.retry_after_format)
    return ApiError(429, "rate limit exceeded; retry later", {"Retry-After": header})


def _log_kind(request: web.Request) -> str:
    kind = request.match_info.get("kind")
    if kind:
        return kind
    parts = request.path.strip("/").split("/")
    if parts[0] == "unified" and len(parts) > 1:
        return parts[1]
    return parts[2] if parts[0] == "ats" and len(parts) > 2 else "unknown"
