"""Handlers for the Unified platform endpoints the connector uses: connections and integrations."""

from __future__ import annotations

from aiohttp import web

from unified_ats_simulator.appkeys import notes, state_of
from unified_ats_simulator.errors import ApiError
from unified_ats_simulator.jsonutil import json_response
from unified_ats_simulator.listing import parse_number
from unified_ats_simulator.profiles import PROFILES
from unified_ats_simulator.unified_objects import WORKSPACE_ID, connection_json, integration_json


async def get_connection(request: web.Request) -> web.Response:
    state = state_of(request)
    connection_id = request.match_info["id"]
    notes().object_id = connection_id
    if connection_id != state.connection.connection_id:
        raise ApiError(404, f"connection {connection_id} not found")
    return json_response(connection_json(state.connection, state.started_at, state.store.now()))


async def list_connections(request: web.Request) -> web.Response:
    state = state_of(request)
    items = [connection_json(state.connection, state.started_at, state.store.now())]
    return json_response(items, headers={"X-Total-Count": "1"})


async def list_integrations(request: web.Request) -> web.Response:
    """`GET /unified/integration?type=&categories=&active=&summary=&limit=&offset=`."""
    state = state_of(request)
    query = request.query
    profiles = list(PROFILES.values())
    if query.get("type"):
        profiles = [p for p in profiles if p.name == query["type"]]
    categories = set(query.getall("categories", []))
    if categories and "ats" not in categories:
        profiles = []
    if query.get("active", "").lower() == "true":
        profiles = [p for p in profiles if p.name == state.connection.integration_type]
    summary = query.get("summary", "").lower() == "true"
    offset = parse_number(query, "offset", 0)
    limit = parse_number(query, "limit", 100) or 100
    items = [integration_json(p, summary) for p in profiles[offset : offset + limit]]
    return json_response(items, headers={"X-Total-Count": str(len(profiles))})


async def list_workspace_integrations(request: web.Request) -> web.Response:
    """`GET /unified/integration/workspace/{workspace_id}`: the workspace's (all) integrations."""
    if request.match_info["workspace_id"] != WORKSPACE_ID:
        raise ApiError(404, f"workspace {request.match_info['workspace_id']} not found")
    return json_response([integration_json(p, summary=True) for p in PROFILES.values()])
