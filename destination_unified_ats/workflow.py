"""Where one record becomes API calls: candidate, application, stage, resume, tags and metadata.

Each step reads before it writes, and every create goes through `_create_once`, which never resends a
create whose outcome is unknown before looking for what it may have made.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from airbyte_cdk.models import FailureType

from destination_unified_ats.candidate_index import candidate_facts
from destination_unified_ats.documents import ResumeAttacher
from destination_unified_ats.errors import (
    AuthError,
    BadRequestError,
    NotFoundError,
    RetryBudgetExceeded,
    SyncFailure,
    outage_failure_type,
)
from destination_unified_ats.identity import CandidateDirectory, CandidateEntry
from destination_unified_ats.jobs import JobCatalog
from destination_unified_ats.mapping import (
    WriteDefaults,
    application_payload,
    candidate_create_payload,
    candidate_metadata,
    candidate_tags,
    merge_metadata,
    merge_tags,
    should_move_stage,
    split_payload,
    with_match,
)
from destination_unified_ats.matching import CandidateProfile, JobMatch, JobMatcher, JobMatchingSettings
from destination_unified_ats.metrics import RequestMetrics
from destination_unified_ats.models import ApplicationStatus, AtsApplication, AtsMetadata
from destination_unified_ats.operations import StreamOperation
from destination_unified_ats.outcomes import ApplicationOutcome, RecordOutcome, RecordRef
from destination_unified_ats.outcomes import provider_said as _provider_said
from destination_unified_ats.providers import ProviderProfile
from destination_unified_ats.records import SourcedCandidate
from destination_unified_ats.resume_fetch import ResumeFetcher
from destination_unified_ats.unified_client import UnifiedClient

T = TypeVar("T")
FULL_WORKFLOW = StreamOperation()
logger = logging.getLogger("airbyte")


@dataclass(frozen=True)
class WorkflowSettings:
    defaults: WriteDefaults
    stage_policy: str = "forward_only"


class StepFailed(Exception):
    """A step the provider refused for this record only; later steps that need it are skipped."""


class RecordWriter:
    def __init__(
        self,
        client: UnifiedClient,
        directory: CandidateDirectory,
        jobs: JobCatalog,
        profile: ProviderProfile,
        settings: WorkflowSettings,
        fetcher: ResumeFetcher | None = None,
        matching: JobMatchingSettings | None = None,
    ) -> None:
        self.client = client
        self.directory = directory
        self.jobs = jobs
        self.profile = profile
        self.settings = settings
        self.fetcher = fetcher
        self.matching = matching
        self._job_matcher: JobMatcher | None = None
        self._matcher_lock = asyncio.Lock()
        self.resumes = ResumeAttacher(client, profile, fetcher, self._create_once)

    @property
    def metrics(self) -> RequestMetrics:
        return self.client.metrics

    async def write(
        self, record: SourcedCandidate, ref: RecordRef, operation: StreamOperation = FULL_WORKFLOW
    ) -> RecordOutcome:
        outcome = RecordOutcome(ref=ref, warnings=list(record.warnings))
        missing = self._missing_required(record)
        if missing:
            outcome.reject("record", missing, "name")
            return outcome
        try:
            job_ids, matches = await self._jobs(record, outcome) if operation.writes_applications else ([], [])
            candidate_step = self._candidate(
                record, ref, outcome, matches, create=operation.creates_candidates, applications=bool(job_ids)
            )
            entry = await self._step("candidate", outcome, candidate_step)
            application = await self._applications(entry, record, job_ids, matches, outcome)
            if record.resume is not None and operation.writes_documents:
                await self._document_step(entry, application, record, outcome)
        except StepFailed:
            pass
        except AuthError as exc:
            raise SyncFailure(
                f"Unified refused the API token or a permission mid-sync ({exc.status}: {exc.provider_message}). "
                "Check the token and the connection's permissions, then re-run the sync.",
                FailureType.config_error,
                str(exc),
            ) from None
        except RetryBudgetExceeded as exc:
            raise SyncFailure(
                f"The Unified API kept failing past the retry budget: {exc}",
                outage_failure_type(exc),
                str(exc.last),
            ) from None
        return outcome

    async def _applications(
        self,
        entry: CandidateEntry,
        record: SourcedCandidate,
        job_ids: list[str],
        matches: list[JobMatch],
        outcome: RecordOutcome,
    ) -> AtsApplication | None:
        """One application per job; a provider refusing one job does not stop the others. Returns the first."""
        scores = {m.job_id: m.score for m in matches}
        first = None
        for job_id in job_ids:
            applied = ApplicationOutcome(job_id=job_id, match_score=scores.get(job_id))
            outcome.applications.append(applied)
            try:
                application = await self._application(entry, record, applied, outcome)
            except (BadRequestError, NotFoundError) as exc:
                outcome.reject("application", f"job {job_id}: {_provider_said(exc)}")
                continue
            first = first or application
        return first

    async def _document_step(
        self,
        entry: CandidateEntry,
        application: AtsApplication | None,
        record: SourcedCandidate,
        outcome: RecordOutcome,
    ) -> None:
        assert record.resume is not None
        await self.resumes.attach(entry, application, record.resume, outcome)

    def _missing_required(self, record: SourcedCandidate) -> str | None:
        if "name" in self.profile.candidate_required and not record.display_name:
            return (
                f"{self.profile.name} requires a name to create a candidate (name, or first_name and last_name); "
                "the record has none"
            )
        return None

    async def _step(self, step: str, outcome: RecordOutcome, work: Awaitable[T]) -> T:
        try:
            return await work
        except (BadRequestError, NotFoundError) as exc:
            outcome.reject(step, _provider_said(exc))
            raise StepFailed from None

    # --- job -------------------------------------------------------------------------------------------

    async def _jobs(self, record: SourcedCandidate, outcome: RecordOutcome) -> tuple[list[str], list[JobMatch]]:
        """The jobs to apply to (the record's, the default, or the matched ones) and the matches by job id."""
        job_id = record.job_id or self.settings.defaults.default_job_id
        if job_id:
            _, reason = await self.jobs.resolve(job_id)
            if reason:
                # The person is still written: a sourced profile is worth keeping without the application.
                outcome.reject("application", reason, "job_id")
                return [], []
            return [job_id], []
        if self.matching is None or not self.matching.enabled:
            return [], []
        matcher = await self._matcher()
        matches = matcher.match(CandidateProfile.from_record(record.matching_signals()))
        if not matches:
            outcome.warnings.append("job matching found no open job above the minimum score")
        return [m.job_id for m in matches], matches

    async def _matcher(self) -> JobMatcher:
        if self._job_matcher is None:
            async with self._matcher_lock:
                if self._job_matcher is None:
                    assert self.matching is not None
                    jobs = [job.payload() for job in await self.jobs.open_jobs()]
                    self._job_matcher = JobMatcher(jobs, self.matching)
        return self._job_matcher

    # --- candidate ---------------------------------------------------------------------------------------

    async def _candidate(
        self,
        record: SourcedCandidate,
        ref: RecordRef,
        outcome: RecordOutcome,
        matches: list[JobMatch],
        *,
        create: bool = True,
        applications: bool = False,
    ) -> CandidateEntry:
        defaults = self.settings.defaults
        keys = record.searched_email_keys
        tags = candidate_tags(record, defaults)
        metadata = candidate_metadata(record, defaults, ref.stream)
        if matches:
            tags, metadata = with_match(tags, metadata, matches, upstream=record.match_score is not None)
        entry = self.directory.cached(keys)
        if entry is None:
            found = await self.directory.find(keys, applications=applications, documents=record.resume is not None)
            if found is None and (nameless := record.nameless_reason()) is not None:
                outcome.reject("record", nameless, "name")
                raise StepFailed
            if found is None and not create:
                outcome.reject(
                    "candidate", "no candidate with this email is in the ATS; the update operation creates none"
                )
                raise StepFailed
            if found is None:
                payload, later = split_payload(
                    candidate_create_payload(record, tags, metadata, defaults),
                    self.profile.candidate_update_only,
                    self.profile.candidate_unwritable,
                )
                created, _ = await self._create_once(
                    lambda: self.client.create_candidate(payload),
                    lambda since: self.directory.find_recent(keys, since),
                )
                entry = CandidateEntry.from_candidate(created, created_here=True)
                entry.documents[entry.id] = set()
                outcome.candidate_id, outcome.candidate_action = entry.id, "created"
                if later:
                    # The provider ignores these on create: they only stick through an update.
                    await self.client.update_candidate(entry.id, later)
                    entry.tags = list(later.get("tags", entry.tags))
                    entry.metadata = [
                        AtsMetadata.model_validate(m) for m in later.get("metadata", [])
                    ] or entry.metadata
                    entry.sources = list(later.get("sources", entry.sources))
                self.directory.remember(keys, entry)
                return entry
            if isinstance(found, CandidateEntry):
                entry = found
            else:
                entry = CandidateEntry.from_candidate(found, created_here=False)
        outcome.candidate_id, outcome.candidate_action = entry.id, "reused"
        await self._merge_candidate(entry, tags, metadata, outcome)
        self.directory.remember(keys, entry)
        return entry

    async def _merge_candidate(
        self, entry: CandidateEntry, tags: list[str], metadata: dict[str, Any], outcome: RecordOutcome
    ) -> None:
        if entry.index_slot is not None:
            source = self.settings.defaults.source_name
            unwritable = self.profile.candidate_unwritable
            facts = candidate_facts(
                [] if "tags" in unwritable else tags,
                {} if "metadata" in unwritable else metadata,
                [source] if source and "sources" not in unwritable else [],
            )
            if self.directory.covers(entry, facts):
                return
            await self.directory.load(entry)
        changes: dict[str, Any] = {}
        merged_tags = merge_tags(entry.tags, tags)
        if len(merged_tags) != len(entry.tags):
            changes["tags"] = merged_tags
        merged_metadata = merge_metadata(entry.metadata, metadata)
        if merged_metadata is not None:
            changes["metadata"] = merged_metadata
        source = self.settings.defaults.source_name
        if source and source not in entry.sources:
            changes["sources"] = [*entry.sources, source]
        changes = {k: v for k, v in changes.items() if k not in self.profile.candidate_unwritable}
        if not changes:
            return
        updated = await self.client.update_candidate(entry.id, changes)
        entry.tags = list(updated.tags) if updated.tags is not None else merged_tags
        if updated.metadata is not None:
            entry.metadata = list(updated.metadata)
        elif merged_metadata is not None:
            entry.metadata = [AtsMetadata.model_validate(m) for m in merged_metadata]
        entry.sources = list(updated.sources) if updated.sources is not None else changes.get("sources", entry.sources)
        outcome.candidate_action = "updated"

    # --- application and stage ---------------------------------------------------------------------------

    async def _application(
        self, entry: CandidateEntry, record: SourcedCandidate, applied: ApplicationOutcome, outcome: RecordOutcome
    ) -> AtsApplication:
        job_id = applied.job_id
        if entry.applications is None:
            entry.applications = {a.job_id: a for a in await self.client.list_applications(entry.id) if a.job_id}
        requested = record.application_status or self.settings.defaults.application_status
        application = entry.applications.get(job_id)
        if application is None and await self.directory.refresh_if_due():
            application = entry.applications.get(job_id)  # made by someone else since the bulk listing
        if application is None:
            payload, later = split_payload(
                application_payload(entry.id, job_id, requested, self.settings.defaults),
                self.profile.application_update_only,
                self.profile.application_unwritable,
            )
            created, _ = await self._create_once(
                lambda: self.client.create_application(payload),
                lambda since: self._find_application(entry.id, job_id),
            )
            assert created.id is not None
            entry.applications[job_id] = created
            entry.documents[created.id] = set()
            applied.application_id, applied.action = created.id, "created"
            if later:
                # e.g. a provider whose new applications always enter the first stage: move it now.
                await self.client.update_application(created.id, later)
                created.status = later.get("status", created.status)
            if requested is not None and self.profile.status_writable:
                applied.stage, applied.stage_action = requested.value, "set"
            elif requested is not None:
                outcome.warnings.append(f"{self.profile.name} does not let the API set an application's stage")
            return created
        applied.application_id, applied.action = application.id, "existing"
        if requested is not None:
            await self._stage(application, requested, applied, outcome)
        return application

    async def _find_application(self, candidate_id: str, job_id: str) -> AtsApplication | None:
        found = await self.client.list_applications(candidate_id, job_id)
        return found[0] if found else None

    async def _stage(
        self,
        application: AtsApplication,
        requested: ApplicationStatus,
        applied: ApplicationOutcome,
        outcome: RecordOutcome,
    ) -> None:
        assert application.id is not None
        applied.stage = application.status
        if application.status == requested.value:
            applied.stage_action = "unchanged"
            return
        if not self.profile.status_writable:
            applied.stage_action = "kept"
            outcome.warnings.append(f"{self.profile.name} does not let the API set an application's stage")
            return
        if not should_move_stage(application.status, requested, self.settings.stage_policy):
            applied.stage_action = "kept"
            outcome.warnings.append(
                f"application {application.id} stays at {application.status}: stage_update_policy "
                f"{self.settings.stage_policy} does not move it to {requested.value}"
            )
            return
        try:
            await self.client.update_application(application.id, {"status": requested.value})
        except (BadRequestError, NotFoundError) as exc:
            outcome.reject("stage", _provider_said(exc))
            return
        application.status = requested.value
        applied.stage, applied.stage_action = requested.value, "set"

    # --- exactly-once creates ---------------------------------------------------------------------------

    async def _create_once(
        self,
        create: Callable[[], Awaitable[T]],
        reconcile: Callable[[datetime], Awaitable[T | None]],
    ) -> tuple[T, bool]:
        """Create, or on an unknown outcome find what the lost request made before trying again.

        The resends, reads and waits run under the client's one retry policy and budget.
        Returns the object and whether it was found by reconciliation.
        """
        return await self.client.exactly_once(create, reconcile)


__all__ = ["RecordWriter", "StepFailed", "WorkflowSettings"]
