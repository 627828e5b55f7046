"""Build the aiohttp application for one SimulatorState."""

from __future__ import annotations

from aiohttp import web

from unified_ats_simulator import http_admin, http_ats, http_unified
from unified_ats_simulator.appkeys import STATE
from unified_ats_simulator.pipeline import pipeline_middleware
from unified_ats_simulator.state import SimulatorState

# Large enough for base64 resumes above the strictest profile limit, so that limit is what answers.
CLIENT_MAX_SIZE = 64 * 1024 * 1024


def build_app(state: SimulatorState) -> web.Application:
    app = web.Application(middlewares=[pipeline_middleware], client_max_size=CLIENT_MAX_SIZE)
    app[STATE] = state
    _add_ats_routes(app)
    _add_unified_routes(app)
    _add_admin_routes(app)
    return app


def _add_ats_routes(app: web.Application) -> None:
    collection = f"/ats/{{connection_id}}/{{kind:{http_ats.KIND_PATTERN}}}"
    item = f"{collection}/{{id}}"
    app.router.add_get(collection, http_ats.list_objects, allow_head=False)
    app.router.add_post(collection, http_ats.create_object)
    app.router.add_get(item, http_ats.get_object, allow_head=False)
    app.router.add_put(item, http_ats.update_object)
    app.router.add_patch(item, http_ats.update_object)
    app.router.add_delete(item, http_ats.remove_object)


def _add_unified_routes(app: web.Application) -> None:
    app.router.add_get("/unified/connection", http_unified.list_connections, allow_head=False)
    app.router.add_get("/unified/connection/{id}", http_unified.get_connection, allow_head=False)
    app.router.add_get("/unified/integration", http_unified.list_integrations, allow_head=False)
    app.router.add_get(
        "/unified/integration/workspace/{workspace_id}",
        http_unified.list_workspace_integrations,
        allow_head=False,
    )


def _add_admin_routes(app: web.Application) -> None:
    app.router.add_get("/_admin/state", http_admin.get_state, allow_head=False)
    app.router.add_post("/_admin/reset", http_admin.reset)
    app.router.add_get("/_admin/config", http_admin.get_config, allow_head=False)
    app.router.add_post("/_admin/config", http_admin.post_config)
    app.router.add_get("/_admin/requests", http_admin.get_requests, allow_head=False)
    app.router.add_delete("/_admin/requests", http_admin.clear_requests)
    app.router.add_get("/_admin/faults", http_admin.get_faults, allow_head=False)
    app.router.add_post("/_admin/faults", http_admin.post_faults)
    app.router.add_delete("/_admin/faults", http_admin.clear_faults)
    app.router.add_post("/_admin/seed", http_admin.post_seed)
