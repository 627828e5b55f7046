"""Provider profiles: the per-integration write rules the simulator enforces, kept as plain data.

The active profile is the connection's `integration_type`. The document rows for Greenhouse, Lever,
Workable, SmartRecruiters and CATS and the Vincere required fields come from Unified's published
integration pages (see the seeds table); everything marked "plausible" is our choice, modelled on the
provider's own API, and written down here so tests and readers know what to expect.

Field rules, checked on writes to candidates and applications:
- `*_create_ignored`: accepted but silently dropped on create (the provider sets them through a
  separate call, so they only stick on a later update). Listed in `outbound_fields` (writable).
- `*_readonly`: silently dropped on create and on update. Not in `outbound_fields`.
Both are recorded in the simulator's `ignored_fields` log.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

DocumentTarget = Literal["candidate", "application", "any"]

MB = 1024 * 1024


@dataclass(frozen=True)
class ProviderProfile:
    name: str
    display_name: str
    # Where a document attaches: "candidate" needs candidate_id, "application" needs application_id,
    # "any" accepts any of candidate_id / application_id / job_id.
    document_target: DocumentTarget
    document_base64: bool
    document_url: bool
    # False where no source says whether the provider takes document_url: the simulator then follows the
    # `undocumented_document_url` knob ("refuse" with a 400, or "accept"), and Unified's integration metadata
    # lists document_url either way, so a client cannot read the answer off the metadata.
    document_url_documented: bool = True
    document_required: tuple[str, ...] = ()
    max_document_bytes: int | None = None
    candidate_required: tuple[str, ...] = ()
    candidate_requires_name: bool = False  # `name`, or both `first_name` and `last_name`
    application_required: tuple[str, ...] = ("candidate_id", "job_id")
    candidate_create_ignored: frozenset[str] = frozenset()
    application_create_ignored: frozenset[str] = frozenset()
    candidate_readonly: frozenset[str] = frozenset()
    application_readonly: frozenset[str] = frozenset()
    unsupported_methods: frozenset[str] = frozenset()  # "<kind>.<method>", answered 501
    slow_fields: tuple[str, ...] = ()  # "<kind>.<field>", reported in the integration support
    max_page_size: int = 100
    rate_limit_description: str = ""

    def supports(self, kind: str, method: str) -> bool:
        return f"{kind}.{method}" not in self.unsupported_methods


GENERIC = ProviderProfile(
    name="generic",
    display_name="Generic ATS",
    document_target="any",
    document_base64=True,
    document_url=True,
    rate_limit_description="No documented limit.",
)

GREENHOUSE = ProviderProfile(
    name="greenhouse",
    display_name="Greenhouse",
    # Seeds: application only, no base64, requires document_url.
    document_target="application",
    document_base64=False,
    document_url=True,
    document_required=("application_id", "document_url", "filename"),
    # Plausible: Greenhouse has no candidate origin or skills fields; new applications always enter
    # the job's first stage (status moves with an update) and Greenhouse stamps applied_at itself.
    candidate_create_ignored=frozenset({"origin", "skills"}),
    application_create_ignored=frozenset({"status", "original_status"}),
    application_readonly=frozenset({"applied_at"}),
    unsupported_methods=frozenset({"document.update", "document.remove"}),
    slow_fields=("application.status", "application.original_status"),
    rate_limit_description="50 requests per 10 seconds per API key (Harvest API).",
)

LEVER = ProviderProfile(
    name="lever",
    display_name="Lever",
    # Seeds: candidate only, base64, requires candidate_id and filename.
    document_target="candidate",
    document_base64=True,
    document_url=False,
    document_url_documented=False,  # the seeds say nothing about URLs
    document_required=("candidate_id", "filename"),
    max_document_bytes=30 * MB,
    # Plausible: Lever custom fields are form based (metadata only sticks on update); seeds list
    # candidate_id, job_id, answers, status as the writable application fields.
    candidate_create_ignored=frozenset({"metadata"}),
    application_create_ignored=frozenset({"applied_at"}),
    application_readonly=frozenset({"original_status"}),
    unsupported_methods=frozenset({"document.update"}),
    rate_limit_description="10 requests per second, bursts of 20.",
)

WORKABLE = ProviderProfile(
    name="workable",
    display_name="Workable",
    # Seeds: application only, base64, requires application_id, filename and type.
    document_target="application",
    document_base64=True,
    document_url=False,
    document_url_documented=False,  # the seeds say nothing about URLs
    document_required=("application_id", "filename", "type"),
    max_document_bytes=10 * MB,
    # Plausible: Workable sets the origin ("sourced") itself and moves stages with a separate call.
    candidate_create_ignored=frozenset({"origin"}),
    application_create_ignored=frozenset({"status"}),
    unsupported_methods=frozenset({"document.update", "document.remove"}),
    rate_limit_description="10 requests per 10 seconds per token.",
)

SMARTRECRUITERS = ProviderProfile(
    name="smartrecruiters",
    display_name="SmartRecruiters",
    # Seeds: candidate (or job), URL based upload.
    document_target="candidate",
    document_base64=False,
    document_url=True,
    document_required=("candidate_id", "document_url"),
    # Plausible: tags and the application status are separate endpoints in SmartRecruiters.
    candidate_create_ignored=frozenset({"tags"}),
    application_create_ignored=frozenset({"status"}),
    unsupported_methods=frozenset({"document.update"}),
    rate_limit_description="10 requests per second.",
)

CATS = ProviderProfile(
    name="cats",
    display_name="CATS",
    # Seeds: candidate only, base64.
    document_target="candidate",
    document_base64=True,
    document_url=False,
    document_url_documented=False,  # the seeds say nothing about URLs
    document_required=("candidate_id", "filename"),
    max_document_bytes=20 * MB,
    # Plausible: CATS tags and pipeline statuses are separate endpoints.
    candidate_create_ignored=frozenset({"tags"}),
    application_create_ignored=frozenset({"status"}),
    rate_limit_description="500 requests per hour.",
)

VINCERE = ProviderProfile(
    name="vincere",
    display_name="Vincere",
    # Seeds: candidate requires emails and name; application requires candidate_id and job_id and
    # writes only candidate_id, job_id, applied_at and status.
    candidate_required=("emails",),
    candidate_requires_name=True,
    application_required=("candidate_id", "job_id"),
    application_readonly=frozenset({"source", "answers", "original_status"}),
    # Plausible: candidate-bound documents, base64 or URL.
    document_target="candidate",
    document_base64=True,
    document_url=True,
    document_required=("candidate_id", "filename"),
    max_document_bytes=10 * MB,
    rate_limit_description="Plan based; bursts above 10 requests per second are throttled.",
)

ASHBY = ProviderProfile(
    name="ashby",
    display_name="Ashby",
    # Plausible: candidate.create requires a name; resumes go to candidate.uploadResume (file
    # contents only); tags are added with candidate.addTag; sources are references, not free text.
    candidate_requires_name=True,
    document_target="candidate",
    document_base64=True,
    document_url=False,
    document_required=("candidate_id", "filename"),
    max_document_bytes=20 * MB,
    candidate_create_ignored=frozenset({"tags"}),
    application_create_ignored=frozenset({"source"}),
    rate_limit_description="1000 requests per minute per API key.",
)

BULLHORN = ProviderProfile(
    name="bullhorn",
    display_name="Bullhorn",
    # Plausible: Candidate needs firstName/lastName; files are base64 `fileContent` on the candidate
    # with a file type; JobSubmission dateAdded is set by Bullhorn.
    candidate_requires_name=True,
    document_target="candidate",
    document_base64=True,
    document_url=False,
    document_required=("candidate_id", "filename", "type"),
    max_document_bytes=5 * MB,
    candidate_create_ignored=frozenset({"sources"}),
    application_create_ignored=frozenset({"applied_at"}),
    unsupported_methods=frozenset({"document.update"}),
    rate_limit_description="Per-license concurrency limits; bursts are answered 429.",
)

TEAMTAILOR = ProviderProfile(
    name="teamtailor",
    display_name="Teamtailor",
    # Plausible: a candidate needs an email; the resume is a URL on the candidate; custom field
    # values and the job-application stage are separate resources.
    candidate_required=("emails",),
    document_target="candidate",
    document_base64=False,
    document_url=True,
    document_required=("candidate_id", "document_url"),
    candidate_create_ignored=frozenset({"metadata"}),
    application_create_ignored=frozenset({"status"}),
    rate_limit_description="50 requests per 10 seconds.",
)

PROFILES: dict[str, ProviderProfile] = {
    p.name: p
    for p in (GENERIC, GREENHOUSE, LEVER, WORKABLE, SMARTRECRUITERS, CATS, VINCERE, ASHBY, BULLHORN, TEAMTAILOR)
}


def get_profile(name: str, undocumented_document_url: str = "refuse") -> ProviderProfile:
    """The named profile; an unknown integration type behaves like `generic`. Where the profile's URL support is
    undocumented, `undocumented_document_url` decides whether this run's provider accepts document_url."""
    profile = PROFILES.get(name, GENERIC)
    if not profile.document_url_documented:
        return replace(profile, document_url=undocumented_document_url == "accept")
    return profile


def check_profile_name(name: str) -> str:
    if name not in PROFILES:
        raise ValueError(f"unknown profile {name!r}; known: {', '.join(sorted(PROFILES))}")
    return name
