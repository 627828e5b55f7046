"""Helpers shared by the simulator tests."""

from __future__ import annotations

from typing import Any

import httpx
from pydantic import BaseModel
from unified_python_sdk import UnifiedTo
from unified_python_sdk.models import shared

from unified_ats_simulator import SimulatorServer


def client_for(sim: SimulatorServer, **kwargs: Any) -> httpx.Client:
    return httpx.Client(base_url=sim.base_url, headers=sim.headers, timeout=10, **kwargs)


def sdk_for(sim: SimulatorServer) -> UnifiedTo:
    return UnifiedTo(security=shared.Security(jwt=sim.token), server_url=sim.base_url)


def ats(sim: SimulatorServer, kind: str, object_id: str | None = None) -> str:
    """The path of an ATS collection or object on the simulator's connection."""
    path = f"/ats/{sim.connection_id}/{kind}"
    return f"{path}/{object_id}" if object_id else path


def candidate_body(email: str = "jane.doe@example.com", **extra: Any) -> dict[str, Any]:
    return {"first_name": "Jane", "last_name": "Doe", "emails": [{"email": email, "type": "WORK"}], **extra}


def assert_fits_model(data: Any, model: type[BaseModel]) -> None:
    """Every key the simulator returned is a field of the SDK model (recursively for nested models),
    and the SDK model accepts the object."""
    assert isinstance(data, dict), data
    names = {field.alias or name: field for name, field in model.model_fields.items()}
    unknown = set(data) - set(names)
    assert not unknown, f"{model.__name__} has no field(s) {sorted(unknown)}"
    model.model_validate(data)


def create(client: httpx.Client, sim: SimulatorServer, kind: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(ats(sim, kind), json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def open_job_id(sim: SimulatorServer) -> str:
    return str(next(j["id"] for j in sim.jobs() if j["status"] == "OPEN"))
