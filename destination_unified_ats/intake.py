"""Intake: one stream's raw record data in, a validated `SourcedCandidate` or a `Rejection` out.

The stages, in order, all here: bound the nesting depth -> copy the stream's matching keys onto the contract
names -> map the source's fields (field_mappings, aliases) -> check what the stream's operation needs ->
parse and validate (`records.parse_record`). Nothing here talks to the network.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from destination_unified_ats.checkpoint import StreamKey
from destination_unified_ats.field_mapping import FieldMapper, value_at
from destination_unified_ats.operations import StreamOperation
from destination_unified_ats.records import (
    DEFAULT_MAX_RESUME_BYTES,
    DEFAULT_MAX_SEARCHED_EMAILS,
    RecordRejected,
    SourcedCandidate,
    parse_record,
)

PrimaryKey = Sequence[Sequence[str]] | None

# Deeper than any real person record; far below what the JSON encoder of the sinks can write (255).
MAX_DEPTH = 64
CUT = f"<cut: nested deeper than {MAX_DEPTH} levels>"


@dataclass(frozen=True)
class IntakeSettings:
    max_resume_bytes: int = DEFAULT_MAX_RESUME_BYTES
    allow_nameless_candidates: bool = False
    max_searched_emails: int = DEFAULT_MAX_SEARCHED_EMAILS
    max_depth: int = MAX_DEPTH


@dataclass(frozen=True)
class StreamSettings:
    primary_key: PrimaryKey = None
    operation: StreamOperation = field(default_factory=StreamOperation)


@dataclass(frozen=True)
class Rejection:
    field: str | None
    reason: str
    data: Any
    """The record as the rejected-records file may store it (too-deep parts cut)."""


class StreamIntake:
    """Reads one stream's records."""

    def __init__(self, settings: StreamSettings, mapper: FieldMapper | None, intake: IntakeSettings) -> None:
        self.operation = settings.operation
        self.primary_key = settings.primary_key
        self.mapper = mapper
        self.settings = intake
        # A record of the update operation only ever touches an existing candidate: no name needed.
        self._require_name = not intake.allow_nameless_candidates and settings.operation.creates_candidates

    def read(self, data: Any) -> SourcedCandidate | Rejection:
        deep = too_deep(data, self.settings.max_depth)
        if deep is not None:
            reason = f"nested more than {self.settings.max_depth} levels deep; records are refused beyond that depth"
            return Rejection(deep, reason, cut_deep(data, self.settings.max_depth))
        try:
            # Matching keys first: the mapper keeps only record fields, and a key may name any source field.
            mapped = self._prepare(data)
            if self.mapper is not None:
                mapped = self.mapper.apply(mapped)
            missing = self.operation.missing(mapped)
            if missing is not None:
                raise RecordRejected(*missing)
            return parse_record(
                mapped,
                max_resume_bytes=self.settings.max_resume_bytes,
                require_name=self._require_name,
                max_searched_emails=self.settings.max_searched_emails,
            )
        except RecordRejected as exc:
            return Rejection(exc.field, exc.reason, data)

    def source_key(self, data: Any) -> Any:
        """The source record's primary key (Airbyte's `primary_key` paths), a scalar or a list of parts."""
        if not self.primary_key or not isinstance(data, Mapping):
            return None
        parts = [value_at(data, path) for path in self.primary_key]
        return parts[0] if len(parts) == 1 else parts

    def _prepare(self, data: Any) -> Any:
        """Copy the user's matching-key fields onto the contract names (`email`, `job_id`)."""
        operation = self.operation
        if not isinstance(data, dict) or (operation.email_path is None and operation.job_path is None):
            return data
        prepared = dict(data)
        for path, name in ((operation.email_path, "email"), (operation.job_path, "job_id")):
            if path is not None and path != (name,):
                value = value_at(data, path)
                if value is not None:
                    prepared[name] = value
        return prepared


class Intake:
    """Every configured stream's intake; `streams` None means any stream runs the full workflow."""

    def __init__(
        self,
        streams: Mapping[StreamKey, StreamSettings] | None,
        mapper: FieldMapper | None,
        settings: IntakeSettings,
    ) -> None:
        self._any = None if streams is not None else StreamIntake(StreamSettings(), mapper, settings)
        self._streams = {key: StreamIntake(s, mapper, settings) for key, s in (streams or {}).items()}

    def stream(self, namespace: str | None, name: str) -> StreamIntake | None:
        """The stream's intake (a namespace the catalog does not name falls back to the bare name)."""
        if self._any is not None:
            return self._any
        return self._streams.get((namespace, name)) or self._streams.get((None, name))


def too_deep(data: Any, limit: int) -> str | None:
    """The top-level field under which `data` nests containers more than `limit` levels deep, else None."""
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, dict | list) and _deeper_than(value, limit - 1):
                return str(key)[:80]
    elif isinstance(data, list) and _deeper_than(data, limit):
        return "record"
    return None


def _deeper_than(node: Any, room: int) -> bool:
    """Whether `node` (a container) nests containers more than `room` levels deep (iterative: no recursion limit)."""
    stack: list[tuple[Any, int]] = [(node, room)]
    while stack:
        current, left = stack.pop()
        if left <= 0:
            return True
        children = current.values() if isinstance(current, dict) else current
        for child in children:
            if isinstance(child, dict | list):
                stack.append((child, left - 1))
    return False


def cut_deep(data: Any, limit: int, depth: int = 1) -> Any:
    """A copy of `data` with every container deeper than `limit` replaced by a marker string."""
    if isinstance(data, dict):
        if depth > limit:
            return CUT
        return {k: cut_deep(v, limit, depth + 1) for k, v in data.items()}
    if isinstance(data, list):
        if depth > limit:
            return CUT
        return [cut_deep(v, limit, depth + 1) for v in data]
    return data
