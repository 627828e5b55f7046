"""A local simulator of Unified.to's ATS API (and the connection/integration endpoints), for tests,
demos, chaos runs and benchmarks. Start it with `SimulatorServer` or `python -m unified_ats_simulator`."""

from __future__ import annotations

from unified_ats_simulator.app import build_app
from unified_ats_simulator.faults import ScriptedFault
from unified_ats_simulator.knobs import Knobs
from unified_ats_simulator.profiles import PROFILES, ProviderProfile, get_profile
from unified_ats_simulator.requestlog import IgnoredFields, RequestRecord
from unified_ats_simulator.seeding import SeedData
from unified_ats_simulator.server import SimulatorServer, make_state, start_site
from unified_ats_simulator.state import SimulatorState
from unified_ats_simulator.store import DocumentInfo, Store
from unified_ats_simulator.unified_objects import DEFAULT_CONNECTION_ID, DEFAULT_TOKEN, ConnectionSettings

__all__ = [
    "DEFAULT_CONNECTION_ID",
    "DEFAULT_TOKEN",
    "PROFILES",
    "ConnectionSettings",
    "DocumentInfo",
    "IgnoredFields",
    "Knobs",
    "ProviderProfile",
    "RequestRecord",
    "ScriptedFault",
    "SeedData",
    "SimulatorServer",
    "SimulatorState",
    "Store",
    "build_app",
    "get_profile",
    "make_state",
    "start_site",
]
