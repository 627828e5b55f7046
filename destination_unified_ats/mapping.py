"""Record fields → Unified ATS payloads, and the merge rules for objects that already exist."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from destination_unified_ats.matching import JobMatch
from destination_unified_ats.models import ApplicationStatus, AtsMetadata, CandidateOrigin, DocumentType
from destination_unified_ats.records import SourcedCandidate
from destination_unified_ats.resumes import ResumeInput

# Later stages; terminal ones are never left by a forward-only stage update.
STAGE_ORDER: dict[str, int] = {
    s.value: i
    for i, s in enumerate(
        [
            ApplicationStatus.NEW,
            ApplicationStatus.REVIEWING,
            ApplicationStatus.SCREENING,
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.FIRST_INTERVIEW,
            ApplicationStatus.SECOND_INTERVIEW,
            ApplicationStatus.THIRD_INTERVIEW,
            ApplicationStatus.BACKGROUND_CHECK,
            ApplicationStatus.OFFERED,
            ApplicationStatus.ACCEPTED,
            ApplicationStatus.HIRED,
        ]
    )
}
TERMINAL_STAGES = frozenset({"HIRED", "REJECTED", "DECLINED", "WITHDRAWN"})


@dataclass(frozen=True)
class WriteDefaults:
    """The parts of the config that shape every record's payloads."""

    tags: tuple[str, ...] = ()
    source_name: str | None = None
    application_status: ApplicationStatus | None = None
    default_job_id: str | None = None


def candidate_metadata(record: SourcedCandidate, defaults: WriteDefaults, stream: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if defaults.source_name:
        values["source_system"] = defaults.source_name
    values["source_stream"] = stream
    for key in ("match_score", "match_explanation", "years_experience", "degree", "location", "remote"):
        value = getattr(record, key)
        if value is not None:
            values[key] = value
    values.update(record.metadata)
    return values


def candidate_tags(record: SourcedCandidate, defaults: WriteDefaults) -> list[str]:
    return merge_tags([], [*defaults.tags, *record.tags])


def candidate_create_payload(
    record: SourcedCandidate, tags: list[str], metadata: Mapping[str, Any], defaults: WriteDefaults
) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "first_name": record.first_name,
        "last_name": record.last_name,
        "name": record.display_name,
        "emails": [{"email": e, "type": t} for e, t in zip(record.emails, record.email_types, strict=True)],
        "telephones": [{"telephone": p, **({"type": t} if t else {})} for p, t in record.telephones] or None,
        "title": record.title,
        "company_name": record.company_name,
        "summary": record.summary,
        "link_urls": record.link_urls or None,
        "skills": record.skills or None,
        "tags": tags or None,
        "sources": [defaults.source_name] if defaults.source_name else None,
        "origin": CandidateOrigin.SOURCED.value,
        "metadata": metadata_list(metadata) or None,
    }
    return {k: v for k, v in payload.items() if v is not None}


def metadata_list(values: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [{"slug": slug, "value": value} for slug, value in values.items()]


def merge_tags(existing: Iterable[str], ours: Iterable[str]) -> list[str]:
    """Existing tags first, in their order; ours appended when not present (case-insensitive)."""
    merged = list(existing)
    seen = {t.lower() for t in merged}
    for tag in ours:
        if tag.lower() not in seen:
            merged.append(tag)
            seen.add(tag.lower())
    return merged


def merge_metadata(existing: list[AtsMetadata] | None, ours: Mapping[str, Any]) -> list[dict[str, Any]] | None:
    """Existing entries are kept; ours are added or their value updated. None when nothing changes."""
    current = [m.payload() for m in existing or []]
    by_slug = {m.get("slug"): m for m in current}
    changed = False
    for slug, value in ours.items():
        entry = by_slug.get(slug)
        if entry is None:
            current.append({"slug": slug, "value": value})
            changed = True
        elif entry.get("value") != value:
            entry["value"] = value
            changed = True
    return current if changed else None


def application_payload(
    candidate_id: str, job_id: str, status: ApplicationStatus | None, defaults: WriteDefaults
) -> dict[str, Any]:
    payload: dict[str, Any] = {"candidate_id": candidate_id, "job_id": job_id}
    if status is not None:
        payload["status"] = status.value
    if defaults.source_name:
        payload["source"] = defaults.source_name
    return payload


def should_move_stage(current: str | None, requested: ApplicationStatus, policy: str) -> bool:
    if current == requested.value:
        return False
    if policy == "always":
        return True
    if policy == "on_create":
        return False
    if current is None:
        return True
    if current in TERMINAL_STAGES:
        return False
    if requested.value in TERMINAL_STAGES:
        return True
    return STAGE_ORDER.get(requested.value, -1) > STAGE_ORDER.get(current, -1)


def document_payload(
    resume: ResumeInput, *, candidate_id: str | None, application_id: str | None, form: str
) -> dict[str, Any]:
    payload: dict[str, Any] = {"filename": resume.filename, "type": DocumentType.RESUME.value}
    if application_id:
        payload["application_id"] = application_id
    if candidate_id:
        payload["candidate_id"] = candidate_id
    if form == "base64":
        payload["document_data"] = resume.data_base64
    else:
        payload["document_url"] = resume.url
    return payload


def split_payload(
    payload: dict[str, Any], update_only: frozenset[str], unwritable: frozenset[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(what to send on create, what to send in an update right after); unwritable fields are dropped."""
    create = {k: v for k, v in payload.items() if k not in unwritable and k not in update_only}
    later = {k: v for k, v in payload.items() if k in update_only and k not in unwritable}
    return create, later


def with_match(
    tags: list[str], metadata: dict[str, Any], matches: Sequence[JobMatch], *, upstream: bool
) -> tuple[list[str], dict[str, Any]]:
    """Adds job matching's result: the best match's band as a tag, its score and explanation as metadata
    (an upstream match_score/match_explanation of the record is kept as it is)."""
    best = matches[0]
    metadata = dict(metadata)
    if not upstream:
        metadata["match_score"] = round(best.score, 4)
        metadata["match_explanation"] = best.explanation
    metadata["matched_jobs"] = ", ".join(f"{m.job_name or m.job_id} ({m.score:.2f})" for m in matches)
    return merge_tags(tags, [best.band]), metadata
