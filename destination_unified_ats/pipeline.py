"""The write pipeline: Airbyte messages in, API calls out, states back in order.

Records are written concurrently (bounded), but two records that share an email never run at the same
time, and the number of records in flight is capped so memory stays flat whatever the input size.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
from airbyte_cdk.models import FailureType

from destination_unified_ats.audit import AuditTrail, primary_key_value
from destination_unified_ats.checkpoint import Checkpointer, StreamKey
from destination_unified_ats.errors import SyncFailure
from destination_unified_ats.field_mapping import FieldMapper
from destination_unified_ats.operations import StreamOperation
from destination_unified_ats.outcomes import RecordOutcome, RecordRef, SyncTotals
from destination_unified_ats.records import RecordRejected, SourcedCandidate, parse_record
from destination_unified_ats.sinks import JsonlSink
from destination_unified_ats.workflow import RecordWriter

logger = logging.getLogger("airbyte")
PrimaryKey = Sequence[Sequence[str]] | None


@dataclass(frozen=True)
class StreamSettings:
    primary_key: PrimaryKey = None
    operation: StreamOperation = field(default_factory=StreamOperation)


def describe_actions(outcome: RecordOutcome) -> str:
    """A short phrase of what a record does (or would do): "create candidate, create application to X, ..."."""
    parts = []
    if outcome.candidate_action:
        verb = {"created": "create", "reused": "reuse", "updated": "reuse and update"}[outcome.candidate_action]
        parts.append(f"{verb} candidate {outcome.candidate_id}")
    if outcome.application_action:
        verb = "create" if outcome.application_action == "created" else "keep"
        parts.append(f"{verb} application to job {outcome.job_id}")
    if outcome.stage_action == "set":
        parts.append(f"set stage {outcome.stage}")
    if outcome.document_action:
        parts.append("attach resume" if outcome.document_action == "attached" else "keep the attached resume")
    parts += [f"reject {r.describe()}" for r in outcome.rejections]
    return ", ".join(parts) or "do nothing"


@dataclass(frozen=True)
class PipelineSettings:
    max_in_flight: int = 64
    fail_on_invalid: bool = False
    max_resume_bytes: int = 10 * 1024 * 1024
    dry_run: bool = False
    dry_run_report_limit: int = 1000


class WritePipeline:
    def __init__(
        self,
        writer: RecordWriter,
        streams: Mapping[StreamKey, StreamSettings] | None,
        settings: PipelineSettings,
        emit: Callable[[dict[str, Any]], None],
        rejected: JsonlSink | None = None,
        audit: AuditTrail | None = None,
        mapper: FieldMapper | None = None,
    ) -> None:
        self.writer = writer
        self.mapper = mapper
        self.streams = streams
        self.settings = settings
        self.totals = SyncTotals()
        self.checkpoints = Checkpointer(emit)
        self.rejected = rejected or JsonlSink(None)
        self.audit = audit or AuditTrail(None, include_emails=False, dry_run=settings.dry_run)
        self._reported = 0
        self._slots = asyncio.Semaphore(settings.max_in_flight)
        self._tails: dict[str, asyncio.Task[None]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._failure: SyncFailure | None = None
        self._lines = 0
        self.invalid_lines = 0
        self.started = time.monotonic()

    async def run(self, lines: AsyncIterator[bytes]) -> SyncTotals:
        try:
            async for line in lines:
                if self._failure is not None:
                    break
                await self._handle(line)
            if self._tasks:
                await asyncio.wait(set(self._tasks))
        finally:
            for task in self._tasks:
                task.cancel()
            self.rejected.flush()
        if self._failure is not None:
            raise self._failure
        return self.totals

    async def _handle(self, line: bytes) -> None:
        self._lines += 1
        try:
            message = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            self._invalid_line(f"input line {self._lines} is not JSON ({exc}); it was skipped")
            return
        if not isinstance(message, dict):
            self._invalid_line(f"input line {self._lines} is not an Airbyte message object; it was skipped")
            return
        kind = message.get("type")
        if kind == "RECORD":
            await self._record(message.get("record"))
        elif kind == "STATE":
            self.checkpoints.state_arrived(message)

    def _invalid_line(self, reason: str) -> None:
        self.invalid_lines += 1
        self.totals.rejected_by_reason["input: line is not an Airbyte message"] += 1
        logger.warning(reason)
        self.rejected.write({"position": None, "line": self._lines, "reason": reason})

    async def _record(self, record: Any) -> None:
        if not isinstance(record, dict):
            self._invalid_line(f"input line {self._lines}: RECORD message without a record object; it was skipped")
            return
        stream, namespace = str(record.get("stream") or ""), record.get("namespace")
        seq = self.checkpoints.record_arrived((namespace, stream))
        self.totals.records_read += 1
        ref = RecordRef(stream=stream, namespace=namespace, position=seq + 1)
        data = record.get("data")
        stream_key = (namespace, stream)
        if self.streams is not None and stream_key not in self.streams:
            stream_key = (None, stream)
        if self.streams is not None and stream_key not in self.streams:
            self._finish_rejected(seq, ref, data, "record", None, "its stream is not in the configured catalog")
            return
        operation = self.streams[stream_key].operation if self.streams else StreamOperation()
        try:
            # Matching keys first: the mapper keeps only record fields, and a key may name any source field.
            prepared = operation.prepare(data)
            mapped = self.mapper.apply(prepared) if self.mapper is not None else prepared
            missing = operation.missing(mapped)
            if missing is not None:
                raise RecordRejected(*missing)
            candidate = parse_record(mapped, max_resume_bytes=self.settings.max_resume_bytes)
        except RecordRejected as exc:
            self._finish_rejected(seq, ref, data, "record", exc.field, exc.reason)
            return
        await self._slots.acquire()
        keys = candidate.email_keys
        waits = list({id(t): t for k in keys if (t := self._tails.get(k)) is not None}.values())
        task = asyncio.create_task(self._process(seq, ref, candidate, data, waits, operation))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        for key in keys:
            self._tails[key] = task

    async def _process(
        self,
        seq: int,
        ref: RecordRef,
        candidate: SourcedCandidate,
        data: Any,
        waits: list[asyncio.Task[None]],
        operation: StreamOperation,
    ) -> None:
        try:
            if waits:
                await asyncio.wait(waits)
            outcome = await self.writer.write(candidate, ref, operation)
            self._finish(seq, outcome, data, candidate.emails, self._source_key(ref, data))
        except SyncFailure as failure:
            self._fail(seq, failure)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug must fail the sync loudly, never drop a record silently
            self._fail(
                seq, SyncFailure(f"{ref.describe()} failed: {type(exc).__name__}: {exc}", FailureType.system_error)
            )
        finally:
            self._slots.release()
            current = asyncio.current_task()
            for key in candidate.email_keys:
                if self._tails.get(key) is current:
                    del self._tails[key]

    def _fail(self, seq: int, failure: SyncFailure) -> None:
        if self._failure is None:
            self._failure = failure
        self.checkpoints.halt_after(seq)

    def _source_key(self, ref: RecordRef, data: Any) -> Any:
        if not self.streams:
            return None
        settings = self.streams.get((ref.namespace, ref.stream)) or self.streams.get((None, ref.stream))
        return primary_key_value(data, settings.primary_key if settings else None)

    def _finish_rejected(
        self,
        seq: int,
        ref: RecordRef,
        data: Any,
        step: str,
        field_name: str | None,
        reason: str,
    ) -> None:
        outcome = RecordOutcome(ref=ref)
        outcome.reject(step, reason, field_name)
        self._finish(seq, outcome, data, [], self._source_key(ref, data))

    def _finish(self, seq: int, outcome: RecordOutcome, data: Any, emails: list[str], source_key: Any) -> None:
        self.totals.add(outcome)
        self.audit.write(outcome, emails, source_key)
        if self.settings.dry_run:
            self._report_dry_run(outcome)
        if outcome.rejected:
            reasons = "; ".join(r.describe() for r in outcome.rejections)
            written = f" (candidate {outcome.candidate_id} was written)" if outcome.candidate_id else ""
            logger.warning(f"{outcome.ref.describe()} rejected: {reasons}{written}")
            self.rejected.write({**outcome.as_dict(), "record": data})
            if self.settings.fail_on_invalid:
                self._fail(
                    seq,
                    SyncFailure(
                        f"{outcome.ref.describe()} rejected: {reasons}. The sync stops at the first invalid record "
                        "because on_invalid_record is 'fail'; set it to 'skip' to reject and continue.",
                        FailureType.config_error,
                    ),
                )
                return
        self.checkpoints.record_finished(seq)

    def _report_dry_run(self, outcome: RecordOutcome) -> None:
        self._reported += 1
        if self._reported <= self.settings.dry_run_report_limit:
            logger.info(f"Dry run: {outcome.ref.describe()} would {describe_actions(outcome)}")
        elif self._reported == self.settings.dry_run_report_limit + 1:
            logger.info("Dry run: further records are reported in the summary and the audit file only.")

    def progress(self) -> dict[str, Any]:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        metrics = self.writer.metrics
        return {
            "records_done": self.totals.records_done,
            "records_per_second": round(self.totals.records_done / elapsed, 1),
            "rejected": self.totals.records_rejected + self.totals.records_partially_written,
            "in_flight": len(self._tasks),
            "requests": metrics.total,
            "retries": metrics.retries,
            "rate_limited": metrics.rate_limited,
            "request_rate": round(metrics.current_rate(), 1),
        }
