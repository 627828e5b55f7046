"""Data activation: the operations `discover` offers, and how a configured stream maps onto one.

Objects: `candidate` (append, append_dedup and update, matched by email), `application` (append_dedup,
matched by candidate email and job id) and `document` (append, matched by candidate email). Every mode
de-duplicates by email, as the whole connector does; `update` never creates a candidate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from destination_unified_ats.models import ApplicationStatus


class _Record(BaseModel):
    model_config = ConfigDict(extra="allow")

    email: str = Field(description="Identity for de-duplication (case-insensitive).")
    emails: list[str | dict[str, str]] | None = Field(
        default=None, description="More emails, strings or {email, type}."
    )


class CandidateRecord(_Record):
    first_name: str | None = None
    last_name: str | None = None
    name: str | None = Field(default=None, description="Split into first/last when those are absent.")
    title: str | None = None
    company_name: str | None = None
    summary: str | None = None
    phone: str | None = None
    telephones: list[str | dict[str, str]] | None = None
    link_urls: list[str] | None = None
    skills: list[str] | None = None
    years_experience: float | None = None
    degree: str | None = None
    location: str | None = None
    remote: bool | None = None
    tags: list[str] | None = None
    metadata: dict[str, str | float | bool] | None = None
    match_score: float | None = Field(default=None, ge=0, le=1)
    match_explanation: str | None = None


class ApplicationRecord(CandidateRecord):
    job_id: str = Field(description="The ATS job to apply to.")
    application_status: ApplicationStatus | None = None


class DocumentRecord(_Record):
    resume_base64: str | None = Field(default=None, description="File contents, base64.")
    resume_url: str | None = Field(default=None, description="A URL the ATS (or the connector) can read.")
    resume_filename: str | None = None
    job_id: str | None = Field(default=None, description="Attach to this job's application where the ATS wants that.")


@dataclass(frozen=True)
class OperationSpec:
    object_name: str
    sync_mode: str
    model: type[BaseModel]
    matching_keys: list[list[str]] | None


OPERATIONS: tuple[OperationSpec, ...] = (
    OperationSpec("candidate", "append", CandidateRecord, None),
    OperationSpec("candidate", "append_dedup", CandidateRecord, [["email"]]),
    OperationSpec("candidate", "update", CandidateRecord, [["email"]]),
    OperationSpec("application", "append_dedup", ApplicationRecord, [["email"], ["job_id"]]),
    OperationSpec("document", "append", DocumentRecord, [["email"]]),
)


def destination_catalog() -> dict[str, Any]:
    return {
        "operations": [
            {
                "object_name": op.object_name,
                "sync_mode": op.sync_mode,
                "json_schema": op.model.model_json_schema(),
                **({"matching_keys": op.matching_keys} if op.matching_keys else {}),
            }
            for op in OPERATIONS
        ]
    }


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
        return self.object_name in (None, "application", "document")

    @property
    def writes_documents(self) -> bool:
        return self.object_name in (None, "document")

    def prepare(self, data: Any) -> Any:
        """Copy the user's matching-key fields onto the contract names (`email`, `job_id`)."""
        if not isinstance(data, dict) or (self.email_path is None and self.job_path is None):
            return data
        prepared = dict(data)
        for path, name in ((self.email_path, "email"), (self.job_path, "job_id")):
            if path is not None and path != (name,):
                value = _at(data, path)
                if value is not None:
                    prepared[name] = value
        return prepared

    def missing(self, data: Any) -> tuple[str, str] | None:
        """(field, reason) when the record lacks what this operation needs."""
        if not isinstance(data, dict):
            return None
        if self.object_name == "application" and not data.get("job_id"):
            return "job_id", "the application operation needs a job_id (its second matching key)"
        if self.object_name == "document" and not (data.get("resume_base64") or data.get("resume_url")):
            return "resume", "the document operation needs resume_base64 or resume_url"
        return None


def stream_operation(object_name: str | None, sync_mode: str | None, primary_key: Any) -> StreamOperation:
    keys = [tuple(str(p) for p in path) for path in primary_key or [] if path]
    if object_name is None:
        return StreamOperation(sync_mode=sync_mode or "append_dedup")
    if object_name not in {op.object_name for op in OPERATIONS}:
        raise ValueError(f"destination_object_name {object_name!r} is not one of candidate, application, document")
    return StreamOperation(
        object_name=object_name,
        sync_mode=sync_mode or "append_dedup",
        email_path=keys[0] if keys else None,
        job_path=keys[1] if object_name == "application" and len(keys) > 1 else None,
    )


def _at(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data
