"""Validate a write (POST/PUT/PATCH body) the way Unified and the provider would.

Returns the fields to store and the fields silently ignored (with the reason); raises ApiError(400)
naming the field or the provider rule that was broken.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from unified_ats_simulator.errors import ApiError, bad_request
from unified_ats_simulator.profiles import ProviderProfile
from unified_ats_simulator.store import JsonObject, Store, decode_base64
from unified_ats_simulator.vocab import (
    EMAIL_TYPES,
    ENUM_FIELDS,
    SERVER_OWNED_FIELDS,
    TELEPHONE_TYPES,
    WRITABLE_FIELDS,
    Kind,
)

Operation = Literal["create", "update"]

STRING_LIST_FIELDS = frozenset({"tags", "skills", "sources", "link_urls", "job_ids", "user_ids", "public_job_urls"})
OBJECT_LIST_FIELDS = frozenset({"metadata", "answers", "addresses", "questions", "compensation", "education"})
DOCUMENT_PARENTS: tuple[tuple[str, Kind], ...] = (
    ("candidate_id", "candidate"),
    ("application_id", "application"),
    ("job_id", "job"),
)


@dataclass
class PreparedWrite:
    fields: JsonObject
    ignored: dict[str, str] = field(default_factory=dict)


def prepare_write(
    kind: Kind,
    body: Any,
    op: Operation,
    profile: ProviderProfile,
    store: Store,
) -> PreparedWrite:
    if not isinstance(body, dict):
        raise bad_request("request body must be a JSON object")
    _check_enums(kind, body)
    _check_shapes(body)
    prepared = _split_ignored(kind, body, op, profile)
    if kind == "candidate":
        _check_candidate(prepared.fields, op, profile)
    elif kind == "application":
        _check_application(prepared.fields, op, profile, store)
    elif kind == "document":
        _check_document(prepared, op, profile, store)
    return prepared


def _check_enums(kind: Kind, body: dict[str, Any]) -> None:
    for (enum_kind, name), allowed in ENUM_FIELDS.items():
        value = body.get(name)
        if enum_kind == kind and value is not None and value not in allowed:
            raise bad_request(f"invalid {name} {value!r}; must be one of {', '.join(sorted(allowed))}")


def _check_shapes(body: dict[str, Any]) -> None:
    for name in STRING_LIST_FIELDS & body.keys():
        value = body[name]
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise bad_request(f"{name} must be an array of strings")
    for name in OBJECT_LIST_FIELDS & body.keys():
        value = body[name]
        if value is not None and not (isinstance(value, list) and all(isinstance(v, dict) for v in value)):
            raise bad_request(f"{name} must be an array of objects")
    _check_contact_list(body, "emails", "email", EMAIL_TYPES)
    _check_contact_list(body, "telephones", "telephone", TELEPHONE_TYPES)


def _check_contact_list(body: dict[str, Any], name: str, key: str, types: frozenset[str]) -> None:
    value = body.get(name)
    if value is None:
        return
    if not isinstance(value, list):
        raise bad_request(f"{name} must be an array of objects")
    for i, entry in enumerate(value):
        if not isinstance(entry, dict) or not isinstance(entry.get(key), str) or not entry[key].strip():
            raise bad_request(f"{name}[{i}].{key} is required")
        if entry.get("type") is not None and entry["type"] not in types:
            raise bad_request(f"invalid {name}[{i}].type {entry['type']!r}; must be one of {', '.join(sorted(types))}")


def _split_ignored(kind: Kind, body: dict[str, Any], op: Operation, profile: ProviderProfile) -> PreparedWrite:
    readonly, create_ignored = _profile_field_rules(kind, profile)
    prepared = PreparedWrite(fields={})
    for name, value in body.items():
        if name in SERVER_OWNED_FIELDS:
            prepared.ignored[name] = "read-only"
        elif name not in WRITABLE_FIELDS[kind]:
            prepared.ignored[name] = "unknown field"
        elif name in readonly:
            prepared.ignored[name] = f"not writable in {profile.name}"
        elif op == "create" and name in create_ignored:
            prepared.ignored[name] = f"not writable on create in {profile.name}"
        else:
            prepared.fields[name] = value
    return prepared


def _profile_field_rules(kind: Kind, profile: ProviderProfile) -> tuple[frozenset[str], frozenset[str]]:
    if kind == "candidate":
        return profile.candidate_readonly, profile.candidate_create_ignored
    if kind == "application":
        return profile.application_readonly, profile.application_create_ignored
    return frozenset(), frozenset()


def _check_candidate(fields: JsonObject, op: Operation, profile: ProviderProfile) -> None:
    if op != "create":
        return
    for name in profile.candidate_required:
        if not fields.get(name):
            raise bad_request(f"{profile.name}: {name} is required to create a candidate")
    has_name = bool(fields.get("name")) or bool(fields.get("first_name") and fields.get("last_name"))
    if profile.candidate_requires_name and not has_name:
        raise bad_request(f"{profile.name}: name (or first_name and last_name) is required to create a candidate")


def _check_application(fields: JsonObject, op: Operation, profile: ProviderProfile, store: Store) -> None:
    if op == "create":
        missing = [name for name in profile.application_required if not fields.get(name)]
        if missing:
            raise bad_request(
                f"{profile.name}: {' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} "
                "required to create an application"
            )
    _check_reference(store, fields, "candidate_id", "candidate")
    _check_reference(store, fields, "job_id", "job")


def _check_reference(store: Store, fields: JsonObject, name: str, kind: Kind) -> None:
    value = fields.get(name)
    if value is None:
        return
    if not isinstance(value, str) or not store.exists(kind, value):
        raise bad_request(f"{name} {value!r} does not reference an existing {kind}")


def _check_document(prepared: PreparedWrite, op: Operation, profile: ProviderProfile, store: Store) -> None:
    fields = prepared.fields
    for name, kind in DOCUMENT_PARENTS:
        _check_reference(store, fields, name, kind)
    _check_document_content(prepared, profile)
    if op == "create":
        _check_document_target(prepared, profile)
        for name in profile.document_required:
            if not fields.get(name):
                raise bad_request(f"{profile.name}: {name} is required to upload a document")
        _inherit_application_parents(fields, store)


def _check_document_content(prepared: PreparedWrite, profile: ProviderProfile) -> None:
    fields = prepared.fields
    data, url = fields.get("document_data"), fields.get("document_url")
    if data is not None and not profile.document_base64:
        raise bad_request(f"{profile.name}: document_data (base64) is not accepted; send a document_url")
    if url is not None and not profile.document_url:
        if data is None:
            raise bad_request(f"{profile.name}: document_url is not accepted; send document_data (base64)")
        prepared.ignored["document_url"] = f"not writable in {profile.name}"
        del fields["document_url"]
    if data is None:
        return
    if not isinstance(data, str):
        raise bad_request("document_data must be a base64 string")
    try:
        size = len(decode_base64(data))
    except ValueError:
        raise bad_request("document_data is not valid base64") from None
    if profile.max_document_bytes is not None and size > profile.max_document_bytes:
        raise ApiError(
            413,
            f"{profile.name}: document of {size} bytes exceeds the {profile.max_document_bytes} byte upload limit",
        )


def _check_document_target(prepared: PreparedWrite, profile: ProviderProfile) -> None:
    fields = prepared.fields
    if not (fields.get("document_data") or fields.get("document_url")):
        raise bad_request("document_data or document_url is required to upload a document")
    if profile.document_target == "application" and not fields.get("application_id"):
        raise bad_request(f"{profile.name}: documents attach to applications only; application_id is required")
    if profile.document_target == "candidate":
        if not fields.get("candidate_id"):
            raise bad_request(f"{profile.name}: documents attach to candidates only; candidate_id is required")
        for name in ("application_id", "job_id"):
            if name in fields:
                prepared.ignored[name] = f"{profile.name} attaches documents to candidates only"
                del fields[name]
    if not any(fields.get(name) for name, _ in DOCUMENT_PARENTS):
        raise bad_request("one of candidate_id, application_id or job_id is required to upload a document")


def _inherit_application_parents(fields: JsonObject, store: Store) -> None:
    """A document uploaded to an application also belongs to its candidate and job (as on read)."""
    application_id = fields.get("application_id")
    application = store.get("application", application_id) if isinstance(application_id, str) else None
    if application is None:
        return
    for name in ("candidate_id", "job_id"):
        if not fields.get(name) and application.get(name):
            fields[name] = application[name]
