"""What each ATS integration behind Unified accepts: where documents attach, in which form, which fields
are required or writable on create. The profile decides the shape of every write."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

DocumentTarget = Literal["candidate", "application", "either"]
DocumentForm = Literal["base64", "url"]


@dataclass(frozen=True)
class ProviderProfile:
    name: str
    document_target: DocumentTarget = "candidate"
    document_forms: frozenset[DocumentForm] = frozenset({"base64", "url"})
    # Candidate create fails without these (a provider's "starred" writable fields). "name" means a
    # full name or first + last.
    candidate_required: tuple[str, ...] = ()
    # Fields the provider ignores on create: they are written by an update call right after.
    candidate_update_only: frozenset[str] = field(default_factory=frozenset)
    application_update_only: frozenset[str] = field(default_factory=frozenset)
    candidate_unwritable: frozenset[str] = field(default_factory=frozenset)
    application_unwritable: frozenset[str] = field(default_factory=frozenset)
    known: bool = True


GENERIC = ProviderProfile(name="generic", known=False)


def profile_for(integration_type: str | None) -> ProviderProfile:
    return GENERIC if not integration_type else PROFILES.get(integration_type.lower(), _unknown(integration_type))


def _unknown(integration_type: str) -> ProviderProfile:
    return ProviderProfile(name=integration_type.lower(), known=False)


PROFILES: dict[str, ProviderProfile] = {}
