"""The application step: one application per job, reusing the candidate's existing one, then its stage."""

from __future__ import annotations

from destination_unified_ats.identity import CandidateEntry
from destination_unified_ats.mapping import application_payload, split_payload
from destination_unified_ats.matching import JobMatch
from destination_unified_ats.models import AtsApplication
from destination_unified_ats.outcomes import ApplicationOutcome, RecordOutcome
from destination_unified_ats.records import SourcedCandidate
from destination_unified_ats.stage import StageStep, stage_not_settable
from destination_unified_ats.steps import StepContext, StepFailed, provider_refusals


class ApplicationStep:
    def __init__(self, context: StepContext, stage: StageStep) -> None:
        self.client = context.client
        self.directory = context.directory
        self.profile = context.profile
        self.defaults = context.defaults
        self.stage = stage

    async def write(
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
                with provider_refusals("application", f"job {job_id}: "):
                    application = await self._application(entry, record, applied, outcome)
            except StepFailed as failed:
                failed.record_on(outcome)
                continue
            first = first or application
        return first

    async def _application(
        self, entry: CandidateEntry, record: SourcedCandidate, applied: ApplicationOutcome, outcome: RecordOutcome
    ) -> AtsApplication:
        job_id = applied.job_id
        if entry.applications is None:
            entry.applications = {a.job_id: a for a in await self.client.list_applications(entry.id) if a.job_id}
        requested = record.application_status or self.defaults.application_status
        application = entry.applications.get(job_id)
        if application is None and await self.directory.refresh_if_due():
            application = entry.applications.get(job_id)  # made by someone else since the bulk listing
        if application is None:
            payload, later = split_payload(
                application_payload(entry.id, job_id, requested, self.defaults),
                self.profile.application_update_only,
                self.profile.application_unwritable,
            )
            created, _ = await self.client.exactly_once(
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
                outcome.warnings.append(stage_not_settable(self.profile))
            return created
        applied.application_id, applied.action = application.id, "existing"
        if requested is not None:
            try:
                await self.stage.move(application, requested, applied, outcome)
            except StepFailed as failed:
                failed.record_on(outcome)  # the application stands; only its stage was refused
        return application

    async def _find_application(self, candidate_id: str, job_id: str) -> AtsApplication | None:
        found = await self.client.list_applications(candidate_id, job_id)
        return found[0] if found else None


__all__ = ["ApplicationStep"]
