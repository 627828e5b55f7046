"""Fixtures: a real simulator on loopback, an httpx client and the official Unified SDK pointed at it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from unified_python_sdk import UnifiedTo

from integration_tests.simulator.helpers import client_for, sdk_for
from unified_ats_simulator import SimulatorServer

SimFactory = Callable[..., SimulatorServer]


@pytest.fixture
def make_sim() -> Iterator[SimFactory]:
    """Start simulators with custom settings; all are stopped at teardown."""
    started: list[SimulatorServer] = []

    def factory(**settings: Any) -> SimulatorServer:
        sim = SimulatorServer(**settings).start()
        started.append(sim)
        return sim

    yield factory
    for sim in started:
        sim.stop()


@pytest.fixture
def sim(make_sim: SimFactory) -> SimulatorServer:
    return make_sim()


@pytest.fixture
def client(sim: SimulatorServer) -> Iterator[httpx.Client]:
    with client_for(sim) as c:
        yield c


@pytest.fixture
def sdk(sim: SimulatorServer) -> UnifiedTo:
    return sdk_for(sim)
