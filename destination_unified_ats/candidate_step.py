"""The candidate step: find the person by email (or create them), then merge this record's tags and metadata."""

from __future__ import annotations

from typing import Any

from destination_unified_ats.candidate_index import candidate_facts
from destination_unified_ats.identity import CandidateEntry
from destination_unified_ats.mapping import (
    candidate_create_payload,
    candidate_metadata,
    candidate_tags,
    merge_metadata,
    merge_tags,
    split_payload,
    with_match,
)
from destination_unified_ats.matching import JobMatch
from destination_unified_ats.models import AtsMetadata
from destination_unified_ats.outcomes import RecordOutcome, RecordRef
from destination_unified_ats.records import SourcedCandidate
from destination_unified_ats.steps import StepContext, StepFailed, provider_refusals

NOT_CREATED_BY_UPDATE = "no candidate with this email is in the ATS; the update operation creates none"


class CandidateStep:
    def __init__(self, context: StepContext) -> None:
        self.client = context.client
        self.directory = context.directory
        self.profile = context.profile
        self.defaults = context.defaults

    def check_required(self, record: SourcedCandidate) -> None:
        """Raises `StepFailed` when the provider needs a name to create a candidate and the record has none."""
        if "name" in self.profile.candidate_required and not record.display_name:
            raise StepFailed(
                "record",
                f"{self.profile.name} requires a name to create a candidate (name, or first_name and last_name); "
                "the record has none",
                "name",
            )

    async def write(
        self,
        record: SourcedCandidate,
        ref: RecordRef,
        outcome: RecordOutcome,
        matches: list[JobMatch],
        *,
        create: bool = True,
        applications: bool = False,
    ) -> CandidateEntry:
        """The record's candidate, found or created and brought up to date; raises `StepFailed` otherwise."""
        with provider_refusals("candidate"):
            return await self._write(record, ref, outcome, matches, create=create, applications=applications)

    async def _write(
        self,
        record: SourcedCandidate,
        ref: RecordRef,
        outcome: RecordOutcome,
        matches: list[JobMatch],
        *,
        create: bool,
        applications: bool,
    ) -> CandidateEntry:
        defaults = self.defaults
        keys = record.searched_email_keys
        tags = candidate_tags(record, defaults)
        metadata = candidate_metadata(record, defaults, ref.stream)
        if matches:
            tags, metadata = with_match(tags, metadata, matches, upstream=record.match_score is not None)
        entry = self.directory.cached(keys)
        if entry is None:
            found = await self.directory.find(keys, applications=applications, documents=record.resume is not None)
            if found is None and (nameless := record.nameless_reason()) is not None:
                raise StepFailed("record", nameless, "name")
            if found is None and not create:
                raise StepFailed("candidate", NOT_CREATED_BY_UPDATE)
            if found is None:
                entry = await self._create(record, keys, tags, metadata, outcome)
                self.directory.remember(keys, entry)
                return entry
            if isinstance(found, CandidateEntry):
                entry = found
            else:
                entry = CandidateEntry.from_candidate(found, created_here=False)
        outcome.candidate_id, outcome.candidate_action = entry.id, "reused"
        if await self._merge(entry, tags, metadata):
            outcome.candidate_action = "updated"
        self.directory.remember(keys, entry)
        return entry

    async def _create(
        self,
        record: SourcedCandidate,
        keys: list[str],
        tags: list[str],
        metadata: dict[str, Any],
        outcome: RecordOutcome,
    ) -> CandidateEntry:
        payload, later = split_payload(
            candidate_create_payload(record, tags, metadata, self.defaults),
            self.profile.candidate_update_only,
            self.profile.candidate_unwritable,
        )
        created, _ = await self.client.exactly_once(
            lambda: self.client.create_candidate(payload),
            lambda since: self.directory.find_recent(keys, since),
        )
        entry = CandidateEntry.from_candidate(created, created_here=True)
        entry.documents[entry.id] = set()
        # Set before the update below: a refused update leaves the record partly written, not rejected.
        outcome.candidate_id, outcome.candidate_action = entry.id, "created"
        if later:
            # The provider ignores these on create: they only stick through an update.
            await self.client.update_candidate(entry.id, later)
            entry.tags = list(later.get("tags", entry.tags))
            entry.metadata = [AtsMetadata.model_validate(m) for m in later.get("metadata", [])] or entry.metadata
            entry.sources = list(later.get("sources", entry.sources))
        return entry

    async def _merge(self, entry: CandidateEntry, tags: list[str], metadata: dict[str, Any]) -> bool:
        """Adds this record's tags, metadata and source to the existing candidate. Returns whether it wrote."""
        source = self.defaults.source_name
        unwritable = self.profile.candidate_unwritable
        if entry.index_slot is not None:
            facts = candidate_facts(
                [] if "tags" in unwritable else tags,
                {} if "metadata" in unwritable else metadata,
                [source] if source and "sources" not in unwritable else [],
            )
            if self.directory.covers(entry, facts):
                return False
            await self.directory.load(entry)
        changes: dict[str, Any] = {}
        merged_tags = merge_tags(entry.tags, tags)
        if len(merged_tags) != len(entry.tags):
            changes["tags"] = merged_tags
        merged_metadata = merge_metadata(entry.metadata, metadata)
        if merged_metadata is not None:
            changes["metadata"] = merged_metadata
        if source and source not in entry.sources:
            changes["sources"] = [*entry.sources, source]
        changes = {k: v for k, v in changes.items() if k not in unwritable}
        if not changes:
            return False
        updated = await self.client.update_candidate(entry.id, changes)
        entry.tags = list(updated.tags) if updated.tags is not None else merged_tags
        if updated.metadata is not None:
            entry.metadata = list(updated.metadata)
        elif merged_metadata is not None:
            entry.metadata = [AtsMetadata.model_validate(m) for m in merged_metadata]
        entry.sources = list(updated.sources) if updated.sources is not None else changes.get("sources", entry.sources)
        return True


__all__ = ["NOT_CREATED_BY_UPDATE", "CandidateStep"]
