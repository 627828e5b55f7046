"""The job step: which jobs a record applies to (its own, the default, or the ones job matching picks)."""

from __future__ import annotations

import asyncio

from destination_unified_ats.jobs import JobCatalog
from destination_unified_ats.matching import CandidateProfile, JobMatch, JobMatcher, JobMatchingSettings
from destination_unified_ats.outcomes import RecordOutcome
from destination_unified_ats.records import SourcedCandidate
from destination_unified_ats.steps import StepFailed


class JobStep:
    def __init__(self, jobs: JobCatalog, default_job_id: str | None, matching: JobMatchingSettings | None) -> None:
        self.jobs = jobs
        self.default_job_id = default_job_id
        self.matching = matching
        self._matcher: JobMatcher | None = None
        self._matcher_lock = asyncio.Lock()

    async def choose(self, record: SourcedCandidate, outcome: RecordOutcome) -> tuple[list[str], list[JobMatch]]:
        """The jobs to apply to and the matches by job id; raises `StepFailed` for a job that cannot be applied to."""
        job_id = record.job_id or self.default_job_id
        if job_id:
            _, reason = await self.jobs.resolve(job_id)
            if reason:
                raise StepFailed("application", reason, "job_id")
            return [job_id], []
        if self.matching is None or not self.matching.enabled:
            return [], []
        matcher = await self.matcher()
        matches = matcher.match(CandidateProfile.from_record(record.matching_signals()))
        if not matches:
            outcome.warnings.append("job matching found no open job above the minimum score")
        return [m.job_id for m in matches], matches

    async def matcher(self) -> JobMatcher:
        """The matcher over the open jobs, built once on first use."""
        if self._matcher is None:
            async with self._matcher_lock:
                if self._matcher is None:
                    assert self.matching is not None
                    jobs = [job.payload() for job in await self.jobs.open_jobs()]
                    self._matcher = JobMatcher(jobs, self.matching)
        return self._matcher


__all__ = ["JobStep"]
