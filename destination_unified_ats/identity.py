"""Who is already in the ATS: candidates found by email, with what this sync learnt about them.

Lookups go, in order: this sync's cache, the index of candidates changed within the provider's search-lag
window (read once at the start, so a replay after a crash sees what the crashed attempt created even
while search lags), then the provider's `query` search, accepting a hit only when one of its emails
equals one of the record's.
"""

from __future__ import annotations

import itertools
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, MutableMapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from destination_unified_ats.candidate_index import (
    IndexedApplications,
    IndexedDocuments,
    candidate_facts,
)
from destination_unified_ats.email_identity import search_forms
from destination_unified_ats.errors import NotFoundError
from destination_unified_ats.ledger import WriteLedger
from destination_unified_ats.models import AtsApplication, AtsCandidate, AtsMetadata
from destination_unified_ats.planner import SyncPlanner
from destination_unified_ats.timestamps import iso, parse_time
from destination_unified_ats.unified_client import UnifiedClient


@dataclass(slots=True)
class CandidateEntry:
    id: str
    tags: list[str]
    metadata: list[AtsMetadata] | None
    sources: list[str]
    created_here: bool
    # job_id → application; None until listed (a candidate created in this sync has none but ours).
    applications: MutableMapping[str, AtsApplication] | None = None
    # document target id → lower-cased filenames already attached; a target is absent until listed.
    documents: dict[str, set[str]] = field(default_factory=dict)
    # Found in the bulk index: tags, metadata and sources are not loaded, only the index's digests of them.
    index_slot: int | None = None

    @classmethod
    def from_candidate(cls, candidate: AtsCandidate, *, created_here: bool) -> CandidateEntry:
        assert candidate.id is not None
        return cls(
            id=candidate.id,
            tags=list(candidate.tags or []),
            metadata=list(candidate.metadata or []),
            sources=list(candidate.sources or []),
            created_here=created_here,
            applications={} if created_here else None,
        )


MAX_RECENT_PAGES = 50
# Creations remembered by id while search may lag: at most this many (about 6 MB; at 400 records/s that is
# the last 50 s, far past the few seconds providers lag), the oldest dropped first.
MAX_CREATED = 20_000


class CandidateDirectory:
    def __init__(
        self,
        client: UnifiedClient,
        *,
        search_lag_seconds: float,
        max_cached: int = 2_000,
        ledger: WriteLedger | None = None,
        planner: SyncPlanner | None = None,
    ) -> None:
        self._client = client
        self.planner = planner if planner is not None and planner.enabled else None
        self._ledger = ledger
        self._lag = search_lag_seconds
        self._max_cached = max_cached
        self._cache: OrderedDict[str, CandidateEntry] = OrderedDict()
        # Ids of the candidates this sync created, by email, kept while provider search may still miss them
        # (ids only: memory stays flat; the full entry lives in the bounded cache above).
        self._created: dict[str, tuple[float, str]] = {}
        self._recent_index: dict[str, AtsCandidate] = {}
        self.searches = 0
        self.recent_listing_truncated = False

    async def prime(self) -> int:
        """Index candidates changed within the search-lag window (plain listing, not the search index)."""
        since = datetime.now(UTC) - timedelta(seconds=self._lag + 60)
        if self.planner is not None:
            # The bulk listing's first page, newest first, is the priming too when it reaches past the window.
            page = [AtsCandidate.model_validate(item) for item in await self.planner.start()]
            times = [parse_time(c.updated_at) for c in page]
            ordered = all(a is not None and b is not None and a >= b for a, b in itertools.pairwise(times))
            oldest = times[-1] if times else None
            if self.planner.candidates.complete or (ordered and oldest is not None and oldest < since):
                for candidate in page:
                    changed = parse_time(candidate.updated_at)
                    if changed is None or changed >= since:
                        for key in candidate.email_set():
                            self._recent_index.setdefault(key, candidate)
                return len(self._recent_index)
        if self._lag <= 0:
            return 0
        async for candidate in self._changed_since(since):
            for key in candidate.email_set():
                self._recent_index.setdefault(key, candidate)
        return len(self._recent_index)

    async def _changed_since(self, since: datetime) -> AsyncIterator[AtsCandidate]:
        """Candidates changed since `since`, newest first. An integration that ignores `updated_gte` answers
        older ones too: the listing stops at the first of those (it is sorted by updated_at, descending), and
        after MAX_RECENT_PAGES pages in any case, so a large ATS is never listed whole."""
        seen = 0
        async for candidate in self._client.recent_candidates(iso(since)):
            changed = parse_time(candidate.updated_at)
            if changed is not None and changed < since:
                return
            seen += 1
            if seen > MAX_RECENT_PAGES * 100:
                self.recent_listing_truncated = True
                return
            yield candidate

    def summary_lines(self, records: int) -> list[str]:
        planner = self.planner
        strategy = planner.strategy() if planner is not None else "search (per record)"
        pages = planner.pages_listed if planner is not None else 0
        total = self._client.metrics.total
        per_record = f"{total / records:.3f}" if records else "-"
        return [
            f"  candidate lookup: {strategy}; {pages:,} pages listed, {self.searches:,} searches, "
            f"{per_record} requests per record"
        ]

    def cached(self, keys: list[str]) -> CandidateEntry | None:
        for key in keys:
            entry = self._cache.get(key)
            if entry is not None:
                self._cache.move_to_end(key)
                return entry
        return None

    async def find(
        self, keys: list[str], *, applications: bool = False, documents: bool = False
    ) -> AtsCandidate | CandidateEntry | None:
        """The candidate holding one of these keys: from the bulk index when complete, else looked up."""
        if self.planner is not None and await self.planner.candidates.ready():
            return await self._from_index(keys, applications, documents)
        for key in keys:
            created = self._created.get(key)
            if created is not None:
                found = await self._by_id(created[1])
                if found is not None:
                    return found
        if self._ledger is not None:
            found = await self._from_ledger(keys)
            if found is not None:
                return found
        for key in keys:
            hit = self._recent_index.get(key)
            if hit is not None:
                return hit
        for key in keys:
            found = await self.search(key)
            if found is not None:
                return found
        return None

    async def _from_index(self, keys: list[str], applications: bool, documents: bool) -> CandidateEntry | None:
        assert self.planner is not None
        index = self.planner.index
        slot = index.lookup(keys)
        if slot is None and await self.refresh_if_due():
            slot = index.lookup(keys)
        if slot is None and self.planner.candidates.unsure:
            for key in keys:
                found = await self.search(key)
                if found is not None:
                    return CandidateEntry.from_candidate(found, created_here=False)
        if slot is None:
            if self._ledger is not None:
                found = await self._from_ledger(keys)  # created by an earlier attempt, after its listing
                if found is not None:
                    return CandidateEntry.from_candidate(found, created_here=False)
            return None
        candidate_id = index.candidate_id(slot)
        entry = CandidateEntry(candidate_id, [], None, [], created_here=False, index_slot=slot)
        if applications and await self.planner.applications.ready():
            entry.applications = IndexedApplications(index, candidate_id)
        if documents and await self.planner.documents.ready():
            entry.documents = IndexedDocuments(index, complete=True)
        return entry

    async def refresh_if_due(self) -> bool:
        """Refresh the bulk index when its last refresh is older than the bounded interval; whether it ran."""
        if self.planner is None or not self.planner.candidates.complete or not self.planner.refresh_due():
            return False
        await self.planner.refresh()
        return True

    def covers(self, entry: CandidateEntry, facts: list[int]) -> bool:
        """Whether the indexed candidate already carries all of these (tags, metadata values, sources)."""
        assert self.planner is not None and entry.index_slot is not None
        return self.planner.index.covers(entry.index_slot, facts)

    async def load(self, entry: CandidateEntry) -> None:
        """Read an indexed candidate's tags, metadata and sources before changing them."""
        found = await self._client.get_candidate(entry.id)
        entry.tags = list(found.tags or [])
        entry.metadata = list(found.metadata or [])
        entry.sources = list(found.sources or [])
        entry.index_slot = None

    async def _from_ledger(self, keys: list[str]) -> AtsCandidate | None:
        assert self._ledger is not None
        connection = self._client.settings.connection_id
        candidate_id = self._ledger.candidate_id(connection, keys)
        if candidate_id is None:
            return None
        found = await self._by_id(candidate_id)
        if found is None:
            self._ledger.forget(connection, candidate_id)  # deleted in the ATS since: look it up afresh
        return found

    async def _by_id(self, candidate_id: str) -> AtsCandidate | None:
        try:
            return await self._client.get_candidate(candidate_id)
        except NotFoundError:
            return None

    async def search(self, key: str) -> AtsCandidate | None:
        """Search by each spelling a provider may hold; accept a hit only when one of its keys is this key."""
        for form in search_forms(key):
            self.searches += 1
            for candidate in await self._client.search_candidates(form):
                if key in candidate.email_set():
                    return candidate
        return None

    async def find_recent(self, keys: list[str], since: datetime) -> AtsCandidate | None:
        """After an ambiguous create: look in the plain listing, which does not lag like search."""
        wanted = set(keys)
        async for candidate in self._changed_since(since):
            if wanted & candidate.email_set():
                return candidate
        return None

    def remember(self, keys: list[str], entry: CandidateEntry) -> None:
        now = time.monotonic()
        if self.planner is not None:
            index = self.planner.index
            if entry.index_slot is None:
                metadata = {m.slug: m.value for m in entry.metadata or [] if m.slug}
                index.remember(keys, entry.id, candidate_facts(entry.tags, metadata, entry.sources))
            # Writes go through to the index: an entry evicted from the cache is found there again.
            if entry.applications is not None and not isinstance(entry.applications, IndexedApplications):
                entry.applications = IndexedApplications(index, entry.id, entry.applications)
            if not isinstance(entry.documents, IndexedDocuments):
                complete = self.planner.documents.complete
                entry.documents = IndexedDocuments(index, entry.documents, complete=complete)
        if self._ledger is not None and entry.created_here:
            self._ledger.remember(self._client.settings.connection_id, keys, entry.id)
        for key in keys:
            self._cache[key] = entry
            self._cache.move_to_end(key)
            if entry.created_here and self._lag > 0:
                self._created[key] = (now, entry.id)
        while len(self._cache) > self._max_cached:
            self._cache.popitem(last=False)
        self._expire(now)

    def _expire(self, now: float) -> None:
        """Forget creations older than the lag window (search finds them by then), and beyond MAX_CREATED."""
        horizon = now - self._lag
        while self._created:
            key, (created, _) = next(iter(self._created.items()))
            if created >= horizon and len(self._created) <= MAX_CREATED:
                break
            del self._created[key]


__all__ = ["CandidateDirectory", "CandidateEntry", "iso"]
