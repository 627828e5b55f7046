from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from unified_ats_simulator import SimulatorServer


@pytest.fixture
def sim() -> Iterator[SimulatorServer]:
    with SimulatorServer() as server:
        yield server


def connector_config(sim: SimulatorServer, **extra: Any) -> dict[str, Any]:
    return {"api_token": sim.token, "connection_id": sim.connection_id, "base_url": sim.base_url, **extra}
