"""Where one record becomes API calls: jobs -> candidate -> applications (and their stages) -> resume.

Each step lives in its own module and fails a record one way, by raising `StepFailed`; the scope that owns
the step records it on the outcome and decides what goes on:
- the record's jobs (`job_step`): a job that cannot be applied to is recorded, the person is still written;
- the candidate (`candidate_step`): without one nothing else can be written, the record stops here;
- each application (`application_step`) and its stage (`stage`): recorded per job, the other jobs go on;
- the resume (`documents`): the last step, recorded.
A refused token or a spent retry budget is not a record's failure: it ends the sync.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from airbyte_cdk.models import FailureType

from destination_unified_ats.application_step import ApplicationStep
from destination_unified_ats.candidate_step import CandidateStep
from destination_unified_ats.documents import ResumeAttacher
from destination_unified_ats.errors import AuthError, RetryBudgetExceeded, SyncFailure, outage_failure_type
from destination_unified_ats.identity import CandidateDirectory
from destination_unified_ats.job_step import JobStep
from destination_unified_ats.jobs import JobCatalog
from destination_unified_ats.mapping import WriteDefaults
from destination_unified_ats.matching import JobMatch, JobMatchingSettings
from destination_unified_ats.metrics import RequestMetrics
from destination_unified_ats.operations import StreamOperation
from destination_unified_ats.outcomes import RecordOutcome, RecordRef
from destination_unified_ats.providers import ProviderProfile
from destination_unified_ats.records import SourcedCandidate
from destination_unified_ats.resume_fetch import ResumeFetcher
from destination_unified_ats.stage import StageStep
from destination_unified_ats.steps import StepContext, StepFailed
from destination_unified_ats.unified_client import UnifiedClient

FULL_WORKFLOW = StreamOperation()
logger = logging.getLogger("airbyte")


@dataclass(frozen=True)
class WorkflowSettings:
    defaults: WriteDefaults
    stage_policy: str = "forward_only"


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
        self.fetcher = fetcher
        defaults = settings.defaults
        self.jobs = JobStep(jobs, defaults.default_job_id, matching)
        context = StepContext(client, directory, profile, defaults)
        self.candidates = CandidateStep(context)
        self.applications = ApplicationStep(context, StageStep(client, profile, settings.stage_policy))
        self.resumes = ResumeAttacher(client, profile, fetcher, client.exactly_once)

    @property
    def metrics(self) -> RequestMetrics:
        return self.client.metrics

    async def write(
        self, record: SourcedCandidate, ref: RecordRef, operation: StreamOperation = FULL_WORKFLOW
    ) -> RecordOutcome:
        outcome = RecordOutcome(ref=ref, warnings=list(record.warnings))
        try:
            await self._write(record, ref, operation, outcome)
        except StepFailed as failed:
            failed.record_on(outcome)
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

    async def _write(
        self, record: SourcedCandidate, ref: RecordRef, operation: StreamOperation, outcome: RecordOutcome
    ) -> None:
        self.candidates.check_required(record)
        job_ids: list[str] = []
        matches: list[JobMatch] = []
        if operation.writes_applications:
            try:
                job_ids, matches = await self.jobs.choose(record, outcome)
            except StepFailed as failed:
                # The person is still written: a sourced profile is worth keeping without the application.
                failed.record_on(outcome)
        entry = await self.candidates.write(
            record, ref, outcome, matches, create=operation.creates_candidates, applications=bool(job_ids)
        )
        application = await self.applications.write(entry, record, job_ids, matches, outcome)
        if record.resume is not None and operation.writes_documents:
            await self.resumes.attach(entry, application, record.resume, outcome)


__all__ = ["RecordWriter", "StepFailed", "WorkflowSettings"]
