"""Synthetic candidates: an ATS of a million people without a million objects in memory.

Candidate `i` (0-based) is generated on demand: id `bulk_{i}`, email `person{i}@bulk.example`, a name, a tag
and a source, all changed at one fixed time long ago (so they sort after anything written since and never
appear in an `updated_gte` listing of recent changes). They are read-only: listing, search by email and GET
by id see them; a PUT or DELETE answers 404. Seeded with `POST /_admin/seed {"synthetic_candidates": N}`,
`--synthetic-candidates N`, or `SimulatorServer(synthetic_candidates=N)`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

FIRST = ("Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Ken", "Radia", "Linus")
LAST = ("Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Thompson", "Perlman")
CHANGED_AT = "2020-01-01T00:00:00.000Z"
_ID = re.compile(r"^bulk_(\d+)$")
_EMAIL = re.compile(r"^person(\d+)@bulk\.example$")


@dataclass(frozen=True)
class SyntheticCandidates:
    count: int

    def item(self, i: int) -> dict[str, Any]:
        return {
            "id": f"bulk_{i}",
            "first_name": FIRST[i % len(FIRST)],
            "last_name": LAST[i % len(LAST)],
            "emails": [{"email": f"person{i}@bulk.example", "type": "WORK"}],
            "tags": ["bulk"],
            "sources": ["seed"],
            "origin": "SOURCED",
            "created_at": CHANGED_AT,
            "updated_at": CHANGED_AT,
        }

    def page(self, offset: int, limit: int) -> list[dict[str, Any]]:
        return [self.item(i) for i in range(max(0, offset), min(self.count, offset + limit))]

    def by_id(self, object_id: str) -> dict[str, Any] | None:
        match = _ID.match(object_id)
        return self.item(int(match.group(1))) if match and int(match.group(1)) < self.count else None

    def by_email(self, email: str) -> list[dict[str, Any]]:
        match = _EMAIL.match(email.strip().lower())
        return [self.item(int(match.group(1)))] if match and int(match.group(1)) < self.count else []
