"""Unified.to ATS objects, named exactly as the official `unified-python-sdk` models name them.

Only the fields this connector reads or writes are typed; everything else a provider returns is kept
(`extra="allow"`) so that a read-modify-write never drops data it does not understand.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from destination_unified_ats.email_identity import email_key


class ApplicationStatus(StrEnum):
    NEW = "NEW"
    REVIEWING = "REVIEWING"
    SCREENING = "SCREENING"
    SUBMITTED = "SUBMITTED"
    FIRST_INTERVIEW = "FIRST_INTERVIEW"
    SECOND_INTERVIEW = "SECOND_INTERVIEW"
    THIRD_INTERVIEW = "THIRD_INTERVIEW"
    BACKGROUND_CHECK = "BACKGROUND_CHECK"
    OFFERED = "OFFERED"
    ACCEPTED = "ACCEPTED"
    HIRED = "HIRED"
    REJECTED = "REJECTED"
    DECLINED = "DECLINED"
    WITHDRAWN = "WITHDRAWN"


class JobStatus(StrEnum):
    ARCHIVED = "ARCHIVED"
    PENDING = "PENDING"
    DRAFT = "DRAFT"
    OPEN = "OPEN"
    CLOSED = "CLOSED"


def job_is_open(status: object) -> bool:
    """The one rule for "can this job take applications": OPEN in any case or padding, or no status at all
    (None or blank: integrations that report none). Any other status, or a non-text one, is not open."""
    if status is None:
        return True
    return isinstance(status, str) and status.strip().upper() in ("", JobStatus.OPEN.value)


class CandidateOrigin(StrEnum):
    AGENCY = "AGENCY"
    APPLIED = "APPLIED"
    INTERNAL = "INTERNAL"
    REFERRED = "REFERRED"
    SOURCED = "SOURCED"
    UNIVERSITY = "UNIVERSITY"


class DocumentType(StrEnum):
    RESUME = "RESUME"
    COVER_LETTER = "COVER_LETTER"
    OFFER_PACKET = "OFFER_PACKET"
    OFFER_LETTER = "OFFER_LETTER"
    TAKE_HOME_TEST = "TAKE_HOME_TEST"
    OTHER = "OTHER"


class _ApiModel(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)

    def payload(self) -> dict[str, Any]:
        """The JSON body to send: set fields only, never nulls."""
        return self.model_dump(mode="json", exclude_none=True, by_alias=True)


class AtsEmail(_ApiModel):
    email: str
    type: str | None = None


class AtsTelephone(_ApiModel):
    telephone: str
    type: str | None = None


class AtsMetadata(_ApiModel):
    slug: str | None = None
    value: Any = None
    format_: str | None = Field(default=None, alias="format")
    id: str | None = None
    namespace: str | None = None


class AtsCandidate(_ApiModel):
    id: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    name: str | None = None
    emails: list[AtsEmail] | None = None
    telephones: list[AtsTelephone] | None = None
    title: str | None = None
    company_name: str | None = None
    summary: str | None = None
    link_urls: list[str] | None = None
    skills: list[str] | None = None
    tags: list[str] | None = None
    sources: list[str] | None = None
    origin: str | None = None
    external_identifier: str | None = None
    metadata: list[AtsMetadata] | None = None
    address: dict[str, Any] | None = None
    user_id: str | None = None
    created_at: str | None = None
    updated_at: str | None = None

    def email_set(self) -> set[str]:
        """The candidate's email keys, normalised as the records' are (see email_identity.py)."""
        return {email_key(e.email) for e in self.emails or [] if e.email}


class AtsApplication(_ApiModel):
    id: str | None = None
    candidate_id: str | None = None
    job_id: str | None = None
    status: str | None = None
    original_status: str | None = None
    source: str | None = None
    applied_at: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


class AtsDocument(_ApiModel):
    id: str | None = None
    filename: str | None = None
    type: str | None = None
    document_data: str | None = None
    document_url: str | None = None
    candidate_id: str | None = None
    application_id: str | None = None
    job_id: str | None = None
    created_at: str | None = None


class AtsJob(_ApiModel):
    id: str | None = None
    name: str | None = None
    description: str | None = None
    status: str | None = None
    minimum_experience_years: float | None = None
    minimum_degree: str | None = None
    employment_type: str | None = None
    remote: bool | None = None
    addresses: list[dict[str, Any]] | None = None
    questions: list[dict[str, Any]] | None = None
    metadata: list[AtsMetadata] | None = None
    skills: list[str] | None = None


class Connection(_ApiModel):
    """`GET /unified/connection/{id}`. Its `auth` holds secrets: it is excluded from every dump and repr."""

    id: str | None = None
    integration_type: str = ""
    categories: list[str] = Field(default_factory=list)
    permissions: list[str] = Field(default_factory=list)
    is_paused: bool | None = None
    last_healthy_at: str | None = None
    last_unhealthy_at: str | None = None
    auth: dict[str, Any] | None = Field(default=None, exclude=True, repr=False)


class IntegrationSupport(_ApiModel):
    """One entry of `GET /unified/integration`: what the integration can read and write."""

    type: str | None = None
    name: str | None = None
    support: dict[str, Any] | None = None
    rate_limit_description: str | None = None
