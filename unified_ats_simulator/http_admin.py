"""`/_admin/...`: inspect and steer the simulator (never subject to auth, latency or faults).

GET  /_admin/state           all objects, the config and pending faults
POST /_admin/reset           {"config": false} -> reseed data, clear log and faults (config=true: also knobs)
GET  /_admin/config          current knobs, profile, connection settings and pending faults
POST /_admin/config          {knob: value, "profile": ..., "is_paused": ..., "faults": [...]}
GET  /_admin/requests        ?limit=N -> totals, counters by method/kind/status, last N entries
DELETE /_admin/requests      clear the request log
GET|POST|DELETE /_admin/faults   list, enqueue ({"faults": [...]}) or clear scripted faults
POST /_admin/seed            {"jobs": [...], "candidates": [...], ...} -> insert objects as-is;
                             {"synthetic_candidates": N}: N generated read-only candidates (bulk.py)
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from aiohttp import web

from unified_ats_simulator.appkeys import state_of
from unified_ats_simulator.bulk import SyntheticCandidates
from unified_ats_simulator.errors import bad_request
from unified_ats_simulator.faults import ScriptedFault
from unified_ats_simulator.jsonutil import json_response
from unified_ats_simulator.listing import parse_number
from unified_ats_simulator.seeding import seed_object
from unified_ats_simulator.vocab import Kind

SEED_KEYS: dict[str, Kind] = {
    "jobs": "job",
    "candidates": "candidate",
    "applications": "application",
    "documents": "document",
}
STATE_KEYS: dict[str, Kind] = {**SEED_KEYS, "application_statuses": "applicationstatus"}


async def get_state(request: web.Request) -> web.Response:
    state = state_of(request)
    snapshot = state.store.snapshot()
    body: dict[str, Any] = {key: snapshot[kind] for key, kind in STATE_KEYS.items()}
    body["config"] = state.config_dict()
    return json_response(body)


async def reset(request: web.Request) -> web.Response:
    body = await _optional_body(request)
    state_of(request).reset(config=bool(body.get("config", False)))
    return json_response({"ok": True})


async def get_config(request: web.Request) -> web.Response:
    return json_response(state_of(request).config_dict())


async def post_config(request: web.Request) -> web.Response:
    body = await _optional_body(request)
    try:
        return json_response(state_of(request).configure(body))
    except (ValueError, TypeError) as exc:
        raise bad_request(str(exc)) from None


async def get_requests(request: web.Request) -> web.Response:
    limit = parse_number(request.query, "limit", 1000) if "limit" in request.query else 1000
    return json_response(state_of(request).log.to_dict(limit))


async def clear_requests(request: web.Request) -> web.Response:
    state_of(request).log.clear()
    return json_response({"ok": True})


async def get_faults(request: web.Request) -> web.Response:
    return json_response([f.to_dict() for f in state_of(request).faults.pending()])


async def post_faults(request: web.Request) -> web.Response:
    body = await _optional_body(request)
    try:
        faults = [ScriptedFault.from_dict(f) for f in body.get("faults", [])]
    except (ValueError, TypeError) as exc:
        raise bad_request(str(exc)) from None
    state = state_of(request)
    state.faults.push(*faults)
    return json_response([f.to_dict() for f in state.faults.pending()])


async def clear_faults(request: web.Request) -> web.Response:
    state_of(request).faults.clear()
    return json_response([])


async def post_seed(request: web.Request) -> web.Response:
    body = await _optional_body(request)
    unknown = set(body) - SEED_KEYS.keys() - {"synthetic_candidates"}
    if unknown:
        raise bad_request(f"unknown seed key(s): {', '.join(sorted(unknown))}")
    state = state_of(request)
    store = state.store
    synthetic = body.pop("synthetic_candidates", None)
    if synthetic is not None:
        if not isinstance(synthetic, int) or isinstance(synthetic, bool) or synthetic < 0:
            raise bad_request("synthetic_candidates must be a non-negative integer")
        # Kept by a reset too: a benchmark resets between runs.
        state.seed = dataclasses.replace(state.seed, synthetic_candidates=synthetic)
        store.synthetic = SyntheticCandidates(synthetic) if synthetic else None
    created = {key: [seed_object(store, SEED_KEYS[key], obj)["id"] for obj in body[key]] for key in body}
    return json_response(created)


async def _optional_body(request: web.Request) -> dict[str, Any]:
    raw = await request.read()
    if not raw:
        return {}
    try:
        body = json.loads(raw)
    except ValueError:
        raise bad_request("request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise bad_request("request body must be a JSON object")
    return body
