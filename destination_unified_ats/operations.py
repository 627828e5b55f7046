"""Data activation: the operations `discover` offers, and how a configured stream maps onto one.

Objects: `candidate` (append, append_dedup and update), `application` (append_dedup, matched by candidate
email and job id) and `document` (append, matched by candidate email). The connector keeps exactly one
candidate per email whatever the mode, so every operation declares the email as a matching key: `append`
never creates a second candidate for an address, and says so. `update` never creates a candidate. Modes that
would replace or delete people (`overwrite`, `soft_delete`) are refused before any write.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from destination_unified_ats.contract import APPLICATION, CANDIDATE, DOCUMENT, object_fields

# A stream without destination_object_name runs the full workflow (candidate, application, stage, resume);
# with `update` it only reaches candidates that already exist.
FULL_WORKFLOW_MODES: tuple[str, ...] = ("append", "append_dedup", "update")


@dataclass(frozen=True)
class OperationSpec:
    object_name: str
    sync_mode: str
    required: tuple[str, ...]
    matching_keys: tuple[tuple[str, ...], ...]

    def json_schema(self) -> dict[str, Any]:
        """A flat JSON schema of the records this operation reads, from the record contract."""
        return {
            "$schema": "http://json-schema.org/draft-07/schema#",
            "type": "object",
            "additionalProperties": True,
            "required": list(self.required),
            "properties": {f.name: f.json_schema() for f in object_fields(self.object_name)},
        }


OPERATIONS: tuple[OperationSpec, ...] = (
    OperationSpec(CANDIDATE, "append", ("email",), (("email",),)),
    OperationSpec(CANDIDATE, "append_dedup", ("email",), (("email",),)),
    OperationSpec(CANDIDATE, "update", ("email",), (("email",),)),
    OperationSpec(APPLICATION, "append_dedup", ("email", "job_id"), (("email",), ("job_id",))),
    OperationSpec(DOCUMENT, "append", ("email",), (("email",),)),
)

_WHY_NOT = {
    "overwrite": "overwrite would replace the ATS's people with this sync's records, and this connector never "
    "deletes people",
    "soft_delete": "soft_delete would delete or archive people in the ATS, and this connector never deletes people",
}


def destination_catalog() -> dict[str, Any]:
    return {
        "operations": [
            {
                "object_name": op.object_name,
                "sync_mode": op.sync_mode,
                "json_schema": op.json_schema(),
                "matching_keys": [list(key) for key in op.matching_keys],
            }
            for op in OPERATIONS
        ]
    }


def supported_modes(object_name: str | None) -> tuple[str, ...]:
    if object_name is None:
        return FULL_WORKFLOW_MODES
    return tuple(op.sync_mode for op in OPERATIONS if op.object_name == object_name)


@dataclass(frozen=True)
class StreamOperation:
    """What one configured stream does: the full workflow (no object name) or one activation object."""

    object_name: str | None = None
    sync_mode: str = "append_dedup"
    email_path: tuple[str, ...] | None = None
    job_path: tuple[str, ...] | None = None

    @property
    def creates_candidates(self) -> bool:
        return self.sync_mode != "update"

    @property
    def writes_applications(self) -> bool:
        return self.object_name in (None, APPLICATION, DOCUMENT)

    @property
    def writes_documents(self) -> bool:
        return self.object_name in (None, DOCUMENT)

    def missing(self, data: Any) -> tuple[str, str] | None:
        """(field, reason) when the mapped record lacks what this operation needs."""
        if not isinstance(data, dict):
            return None
        if self.object_name == APPLICATION and not data.get("job_id"):
            return "job_id", "the application operation needs a job_id (its second matching key)"
        if self.object_name == DOCUMENT and not (data.get("resume_base64") or data.get("resume_url")):
            return "resume", "the document operation needs resume_base64 or resume_url"
        return None


def stream_operation(object_name: str | None, sync_mode: str | None, primary_key: Any) -> StreamOperation:
    """The stream's operation; ValueError (naming what is supported) for an object or mode it does not have."""
    keys = [tuple(str(p) for p in path) for path in primary_key or [] if path]
    if object_name is not None and object_name not in {op.object_name for op in OPERATIONS}:
        raise ValueError(f"destination_object_name {object_name!r} is not one of candidate, application, document")
    mode = sync_mode or "append_dedup"
    supported = supported_modes(object_name)
    if mode not in supported:
        what = "a stream without destination_object_name" if object_name is None else f"the {object_name} object"
        why = f" ({_WHY_NOT[mode]})" if mode in _WHY_NOT else ""
        raise ValueError(
            f"destination_sync_mode {mode!r} is not supported for {what}{why}; use one of {', '.join(supported)}"
        )
    if object_name is None:
        return StreamOperation(sync_mode=mode)
    return StreamOperation(
        object_name=object_name,
        sync_mode=mode,
        email_path=keys[0] if keys else None,
        job_path=keys[1] if object_name == APPLICATION and len(keys) > 1 else None,
    )
