"""One `write` run: open the connection, pick the provider profile, stream the records through."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from typing import Any

from airbyte_cdk.models import FailureType

from destination_unified_ats.audit import AuditTrail
from destination_unified_ats.check import (
    CheckFailed,
    ServiceUnavailable,
    client_settings,
    unavailable,
    verify_connection,
)
from destination_unified_ats.checkpoint import StreamKey
from destination_unified_ats.config import InvalidRecordPolicy, UnifiedAtsConfig
from destination_unified_ats.dry_run import DryRunClient
from destination_unified_ats.errors import SyncFailure, UnifiedError, is_outage
from destination_unified_ats.field_mapping import FieldMapper
from destination_unified_ats.identity import CandidateDirectory
from destination_unified_ats.jobs import JobCatalog
from destination_unified_ats.ledger import WriteLedger
from destination_unified_ats.mapping import WriteDefaults
from destination_unified_ats.object_storage import ObjectStorageSinks
from destination_unified_ats.outcomes import SyncTotals
from destination_unified_ats.pipeline import PipelineSettings, StreamSettings, WritePipeline
from destination_unified_ats.planner import LookupMode, SyncPlanner
from destination_unified_ats.providers import ProviderProfile, profile_for, refine_with_support, with_overrides
from destination_unified_ats.resume_fetch import FetchLimits, ResumeFetcher
from destination_unified_ats.sinks import FanoutSink, JsonlSink, Sink, SinkError
from destination_unified_ats.stopping import GracefulStop
from destination_unified_ats.summary import summary_lines
from destination_unified_ats.unified_client import UnifiedClient
from destination_unified_ats.workflow import RecordWriter, WorkflowSettings

logger = logging.getLogger("airbyte")


async def run_sync(
    config: UnifiedAtsConfig,
    streams: Mapping[StreamKey, StreamSettings] | None,
    lines: AsyncIterator[bytes],
    emit: Callable[[dict[str, Any]], None],
    stop: GracefulStop | None = None,
) -> SyncTotals:
    """One `write`; SIGTERM/SIGINT stop it gracefully (see `stopping`) and end it with a transient error."""
    stop = stop or GracefulStop(config.stop_grace_seconds)
    with stop.on_signals():
        return await _run_sync(config, streams, lines, emit, stop)


async def _run_sync(
    config: UnifiedAtsConfig,
    streams: Mapping[StreamKey, StreamSettings] | None,
    lines: AsyncIterator[bytes],
    emit: Callable[[dict[str, Any]], None],
    stop: GracefulStop,
) -> SyncTotals:
    started = time.monotonic()
    client_class = DryRunClient if config.dry_run else UnifiedClient
    async with client_class(client_settings(config)) as client:
        starting = asyncio.ensure_future(_start(client, config))
        if not await stop.first(starting):
            starting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await starting
            raise _stopped(stop, "before any record was read")
        jobs, profile, directory, ledger = starting.result()
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
            ),
            ResumeFetcher(
                FetchLimits(
                    max_bytes=config.max_resume_bytes,
                    allow_http=config.allow_http_resume_urls,
                    allow_private_addresses=config.allow_private_resume_hosts,
                )
            ),
            config.job_matching if config.job_matching.enabled else None,
        )
        rejected, audit_sink, storage = record_sinks(config)
        audit = AuditTrail(audit_sink, include_emails=config.audit_include_emails, dry_run=config.dry_run)
        fetcher = writer.fetcher
        if config.dry_run:
            logger.info("Dry run: reading from the ATS only; nothing will be written.")
        pipeline = WritePipeline(
            writer,
            streams,
            PipelineSettings(
                max_in_flight=config.max_concurrency * 8,
                fail_on_invalid=config.on_invalid_record == InvalidRecordPolicy.fail,
                max_resume_bytes=config.max_resume_bytes,
                dry_run=config.dry_run,
                allow_nameless_candidates=config.allow_nameless_candidates,
                max_searched_emails=config.max_searched_emails,
            ),
            emit,
            rejected,
            audit,
            FieldMapper(config.field_mappings, auto_detect=config.auto_detect_fields)
            if config.field_mappings or config.auto_detect_fields
            else None,
        )
        progress = asyncio.create_task(_log_progress(pipeline, config.progress_interval_seconds))
        failed = True
        try:
            totals = await pipeline.run(lines, stop)
            failed = False
        finally:
            progress.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await progress
            await close_sinks([rejected, audit_sink], storage, raise_errors=not failed)
            if ledger is not None:
                ledger.close()
            if fetcher is not None:
                await fetcher.aclose()
            if directory.planner is not None:
                await directory.planner.aclose()
            for line in summary_lines(pipeline.totals, client.metrics, time.monotonic() - started, config.dry_run):
                logger.info(line)
            for line in directory.summary_lines(pipeline.totals.records_read):
                logger.info(line)
            if stop.requested:
                logger.warning(_stop_summary(stop, pipeline))
        if stop.requested and (totals.records_read > totals.records_done or not pipeline.input_finished):
            raise _stopped(stop, _stop_summary(stop, pipeline))
        return totals


def record_sinks(config: UnifiedAtsConfig) -> tuple[Sink, Sink, ObjectStorageSinks | None]:
    """The rejected-records and audit sinks: local files and/or object storage, as configured."""
    storage = ObjectStorageSinks(config.object_storage, config.max_retry_seconds) if config.object_storage else None
    rejected = FanoutSink([JsonlSink(config.rejected_records_path), *([storage.rejected] if storage else [])])
    audit = FanoutSink([JsonlSink(config.audit_path), *([storage.audit] if storage else [])])
    return rejected, audit, storage


async def close_sinks(sinks: list[Sink], storage: ObjectStorageSinks | None, *, raise_errors: bool) -> None:
    """Stores what is left (lines after the last state); a failure fails a sync that otherwise succeeded."""

    def close_all() -> None:
        try:
            FanoutSink(sinks).close()
        finally:
            if storage is not None:
                storage.shutdown()

    try:
        await asyncio.to_thread(close_all)
    except SinkError as exc:
        if raise_errors:
            raise SyncFailure(exc.message, exc.failure_type) from None
        logger.warning(exc.message)


async def _start(
    client: UnifiedClient, config: UnifiedAtsConfig
) -> tuple[JobCatalog, ProviderProfile, CandidateDirectory, WriteLedger | None]:
    """Verify the connection and the default job, pick the provider profile, index recent candidates.

    Only the token, a permission, the connection and the default job are config errors; an API that does
    not answer usably is an outage (transient_error), whatever step meets it.
    """
    try:
        connection = await verify_connection(client, config)
    except CheckFailed as exc:
        raise SyncFailure(str(exc), FailureType.config_error) from None
    except ServiceUnavailable as exc:
        raise SyncFailure(exc.message, exc.failure_type) from None
    jobs = JobCatalog(client)
    if config.default_job_id:
        with _outage_while(config, "reading the default job"):
            _, reason = await jobs.resolve(config.default_job_id)
        if reason:
            raise SyncFailure(
                f"default_job_id: {reason}. Set default_job_id to an OPEN job of the ATS, or leave it empty.",
                FailureType.config_error,
            )
    profile = await provider_profile(client, connection.integration_type, config)
    logger.info(f"Writing into {connection.integration_type or 'an unknown ATS'} ({profile.describe()}).")
    ledger = WriteLedger(config.write_ledger_path) if config.write_ledger_path else None
    planner = SyncPlanner(client, LookupMode(config.candidate_lookup), concurrency=config.max_concurrency)
    directory = CandidateDirectory(client, search_lag_seconds=config.search_lag_seconds, ledger=ledger, planner=planner)
    with _outage_while(config, "indexing recently changed candidates"):
        primed = await directory.prime()
    if primed:
        logger.info(f"{primed} candidate email(s) changed in the last {config.search_lag_seconds:.0f}s indexed.")
    if directory.recent_listing_truncated:
        logger.warning(
            "The ATS answered more recently changed candidates than the connector lists; candidates created "
            "by an interrupted earlier attempt are found through search only."
        )
    return jobs, profile, directory, ledger


@contextlib.contextmanager
def _outage_while(config: UnifiedAtsConfig, doing: str) -> Iterator[None]:
    try:
        yield
    except UnifiedError as exc:
        if not is_outage(exc):
            raise
        failure = unavailable(exc, config.api_url, doing)
        raise SyncFailure(failure.message, failure.failure_type, str(exc)) from None


def _stop_summary(stop: GracefulStop, pipeline: WritePipeline) -> str:
    checkpoints, totals = pipeline.checkpoints, pipeline.totals
    read = "all the input was read" if pipeline.input_finished else "the rest of the input was not read"
    return (
        f"Stopped by {stop.reason}: {totals.records_done:,} record(s) finished, "
        f"{totals.records_read - totals.records_done:,} read but not finished (cancelled after the "
        f"{stop.grace_seconds:g}s grace period), {read}; {checkpoints.emitted:,} state(s) emitted, "
        f"{checkpoints.pending_states:,} held back. The next sync resumes after the last emitted state."
    )


def _stopped(stop: GracefulStop, detail: str) -> SyncFailure:
    return SyncFailure(
        f"The sync was cancelled: {stop.reason} (a cancel, or the platform stopping the connector). {detail}",
        FailureType.transient_error,
    )


async def provider_profile(client: UnifiedClient, integration_type: str, config: UnifiedAtsConfig) -> ProviderProfile:
    """The built-in profile, refined by Unified's integration metadata when readable, then the user's overrides."""
    profile = profile_for(integration_type)
    if integration_type:
        try:
            integrations = await client.list_integrations(integration_type)
        except UnifiedError as exc:
            logger.info(f"Unified's integration metadata is not readable ({exc}); using the built-in profile.")
        else:
            match = next((i for i in integrations if (i.type or "").lower() == integration_type.lower()), None)
            if match is not None:
                profile = refine_with_support(profile, match.support)
    return with_overrides(profile, config.document_upload.value, config.document_target.value)


async def _log_progress(pipeline: WritePipeline, interval: float = 30.0) -> None:
    while True:
        await asyncio.sleep(interval)
        p = pipeline.progress()
        logger.info(
            f"Progress: {p['records_done']:,} records done ({p['records_per_second']}/s), {p['rejected']} rejected, "
            f"{p['in_flight']} in flight, {p['requests']:,} requests ({p['request_rate']}/s), "
            f"{p['retries']} retries, {p['rate_limited']} rate-limited"
        )
