"""One `write` run: open the connection, pick the provider profile, stream the records through."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from airbyte_cdk.models import FailureType

from destination_unified_ats.check import CheckFailed, client_settings, verify_connection
from destination_unified_ats.checkpoint import StreamKey
from destination_unified_ats.config import InvalidRecordPolicy, UnifiedAtsConfig
from destination_unified_ats.errors import RetryBudgetExceeded, SyncFailure
from destination_unified_ats.identity import CandidateDirectory
from destination_unified_ats.jobs import JobCatalog
from destination_unified_ats.mapping import WriteDefaults
from destination_unified_ats.outcomes import SyncTotals
from destination_unified_ats.pipeline import PipelineSettings, WritePipeline
from destination_unified_ats.providers import profile_for
from destination_unified_ats.sinks import JsonlSink
from destination_unified_ats.summary import summary_lines
from destination_unified_ats.unified_client import UnifiedClient
from destination_unified_ats.workflow import RecordWriter, WorkflowSettings

logger = logging.getLogger("airbyte")


async def run_sync(
    config: UnifiedAtsConfig,
    streams: set[StreamKey] | None,
    lines: AsyncIterator[bytes],
    emit: Callable[[dict[str, Any]], None],
) -> SyncTotals:
    started = time.monotonic()
    async with UnifiedClient(client_settings(config)) as client:
        try:
            connection = await verify_connection(client, config)
        except CheckFailed as exc:
            raise SyncFailure(str(exc), FailureType.config_error) from None
        jobs = JobCatalog(client)
        if config.default_job_id:
            _, reason = await jobs.resolve(config.default_job_id)
            if reason:
                raise SyncFailure(
                    f"default_job_id: {reason}. Set default_job_id to an OPEN job of the ATS, or leave it empty.",
                    FailureType.config_error,
                )
        profile = profile_for(connection.integration_type)
        logger.info(f"Writing into {connection.integration_type or 'an unknown ATS'} (profile {profile.name}).")
        directory = CandidateDirectory(client, search_lag_seconds=config.search_lag_seconds)
        try:
            primed = await directory.prime()
        except RetryBudgetExceeded as exc:
            raise SyncFailure(f"The Unified API kept failing: {exc}", FailureType.system_error) from None
        if primed:
            logger.info(f"{primed} candidate email(s) changed in the last {config.search_lag_seconds:.0f}s indexed.")
        writer = RecordWriter(
            client,
            directory,
            jobs,
            profile,
            WorkflowSettings(
                defaults=WriteDefaults(
                    tags=tuple(config.tags),
                    source_name=config.source_name,
                    application_status=config.application_status,
                    default_job_id=config.default_job_id,
                ),
                stage_policy=config.stage_update_policy.value,
                retry_budget_seconds=config.max_retry_seconds,
            ),
        )
        rejected = JsonlSink(config.rejected_records_path)
        pipeline = WritePipeline(
            writer,
            streams,
            PipelineSettings(
                max_in_flight=config.max_concurrency * 8,
                fail_on_invalid=config.on_invalid_record == InvalidRecordPolicy.fail,
                max_resume_bytes=config.max_resume_bytes,
            ),
            emit,
            rejected,
        )
        progress = asyncio.create_task(_log_progress(pipeline))
        try:
            totals = await pipeline.run(lines)
        finally:
            progress.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await progress
            rejected.close()
            for line in summary_lines(pipeline.totals, client.metrics, time.monotonic() - started):
                logger.info(line)
        return totals


async def _log_progress(pipeline: WritePipeline, interval: float = 30.0) -> None:
    while True:
        await asyncio.sleep(interval)
        p = pipeline.progress()
        logger.info(
            f"Progress: {p['records_done']:,} records done ({p['records_per_second']}/s), {p['rejected']} rejected, "
            f"{p['in_flight']} in flight, {p['requests']:,} requests ({p['request_rate']}/s), "
            f"{p['retries']} retries, {p['rate_limited']} rate-limited"
        )
