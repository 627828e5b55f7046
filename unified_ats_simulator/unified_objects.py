"""Unified platform objects: the Connection (`/unified/connection`) and the Integration with its per-object
`support` (`/unified/integration`), derived from the connection settings and the provider profiles."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from unified_ats_simulator.profiles import PROFILES, ProviderProfile, check_profile_name
from unified_ats_simulator.timeutil import to_iso
from unified_ats_simulator.vocab import (
    ALL_ATS_PERMISSIONS,
    ALL_KINDS,
    WRITABLE_FIELDS,
    WRITABLE_KINDS,
    Kind,
)

DEFAULT_TOKEN = "sim-token"
DEFAULT_CONNECTION_ID = "conn_sim"
WORKSPACE_ID = "ws_sim"


@dataclass(frozen=True)
class ConnectionSettings:
    connection_id: str = DEFAULT_CONNECTION_ID
    token: str = DEFAULT_TOKEN
    integration_type: str = "generic"  # selects the provider profile
    categories: tuple[str, ...] = ("ats",)
    permissions: tuple[str, ...] = ALL_ATS_PERMISSIONS
    is_paused: bool = False

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["token"] = "***"
        return data

    def with_changes(self, changes: Mapping[str, Any]) -> ConnectionSettings:
        values: dict[str, Any] = {}
        for name, value in changes.items():
            if name in ("connection_id", "token") and not (isinstance(value, str) and value):
                raise ValueError(f"{name} must be a non-empty string")
            if name in ("categories", "permissions"):
                if isinstance(value, str) or not all(isinstance(v, str) for v in value):
                    raise ValueError(f"{name} must be a list of strings")
                value = tuple(value)
            if name == "is_paused" and not isinstance(value, bool):
                raise ValueError("is_paused must be a boolean")
            if name == "integration_type":
                check_profile_name(value)
            values[name] = value
        return dataclasses.replace(self, **values)


CONNECTION_FIELDS = frozenset(f.name for f in dataclasses.fields(ConnectionSettings))


def connection_json(settings: ConnectionSettings, started_at: float, now: float) -> dict[str, Any]:
    profile = PROFILES.get(settings.integration_type)
    return {
        "id": settings.connection_id,
        "integration_type": settings.integration_type,
        "integration_name": profile.display_name if profile else settings.integration_type,
        "categories": list(settings.categories),
        "permissions": list(settings.permissions),
        "is_paused": settings.is_paused,
        "environment": "Production",
        "workspace_id": WORKSPACE_ID,
        "external_xref": "sim-customer-1",
        "created_at": to_iso(started_at - 86_400),
        "updated_at": to_iso(started_at),
        "last_healthy_at": to_iso(now),
        "auth": {
            "access_token": f"sim-access-{settings.integration_type}-7f3a9c2e",
            "refresh_token": "sim-refresh-0b1d44aa",
            "expiry_date": to_iso(now + 3600),
            "emails": ["recruiting-admin@example.com"],
            "name": "Sim Recruiting Admin",
        },
    }


def integration_json(profile: ProviderProfile, summary: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "type": profile.name,
        "name": profile.display_name,
        "categories": ["ats"],
        "is_active": True,
        "api_docs_url": f"https://docs.unified.to/integrations/{profile.name}",
        "rate_limit_description": profile.rate_limit_description,
        "token_names": ["API Key"],
    }
    if not summary:
        data["support"] = {f"ats_{kind}": _support(profile, kind) for kind in ALL_KINDS}
    return data


_SUPPORTED = "supported"
_REQUIRED = "supported-required"
_METHODS = ("list", "get", "create", "update", "remove")
_LIST_OPTIONS: dict[Kind, tuple[str, ...]] = {
    "candidate": ("list_job_id", "list_company_id", "list_query"),
    "application": ("list_candidate_id", "list_job_id", "list_status"),
    "document": ("list_candidate_id", "list_application_id", "list_job_id", "list_type"),
    "job": ("list_status", "list_company_id", "list_user_id", "list_query"),
    "applicationstatus": (),
}


def _support(profile: ProviderProfile, kind: Kind) -> dict[str, Any]:
    support: dict[str, Any] = {
        "raw_objects": [],
        "methods": {m: _method_supported(profile, kind, m) for m in _METHODS},
        "inbound_fields": dict.fromkeys(("id", "created_at", "updated_at"), _SUPPORTED),
        "outbound_fields": _outbound_fields(profile, kind),
        "slow_fields": [f.split(".", 1)[1] for f in profile.slow_fields if f.startswith(f"{kind}.")],
        "list_limit": _SUPPORTED,
        "list_offset": _SUPPORTED,
        "list_updated_gte": _SUPPORTED,
        "list_sort_by_name": _SUPPORTED,
        "list_sort_by_created_at": _SUPPORTED,
        "list_sort_by_updated_at": _SUPPORTED,
    }
    for option in _LIST_OPTIONS[kind]:
        support[option] = _SUPPORTED
    if kind == "candidate":
        support["search_email"] = _SUPPORTED
        support["search_name"] = _SUPPORTED
    return support


def _method_supported(profile: ProviderProfile, kind: Kind, method: str) -> bool:
    if kind not in WRITABLE_KINDS and method not in ("list", "get"):
        return False
    return profile.supports(kind, method)


def _outbound_fields(profile: ProviderProfile, kind: Kind) -> dict[str, str]:
    writable = set(WRITABLE_FIELDS[kind])
    required: set[str] = set()
    if kind == "candidate":
        writable -= profile.candidate_readonly
        required |= set(profile.candidate_required) | ({"name"} if profile.candidate_requires_name else set())
    elif kind == "application":
        writable -= profile.application_readonly
        required |= set(profile.application_required)
    elif kind == "document":
        if not profile.document_base64:
            writable.discard("document_data")
        if not profile.document_url and profile.document_url_documented:
            writable.discard("document_url")
        if profile.document_target == "candidate":
            writable -= {"application_id", "job_id"}
        required |= set(profile.document_required)
    return {name: _REQUIRED if name in required else _SUPPORTED for name in sorted(writable)}
