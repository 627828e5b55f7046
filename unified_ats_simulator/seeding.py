"""Seeding the store: the default jobs and statuses, or the caller's jobs, candidates, applications and documents."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from unified_ats_simulator.bulk import SyntheticCandidates
from unified_ats_simulator.seed_data import DEFAULT_APPLICATION_STATUSES, DEFAULT_JOBS
from unified_ats_simulator.store import JsonObject, Store
from unified_ats_simulator.timeutil import canonical_iso, to_iso
from unified_ats_simulator.vocab import Kind


@dataclass(frozen=True)
class SeedData:
    """Objects present at start (and after a reset). `jobs=None` means the default jobs."""

    jobs: Sequence[JsonObject] | None = None
    candidates: Sequence[JsonObject] = ()
    applications: Sequence[JsonObject] = ()
    documents: Sequence[JsonObject] = ()
    application_statuses: Sequence[JsonObject] | None = None
    synthetic_candidates: int = 0  # generated on demand (bulk.py), never stored

    def to_dict(self) -> dict[str, Any]:
        return {
            "jobs": len(DEFAULT_JOBS if self.jobs is None else self.jobs),
            "candidates": len(self.candidates),
            "applications": len(self.applications),
            "documents": len(self.documents),
        }


def apply_seed(store: Store, seed: SeedData) -> None:
    jobs = DEFAULT_JOBS if seed.jobs is None else seed.jobs
    statuses = DEFAULT_APPLICATION_STATUSES if seed.application_statuses is None else seed.application_statuses
    groups: tuple[tuple[Kind, Sequence[JsonObject]], ...] = (
        ("applicationstatus", statuses),
        ("job", jobs),
        ("candidate", seed.candidates),
        ("application", seed.applications),
        ("document", seed.documents),
    )
    store.synthetic = SyntheticCandidates(seed.synthetic_candidates) if seed.synthetic_candidates else None
    now = store.now()
    for kind, objects in groups:
        for i, obj in enumerate(objects):
            # Stagger default creation times (an hour apart) so sorting by created_at is meaningful.
            seed_object(store, kind, obj, default_created=now - 3600 * (len(objects) - i))


def seed_object(store: Store, kind: Kind, obj: JsonObject, default_created: float | None = None) -> JsonObject:
    """Insert an object as-is (no provider rules); `id`, `created_at` and `updated_at` are kept if given."""
    fields = copy.deepcopy(dict(obj))
    object_id = fields.pop("id", None)
    created = fields.pop("created_at", None)
    updated = fields.pop("updated_at", None)
    if created is None and default_created is not None:
        created = to_iso(default_created)
    if kind == "application":
        fields.setdefault("status", "NEW")
    return store.create(
        kind,
        fields,
        object_id=str(object_id) if object_id is not None else None,
        created_at=canonical_iso(created) if created else None,
        updated_at=canonical_iso(updated) if updated else None,
    )
