"""What each ATS integration behind Unified accepts, and so the shape of every write.

Built-in profiles carry what Unified's integration pages (the seeds' table) and each provider's own API
say: where documents attach and in which form, which candidate fields are required, which fields a
provider ignores on create (they are written by an update right after) and which it never takes (they
are not sent). When Unified's integration metadata is reachable (`GET /unified/integration`), its
`methods` and `outbound_fields` refine the profile; the user can override the document handling.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

DocumentTarget = Literal["candidate", "application", "either"]
DocumentForm = Literal["base64", "url"]
MB = 1024 * 1024


@dataclass(frozen=True)
class ProviderProfile:
    name: str
    document_target: DocumentTarget = "candidate"
    document_forms: frozenset[DocumentForm] = frozenset({"base64", "url"})
    # Forms that no source documents either way for this integration: tried, and learnt per sync from the answer.
    document_forms_unverified: frozenset[DocumentForm] = frozenset()
    max_document_bytes: int | None = None
    # "emails" and/or "name" ("name" is a full name, or first + last).
    candidate_required: tuple[str, ...] = ()
    # Ignored by the provider on create: written by an update call right after the create.
    candidate_update_only: frozenset[str] = frozenset()
    application_update_only: frozenset[str] = frozenset()
    # Never written by the provider: not sent at all.
    candidate_unwritable: frozenset[str] = frozenset()
    application_unwritable: frozenset[str] = frozenset()
    documents_writable: bool = True
    # False for an integration this connector has no profile for: its document handling is learnt.
    known: bool = True
    notes: str = ""

    @property
    def status_writable(self) -> bool:
        return "status" not in self.application_unwritable

    def describe(self) -> str:
        forms = (
            " or ".join(
                f"{form} (untested)" if form in self.document_forms_unverified else form
                for form in sorted(self.document_forms)
            )
            or "none"
        )
        return f"{self.name}: documents on {self.document_target} as {forms}"


GENERIC = ProviderProfile(
    name="generic",
    document_target="candidate",
    known=False,
    notes="Unknown integration: candidate-bound documents first, other binding/form learnt on a 4xx.",
)

PROFILES: dict[str, ProviderProfile] = {
    p.name: p
    for p in (
        ProviderProfile(
            name="greenhouse",
            document_target="application",
            document_forms=frozenset({"url"}),
            candidate_update_only=frozenset(),
            candidate_unwritable=frozenset({"origin", "skills"}),
            application_update_only=frozenset({"status"}),
            application_unwritable=frozenset({"applied_at", "original_status"}),
            notes="Attachments go on the application and only by URL; new applications enter the first stage.",
        ),
        ProviderProfile(
            name="lever",
            document_target="candidate",
            document_forms=frozenset({"base64", "url"}),
            document_forms_unverified=frozenset({"url"}),
            max_document_bytes=30 * MB,
            candidate_update_only=frozenset({"metadata"}),
            application_unwritable=frozenset({"applied_at", "original_status"}),
            notes="Files go to the candidate (opportunity) as contents (URL undocumented: tried, learnt per sync); "
            "custom fields stick on update.",
        ),
        ProviderProfile(
            name="workable",
            document_target="application",
            document_forms=frozenset({"base64", "url"}),
            document_forms_unverified=frozenset({"url"}),
            max_document_bytes=10 * MB,
            candidate_unwritable=frozenset({"origin"}),
            application_update_only=frozenset({"status"}),
            notes="Resumes attach to the application as file contents, with filename and type (URL undocumented: "
            "tried, learnt per sync).",
        ),
        ProviderProfile(
            name="smartrecruiters",
            document_target="candidate",
            document_forms=frozenset({"url"}),
            candidate_update_only=frozenset({"tags"}),
            application_update_only=frozenset({"status"}),
            notes="URL-based attachments; tags and status are separate calls.",
        ),
        ProviderProfile(
            name="cats",
            document_target="candidate",
            document_forms=frozenset({"base64", "url"}),
            document_forms_unverified=frozenset({"url"}),
            max_document_bytes=20 * MB,
            candidate_update_only=frozenset({"tags"}),
            application_update_only=frozenset({"status"}),
            notes="Candidate attachments as contents (URL undocumented: tried, learnt per sync); tags and pipeline "
            "status are separate calls.",
        ),
        ProviderProfile(
            name="vincere",
            document_target="candidate",
            document_forms=frozenset({"base64", "url"}),
            max_document_bytes=10 * MB,
            candidate_required=("emails", "name"),
            application_unwritable=frozenset({"source", "answers", "original_status"}),
            notes="Candidates need emails and a name; applications take candidate, job, applied_at, status.",
        ),
        ProviderProfile(
            name="ashby",
            document_target="candidate",
            document_forms=frozenset({"base64"}),
            max_document_bytes=20 * MB,
            candidate_required=("name",),
            candidate_update_only=frozenset({"tags"}),
            application_update_only=frozenset({"source"}),
            notes="Resume uploaded to the candidate as contents; tags added after create.",
        ),
        ProviderProfile(
            name="bullhorn",
            document_target="candidate",
            document_forms=frozenset({"base64"}),
            max_document_bytes=5 * MB,
            candidate_required=("name",),
            candidate_update_only=frozenset({"sources"}),
            application_unwritable=frozenset({"applied_at"}),
            notes="Candidate files as base64 with a type; submissions are dated by Bullhorn.",
        ),
        ProviderProfile(
            name="teamtailor",
            document_target="candidate",
            document_forms=frozenset({"url"}),
            candidate_required=("emails",),
            candidate_update_only=frozenset({"metadata"}),
            application_update_only=frozenset({"status"}),
            notes="Resume by URL on the candidate; custom fields and stage are separate resources.",
        ),
    )
}


def profile_for(integration_type: str | None) -> ProviderProfile:
    if not integration_type:
        return GENERIC
    key = integration_type.lower()
    return PROFILES.get(key, replace(GENERIC, name=key))


def refine_with_support(profile: ProviderProfile, support: Mapping[str, Any] | None) -> ProviderProfile:
    """Narrow a profile with Unified's integration metadata (`support.<object>.outbound_fields/methods`)."""
    if not support:
        return profile
    changes: dict[str, Any] = {}
    candidate = _fields(support, "candidate")
    if candidate:
        changes["candidate_unwritable"] = profile.candidate_unwritable | (_CANDIDATE_FIELDS - candidate.keys())
        required = [f for f, v in candidate.items() if "required" in str(v).lower() and f in ("emails", "name")]
        changes["candidate_required"] = tuple(dict.fromkeys([*profile.candidate_required, *required]))
    application = _fields(support, "application")
    if application:
        changes["application_unwritable"] = profile.application_unwritable | (_APPLICATION_FIELDS - application.keys())
    document = _fields(support, "document")
    methods = _methods(support, "document")
    if methods is not None and methods.get("create") is False:
        changes["documents_writable"] = False
    if document:
        forms = {form for form, key in (("base64", "document_data"), ("url", "document_url")) if key in document}
        if forms:
            changes["document_forms"] = frozenset(forms) & profile.document_forms or frozenset(forms)
        if not profile.known:
            has_candidate, has_application = "candidate_id" in document, "application_id" in document
            if has_application and not has_candidate:
                changes["document_target"] = "application"
            elif has_candidate and not has_application:
                changes["document_target"] = "candidate"
    return replace(profile, **changes) if changes else profile


def with_overrides(profile: ProviderProfile, document_upload: str, document_target: str) -> ProviderProfile:
    """The user's explicit choices win over the profile."""
    changes: dict[str, Any] = {}
    if document_upload in ("base64", "url"):
        changes["document_forms"] = frozenset({document_upload})
        changes["document_forms_unverified"] = frozenset()
    if document_target in ("candidate", "application"):
        changes["document_target"] = document_target
    return replace(profile, **changes, known=True) if changes else profile


_CANDIDATE_FIELDS = frozenset(
    {"first_name", "last_name", "name", "emails", "telephones", "title", "company_name", "summary", "link_urls"}
    | {"skills", "tags", "sources", "origin", "metadata"}
)
_APPLICATION_FIELDS = frozenset({"candidate_id", "job_id", "status", "source"})


def _support_entry(support: Mapping[str, Any], kind: str) -> Mapping[str, Any] | None:
    for key in (f"ats_{kind}", kind, f"ats.{kind}"):
        entry = support.get(key)
        if isinstance(entry, Mapping):
            return entry
    return None


def _fields(support: Mapping[str, Any], kind: str) -> dict[str, Any]:
    entry = _support_entry(support, kind)
    fields = entry.get("outbound_fields") if entry else None
    return dict(fields) if isinstance(fields, Mapping) else {}


def _methods(support: Mapping[str, Any], kind: str) -> dict[str, Any] | None:
    entry = _support_entry(support, kind)
    methods = entry.get("methods") if entry else None
    return dict(methods) if isinstance(methods, Mapping) else None
