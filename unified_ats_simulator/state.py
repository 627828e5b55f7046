"""Everything one simulator instance holds: store, knobs, connection, faults, rate limiter and request log,
plus `configure` (the one place every knob, profile and connection change goes through)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from unified_ats_simulator.faults import Chaos, FaultQueue, ScriptedFault
from unified_ats_simulator.knobs import KNOB_NAMES, Knobs
from unified_ats_simulator.profiles import ProviderProfile, check_profile_name, get_profile
from unified_ats_simulator.ratelimit import TokenBucket
from unified_ats_simulator.requestlog import DEFAULT_ENTRY_CAP, RequestLog
from unified_ats_simulator.seeding import SeedData, apply_seed
from unified_ats_simulator.store import Store
from unified_ats_simulator.unified_objects import CONNECTION_FIELDS, ConnectionSettings


class SimulatorState:
    def __init__(
        self,
        *,
        knobs: Knobs | None = None,
        connection: ConnectionSettings | None = None,
        seed: SeedData | None = None,
        request_log_cap: int = DEFAULT_ENTRY_CAP,
    ) -> None:
        self.started_at = time.time()
        self.store = Store()
        self.log = RequestLog(request_log_cap)
        self.faults = FaultQueue()
        self.seed = seed or SeedData()
        self._initial = (knobs or Knobs(), connection or ConnectionSettings())
        self.knobs, self.connection = self._initial
        self.chaos = Chaos(self.knobs.seed)
        self.bucket = self._new_bucket()
        apply_seed(self.store, self.seed)

    @property
    def profile(self) -> ProviderProfile:
        return get_profile(self.connection.integration_type, self.knobs.undocumented_document_url)

    def configure(self, changes: Mapping[str, Any]) -> dict[str, Any]:
        """Apply knob, `profile`, connection and `faults` changes atomically; ValueError on a bad one.

        Keys: any Knobs field; `profile` (alias of `integration_type`); `connection_id`, `token`,
        `categories`, `permissions`, `is_paused`; `faults` (a list of ScriptedFault dicts to enqueue).
        """
        changes = dict(changes)
        if "profile" in changes:
            changes["integration_type"] = check_profile_name(changes.pop("profile"))
        faults = [ScriptedFault.from_dict(f) for f in changes.pop("faults", [])]
        knob_changes = {k: v for k, v in changes.items() if k in KNOB_NAMES}
        connection_changes = {k: v for k, v in changes.items() if k in CONNECTION_FIELDS}
        unknown = set(changes) - KNOB_NAMES - CONNECTION_FIELDS
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        knobs = self.knobs.with_changes(knob_changes)
        connection = self.connection.with_changes(connection_changes)
        self._apply(knobs, connection)
        if "seed" in knob_changes:
            self.chaos.reseed(knobs.seed)
        self.faults.push(*faults)
        return self.config_dict()

    def reset(self, config: bool = False) -> None:
        """Back to the seeded data with an empty log and fault queue; `config=True` also restores the
        knobs, profile and connection settings given at start."""
        self.store.clear()
        apply_seed(self.store, self.seed)
        self.log.clear()
        self.faults.clear()
        if config:
            self._apply(*self._initial)
        self.chaos.reseed(self.knobs.seed)
        self.bucket = self._new_bucket()

    def config_dict(self) -> dict[str, Any]:
        return {
            "profile": self.connection.integration_type,
            "knobs": self.knobs.to_dict(),
            "connection": self.connection.to_dict(),
            "faults": [f.to_dict() for f in self.faults.pending()],
            "seed": self.seed.to_dict(),
        }

    def _apply(self, knobs: Knobs, connection: ConnectionSettings) -> None:
        old = self.knobs
        self.knobs, self.connection = knobs, connection
        if (knobs.rate_limit_rps, knobs.burst) != (old.rate_limit_rps, old.burst):
            self.bucket = self._new_bucket()

    def _new_bucket(self) -> TokenBucket:
        return TokenBucket(self.knobs.rate_limit_rps, self.knobs.burst)
