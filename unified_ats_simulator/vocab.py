"""The ATS vocabulary of Unified's API (enum values and object kinds), as `unified-python-sdk` 0.61.5 defines it."""

from __future__ import annotations

from typing import Final, Literal

Kind = Literal["candidate", "application", "document", "job", "applicationstatus"]

WRITABLE_KINDS: Final[tuple[Kind, ...]] = ("candidate", "application", "document", "job")
ALL_KINDS: Final[tuple[Kind, ...]] = (*WRITABLE_KINDS, "applicationstatus")

APPLICATION_STATUSES: Final = frozenset(
    {
        "NEW",
        "REVIEWING",
        "SCREENING",
        "SUBMITTED",
        "FIRST_INTERVIEW",
        "SECOND_INTERVIEW",
        "THIRD_INTERVIEW",
        "BACKGROUND_CHECK",
        "OFFERED",
        "ACCEPTED",
        "HIRED",
        "REJECTED",
        "DECLINED",
        "WITHDRAWN",
    }
)
JOB_STATUSES: Final = frozenset({"ARCHIVED", "PENDING", "DRAFT", "OPEN", "CLOSED"})
CANDIDATE_ORIGINS: Final = frozenset({"AGENCY", "APPLIED", "INTERNAL", "REFERRED", "SOURCED", "UNIVERSITY"})
DOCUMENT_TYPES: Final = frozenset({"RESUME", "COVER_LETTER", "OFFER_PACKET", "OFFER_LETTER", "TAKE_HOME_TEST", "OTHER"})
EMPLOYMENT_TYPES: Final = frozenset(
    {
        "FULL_TIME",
        "PART_TIME",
        "CONTRACTOR",
        "INTERN",
        "CONSULTANT",
        "VOLUNTEER",
        "CASUAL",
        "SEASONAL",
        "FREELANCE",
        "OTHER",
    }
)
EMAIL_TYPES: Final = frozenset({"WORK", "HOME", "OTHER"})
TELEPHONE_TYPES: Final = frozenset({"WORK", "HOME", "OTHER", "FAX", "MOBILE"})

# Writable fields of each object (the SDK model minus the server-owned ones).
WRITABLE_FIELDS: Final[dict[Kind, frozenset[str]]] = {
    "candidate": frozenset(
        {
            "address",
            "company_id",
            "company_name",
            "date_of_birth",
            "education",
            "emails",
            "experiences",
            "external_identifier",
            "first_name",
            "image_url",
            "job_ids",
            "last_name",
            "link_urls",
            "metadata",
            "name",
            "origin",
            "skills",
            "sources",
            "summary",
            "tags",
            "telephones",
            "title",
            "user_id",
            "user_ids",
        }
    ),
    "application": frozenset(
        {
            "answers",
            "applied_at",
            "candidate_id",
            "hired_at",
            "job_id",
            "metadata",
            "original_status",
            "original_substatus",
            "rejected_at",
            "rejected_reason",
            "source",
            "status",
            "summary",
            "user_id",
        }
    ),
    "document": frozenset(
        {
            "application_id",
            "candidate_id",
            "document_data",
            "document_url",
            "filename",
            "job_id",
            "metadata",
            "type",
            "user_id",
        }
    ),
    "job": frozenset(
        {
            "addresses",
            "closed_at",
            "company_id",
            "compensation",
            "description",
            "employment_type",
            "groups",
            "hiring_manager_ids",
            "industry",
            "language_locale",
            "metadata",
            "minimum_degree",
            "minimum_experience_years",
            "name",
            "number_of_openings",
            "openings",
            "postings",
            "public_job_urls",
            "questions",
            "recruiter_ids",
            "remote",
            "skills",
            "status",
            "summary",
            "user_id",
        }
    ),
    "applicationstatus": frozenset(),
}

# Fields the API returns but never writes (e.g. `offers[]` on applications); sent values are ignored.
SERVER_OWNED_FIELDS: Final = frozenset({"id", "created_at", "updated_at", "raw", "web_url", "offers"})

# Enum-valued fields checked on write: (kind, field) -> allowed values.
ENUM_FIELDS: Final[dict[tuple[Kind, str], frozenset[str]]] = {
    ("candidate", "origin"): CANDIDATE_ORIGINS,
    ("application", "status"): APPLICATION_STATUSES,
    ("document", "type"): DOCUMENT_TYPES,
    ("job", "status"): JOB_STATUSES,
    ("job", "employment_type"): EMPLOYMENT_TYPES,
}

# Connection permission names for each kind, as in PropertyConnectionPermissions.
READ_PERMISSION: Final[dict[Kind, str]] = {kind: f"ats_{kind}_read" for kind in ALL_KINDS}
WRITE_PERMISSION: Final[dict[Kind, str]] = {kind: f"ats_{kind}_write" for kind in WRITABLE_KINDS}
ALL_ATS_PERMISSIONS: Final[tuple[str, ...]] = (
    *(READ_PERMISSION[k] for k in ALL_KINDS),
    *(WRITE_PERMISSION[k] for k in WRITABLE_KINDS),
)
