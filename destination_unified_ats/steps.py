"""What every step of the workflow shares: what it writes with (`StepContext`) and its one way to fail.

A step fails a record one way: it raises `StepFailed`; the code owning the step's scope records it.

A provider's 4xx (`BadRequestError`, `NotFoundError`) for this record only becomes a `StepFailed` in one
place, `provider_refusals`. Auth errors and a spent retry budget are not a record's failure: they pass
through and end the sync.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from destination_unified_ats.errors import BadRequestError, NotFoundError
from destination_unified_ats.identity import CandidateDirectory
from destination_unified_ats.mapping import WriteDefaults
from destination_unified_ats.outcomes import RecordOutcome, provider_said
from destination_unified_ats.providers import ProviderProfile
from destination_unified_ats.unified_client import UnifiedClient


@dataclass(frozen=True)
class StepContext:
    """The client, the sync's view of the ATS's candidates, the provider's profile and the config's defaults."""

    client: UnifiedClient
    directory: CandidateDirectory
    profile: ProviderProfile
    defaults: WriteDefaults


class StepFailed(Exception):
    """A step refused for this record only: which step, why, and the record's field when one is to blame."""

    def __init__(self, step: str, reason: str, field: str | None = None) -> None:
        self.step = step
        self.reason = reason
        self.field = field
        super().__init__(f"{step}: {field + ': ' if field else ''}{reason}")

    def record_on(self, outcome: RecordOutcome) -> None:
        outcome.reject(self.step, self.reason, self.field)


@contextmanager
def provider_refusals(step: str, about: str = "") -> Iterator[None]:
    """Turns the provider refusing a request (4xx) into this step's failure; ``about`` prefixes the reason."""
    try:
        yield
    except (BadRequestError, NotFoundError) as exc:
        raise StepFailed(step, f"{about}{provider_said(exc)}") from None


__all__ = ["StepContext", "StepFailed", "provider_refusals"]
