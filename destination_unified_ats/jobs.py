"""The ATS's jobs, read once per sync: which job ids can take applications."""

from __future__ import annotations

import asyncio

from destination_unified_ats.errors import BadRequestError, NotFoundError
from destination_unified_ats.models import AtsJob, JobStatus, job_is_open
from destination_unified_ats.outcomes import provider_said
from destination_unified_ats.unified_client import UnifiedClient


class JobCatalog:
    def __init__(self, client: UnifiedClient) -> None:
        self._client = client
        self._jobs: dict[str, AtsJob | None] = {}
        self._refused: dict[str, str] = {}  # job ids the provider refused to read (a malformed id, say), and why
        self._loaded = False
        self._lock = asyncio.Lock()

    async def open_jobs(self) -> list[AtsJob]:
        await self._load()
        return [job for job in self._jobs.values() if job is not None and job_is_open(job.status)]

    async def resolve(self, job_id: str) -> tuple[AtsJob | None, str | None]:
        """The job if it can take applications, else the reason it cannot."""
        await self._load()
        if job_id not in self._jobs:
            async with self._lock:
                if job_id not in self._jobs:
                    try:
                        self._jobs[job_id] = await self._client.get_job(job_id)
                    except NotFoundError:
                        self._jobs[job_id] = None
                    except BadRequestError as exc:  # one record's bad id, never the sync's end
                        self._jobs[job_id] = None
                        self._refused[job_id] = provider_said(exc)
        job = self._jobs[job_id]
        if job_id in self._refused:
            return None, f"job_id {job_id!r} was refused by the ATS ({self._refused[job_id]})"
        if job is None:
            return None, f"job_id {job_id!r} does not exist in the ATS"
        if not job_is_open(job.status):
            label = f"{job.name!r} ({job_id})" if job.name else repr(job_id)
            return None, f"job {label} is {job.status}; applications go only to OPEN jobs"
        return job, None

    async def _load(self) -> None:
        if self._loaded:
            return
        async with self._lock:
            if self._loaded:
                return
            jobs = await self._client.list_jobs(status=JobStatus.OPEN.value)
            # Integrations that ignore the status filter answer every job: all are kept, filtered locally.
            for job in jobs:
                if job.id:
                    self._jobs[job.id] = job
            self._loaded = True

    @property
    def loaded_count(self) -> int:
        return sum(1 for job in self._jobs.values() if job is not None)
