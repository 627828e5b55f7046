"""The write pipeline: Airbyte messages in, API calls out, states back in order.

Records are written concurrently (bounded), but two records that share an email never run at the same
time, and the number of records in flight is capped so memory stays flat whatever the input size.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from airbyte_cdk.models import FailureType

from destination_unified_ats.audit import AuditTrail
from destination_unified_ats.checkpoint import Checkpointer, StreamKey
from destination_unified_ats.errors import SyncFailure
from destination_unified_ats.field_mapping import FieldMapper
from destination_unified_ats.intake import (
    MAX_DEPTH,
    Intake,
    IntakeSettings,
    Rejection,
    StreamIntake,
    StreamSettings,
    cut_deep,
)
from destination_unified_ats.outcomes import RecordOutcome, RecordRef, SyncTotals
from destination_unified_ats.records import DEFAULT_MAX_SEARCHED_EMAILS, SourcedCandidate
from destination_unified_ats.sinks import NullSink, Sink
from destination_unified_ats.state_emitter import DurableStateEmitter
from destination_unified_ats.stopping import GracefulStop
from destination_unified_ats.workflow import RecordWriter

logger = logging.getLogger("airbyte")
# Protocol messages a destination may be sent and has no use for (the platform's stream status traces, ...).
_OTHER_PROTOCOL_TYPES = frozenset(
    {"TRACE", "LOG", "CONTROL", "SPEC", "CATALOG", "CONNECTION_STATUS", "DESTINATION_CATALOG"}
)

_RECORD_TYPE = re.compile(rb'"type"\s*:\s*"RECORD"')
_STREAM_FIELD = re.compile(rb'"stream"\s*:\s*("(?:[^"\\]|\\.)*")')
_NAMESPACE_FIELD = re.compile(rb'"namespace"\s*:\s*("(?:[^"\\]|\\.)*")')


def _json_string(raw: bytes) -> str | None:
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    return value if isinstance(value, str) else None


__all__ = ["PipelineSettings", "StreamSettings", "WritePipeline", "describe_actions"]


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
    allow_nameless_candidates: bool = False
    max_searched_emails: int = DEFAULT_MAX_SEARCHED_EMAILS

    def intake(self) -> IntakeSettings:
        return IntakeSettings(
            max_resume_bytes=self.max_resume_bytes,
            allow_nameless_candidates=self.allow_nameless_candidates,
            max_searched_emails=self.max_searched_emails,
        )


class WritePipeline:
    def __init__(
        self,
        writer: RecordWriter,
        streams: Mapping[StreamKey, StreamSettings] | None,
        settings: PipelineSettings,
        emit: Callable[[dict[str, Any]], None],
        rejected: Sink | None = None,
        audit: AuditTrail | None = None,
        mapper: FieldMapper | None = None,
    ) -> None:
        self.writer = writer
        self.intake = Intake(streams, mapper, settings.intake())
        self.settings = settings
        self.totals = SyncTotals()
        self.rejected = rejected or NullSink()
        self.audit = audit or AuditTrail(NullSink(), include_emails=False, dry_run=settings.dry_run)
        # States reach `emit` only once the sinks hold every line written before them.
        self.emitter = DurableStateEmitter([self.rejected, self.audit.sink], emit, self._sinks_failed)
        self.checkpoints = Checkpointer(self.emitter.release)
        self._reported = 0
        self._slots = asyncio.Semaphore(settings.max_in_flight)
        self._tails: dict[str, asyncio.Task[None]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._failure: SyncFailure | None = None
        self._lines = 0
        self.invalid_lines = 0
        self._ignored_types: set[str] = set()
        self.input_finished = False  # every input line was read
        self.started = time.monotonic()

    async def run(self, lines: AsyncIterator[bytes], stop: GracefulStop | None = None) -> SyncTotals:
        """Write every record of `lines`, emitting states as their records finish.

        On a stop request: no further line is read, records in flight get the grace period, the rest
        are cancelled (no state after a cancelled record is emitted), and the totals are returned.
        """
        reading = asyncio.create_task(self._read(lines))
        try:
            if stop is not None and not await stop.first(reading):
                reading.cancel()
            await asyncio.wait({reading})
            if not reading.cancelled():
                reading.result()  # an input error ends the sync
            if self._tasks:
                draining = asyncio.ensure_future(asyncio.wait(set(self._tasks)))
                if stop is None:
                    await draining
                elif not await stop.first(draining):
                    draining.cancel()
                    await stop.grace(set(self._tasks))
            await self.emitter.drain()
        finally:
            reading.cancel()
            for task in self._tasks:
                task.cancel()
            if self._tasks:
                await asyncio.wait(set(self._tasks), timeout=2.0)
            await self.emitter.aclose()
        if self._failure is not None:
            raise self._failure
        return self.totals

    async def _read(self, lines: AsyncIterator[bytes]) -> None:
        async for line in lines:
            if self._failure is not None:
                return
            await self._handle(line)
        self.input_finished = True

    async def _handle(self, line: bytes) -> None:
        self._lines += 1
        try:
            message = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            if "depth" in str(exc).lower() or "recursion" in str(exc).lower():
                self._too_deep_to_read(line)
            else:
                self._invalid_line(f"is not JSON ({exc})")
            return
        if not isinstance(message, dict):
            self._invalid_line(f"is not an Airbyte message object (a JSON {type(message).__name__})")
            return
        kind = message.get("type")
        if kind == "RECORD":
            await self._record(message.get("record"))
        elif kind == "STATE":
            self.checkpoints.state_arrived(message)
        elif not isinstance(kind, str):
            self._invalid_line("is an object without a message type")
        elif kind not in _OTHER_PROTOCOL_TYPES and kind not in self._ignored_types:
            self._ignored_types.add(kind)
            logger.warning(
                f"input line {self._lines}: message type {kind[:40]!r} is not an Airbyte message type this "
                "destination reads (RECORD, STATE); it and any further messages of that type are ignored"
            )

    def _too_deep_to_read(self, line: bytes) -> None:
        """A line the JSON parser refuses for its depth: when it is recognisably a RECORD of a stream, that
        record is rejected (counted in its stream, like any record); otherwise the line is invalid."""
        problem = "is nested too deeply to be read as JSON (over 1,024 levels)"
        head = line[:4096] + b" " + line[-4096:]  # the envelope's keys sit before or after the deep data
        stream = _STREAM_FIELD.search(head)
        if _RECORD_TYPE.search(head) is None or stream is None:
            self._invalid_line(problem)
            return
        namespace = _NAMESPACE_FIELD.search(head)
        name, space = _json_string(stream.group(1)), _json_string(namespace.group(1)) if namespace else None
        if name is None:
            self._invalid_line(problem)
            return
        seq = self.checkpoints.record_arrived((space, name))
        self.totals.records_read += 1
        ref = RecordRef(stream=name, namespace=space, position=seq + 1)
        reason = f"input line {self._lines} {problem}; records are refused beyond {MAX_DEPTH} levels"
        self._finish_rejected(seq, ref, None, self.intake.stream(space, name), "record", reason)

    def _invalid_line(self, problem: str) -> None:
        self.invalid_lines += 1
        self.totals.rejected_by_reason["input: line is not an Airbyte message"] += 1
        if self.settings.fail_on_invalid:
            if self._failure is None:
                # States before this line are still emitted once their records finish; nothing after it is read.
                self._failure = SyncFailure(
                    f"input line {self._lines} {problem}. The sync stops at the first invalid line because "
                    "on_invalid_record is 'fail'; set it to 'skip' to count such lines and go on.",
                    FailureType.config_error,
                )
            return
        reason = f"input line {self._lines} {problem}; it was skipped"
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
        intake = self.intake.stream(namespace, stream)
        if intake is None:
            reason = "its stream is not in the configured catalog"
            self._finish_rejected(seq, ref, cut_deep(data, MAX_DEPTH), None, None, reason)
            return
        candidate = intake.read(data)
        if isinstance(candidate, Rejection):
            self._finish_rejected(seq, ref, candidate.data, intake, candidate.field, candidate.reason)
            return
        if candidate.unsearched_emails:
            self.totals.records_with_unsearched_emails += 1
            if self.totals.records_with_unsearched_emails == 1:
                logger.warning(
                    f"{ref.describe()}: {len(candidate.emails)} email addresses; only the first "
                    f"{len(candidate.searched_email_keys)} are searched for an existing candidate (all are written). "
                    "Further records like this are counted in the summary."
                )
        await self._slots.acquire()
        keys = candidate.email_keys
        waits = list({id(t): t for k in keys if (t := self._tails.get(k)) is not None}.values())
        task = asyncio.create_task(self._process(seq, ref, candidate, data, waits, intake))
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
        intake: StreamIntake,
    ) -> None:
        try:
            if waits:
                await asyncio.wait(waits)
            outcome = await self.writer.write(candidate, ref, intake.operation)
            self._finish(seq, outcome, data, candidate.emails, intake.source_key(data))
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

    def _sinks_failed(self, failure: SyncFailure) -> None:
        if self._failure is None:
            self._failure = failure

    def _finish_rejected(
        self,
        seq: int,
        ref: RecordRef,
        data: Any,
        intake: StreamIntake | None,
        field_name: str | None,
        reason: str,
    ) -> None:
        outcome = RecordOutcome(ref=ref)
        outcome.reject("record", reason, field_name)
        self._finish(seq, outcome, data, [], intake.source_key(data) if intake is not None else None)

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
        self.checkpoints.record_finished(seq, outcome.rejected)

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
