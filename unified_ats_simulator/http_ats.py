"""Handlers for `/ats/{connection_id}/{kind}[/{id}]`: list, get, create, update (PUT/PATCH), remove.

Auth, connection checks, latency and faults happen in the pipeline middleware before these run.
"""

from __future__ import annotations

import json
from typing import Any, cast

from aiohttp import web

from unified_ats_simulator.appkeys import notes, state_of
from unified_ats_simulator.errors import ApiError, bad_request, not_found
from unified_ats_simulator.jsonutil import json_response
from unified_ats_simulator.listing import parse_fields, parse_list_query, run_list, total_header
from unified_ats_simulator.store import JsonObject
from unified_ats_simulator.validation import prepare_write
from unified_ats_simulator.vocab import WRITABLE_KINDS, Kind

KIND_PATTERN = "candidate|application|document|job|applicationstatus"


def kind_of(request: web.Request) -> Kind:
    return cast(Kind, request.match_info["kind"])


async def list_objects(request: web.Request) -> web.Response:
    state, kind = state_of(request), kind_of(request)
    query = parse_list_query(kind, request.query, state.profile.max_page_size)
    lag = state.knobs.search_lag_seconds
    hidden_after = state.store.now() - lag if lag > 0 else None
    page = run_list(state.store, kind, query, hidden_after)
    return json_response(page.items, headers=total_header(page.total))


async def get_object(request: web.Request) -> web.Response:
    state, kind = state_of(request), kind_of(request)
    object_id = _object_id(request)
    obj = state.store.get(kind, object_id)
    if obj is None:
        raise not_found(kind, object_id)
    return json_response(_project(obj, request))


async def create_object(request: web.Request) -> web.Response:
    state, kind = state_of(request), _writable_kind(request)
    prepared = prepare_write(kind, await _json_body(request), "create", state.profile, state.store)
    notes().ignored_fields = prepared.ignored
    obj = state.store.create(kind, _with_create_defaults(kind, prepared.fields))
    notes().object_id = obj["id"]
    return json_response(_project(obj, request))


async def update_object(request: web.Request) -> web.Response:
    """PUT and PATCH both merge the given fields into the object (as Unified does)."""
    state, kind = state_of(request), _writable_kind(request)
    object_id = _object_id(request)
    if not state.store.exists(kind, object_id):
        raise not_found(kind, object_id)
    prepared = prepare_write(kind, await _json_body(request), "update", state.profile, state.store)
    notes().ignored_fields = prepared.ignored
    obj = state.store.update(kind, object_id, prepared.fields)
    if obj is None:  # removed while we validated
        raise not_found(kind, object_id)
    return json_response(_project(obj, request))


async def remove_object(request: web.Request) -> web.Response:
    state, kind = state_of(request), _writable_kind(request)
    object_id = _object_id(request)
    if not state.store.delete(kind, object_id):
        raise not_found(kind, object_id)
    return web.Response(status=200)


def _object_id(request: web.Request) -> str:
    object_id = request.match_info["id"]
    notes().object_id = object_id
    return object_id


def _writable_kind(request: web.Request) -> Kind:
    kind = kind_of(request)
    if kind not in WRITABLE_KINDS:
        raise ApiError(405, f"{request.method} is not supported on {kind}")
    return kind


async def _json_body(request: web.Request) -> Any:
    raw = await request.read()
    if not raw:
        raise bad_request("request body is required")
    try:
        return json.loads(raw)
    except ValueError:
        raise bad_request("request body is not valid JSON") from None


def _with_create_defaults(kind: Kind, fields: JsonObject) -> JsonObject:
    """What providers fill in on create: a display name, the first stage, the application date."""
    if kind == "candidate" and not fields.get("name"):
        full = " ".join(str(fields[k]) for k in ("first_name", "last_name") if fields.get(k))
        if full:
            fields = {**fields, "name": full}
    if kind == "application":
        fields = {"status": "NEW", **fields}
    return fields


def _project(obj: JsonObject, request: web.Request) -> JsonObject:
    fields = parse_fields(request.query)
    return {name: obj[name] for name in fields if name in obj} if fields else obj
