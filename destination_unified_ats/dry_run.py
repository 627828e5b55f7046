"""Dry run: every read goes to the ATS, no write does. Creates and updates are answered locally with the
object that would have been written (ids `dry-run-<kind>-<n>`), so the rest of the workflow, and the
per-record report, unfold exactly as a real run would."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

from destination_unified_ats.models import AtsApplication, AtsCandidate, AtsDocument
from destination_unified_ats.unified_client import UnifiedClient

DRY_RUN_PREFIX = "dry-run-"


class DryRunClient(UnifiedClient):
    _ids = itertools.count(1)

    def _fake_id(self, kind: str) -> str:
        return f"{DRY_RUN_PREFIX}{kind}-{next(self._ids)}"

    async def create_candidate(self, candidate: Mapping[str, Any]) -> AtsCandidate:
        self.metrics.record("POST (dry run)", "candidate")
        return AtsCandidate.model_validate({**candidate, "id": self._fake_id("candidate")})

    async def update_candidate(self, candidate_id: str, changes: Mapping[str, Any]) -> AtsCandidate:
        self.metrics.record("PUT (dry run)", "candidate")
        return AtsCandidate.model_validate({**changes, "id": candidate_id})

    async def create_application(self, application: Mapping[str, Any]) -> AtsApplication:
        self.metrics.record("POST (dry run)", "application")
        return AtsApplication.model_validate({**application, "id": self._fake_id("application")})

    async def update_application(self, application_id: str, changes: Mapping[str, Any]) -> AtsApplication:
        self.metrics.record("PUT (dry run)", "application")
        return AtsApplication.model_validate({**changes, "id": application_id})

    async def create_document(self, document: Mapping[str, Any]) -> AtsDocument:
        self.metrics.record("POST (dry run)", "document")
        fields = {k: v for k, v in document.items() if k != "document_data"}
        return AtsDocument.model_validate({**fields, "id": self._fake_id("document")})

    async def get_candidate(self, candidate_id: str) -> AtsCandidate:
        if candidate_id.startswith(DRY_RUN_PREFIX):
            return AtsCandidate(id=candidate_id)
        return await super().get_candidate(candidate_id)

    async def list_applications(self, candidate_id: str, job_id: str | None = None) -> list[AtsApplication]:
        if candidate_id.startswith(DRY_RUN_PREFIX):
            return []
        return await super().list_applications(candidate_id, job_id)

    async def list_documents(
        self, *, candidate_id: str | None = None, application_id: str | None = None
    ) -> list[AtsDocument]:
        if any(i and i.startswith(DRY_RUN_PREFIX) for i in (candidate_id, application_id)):
            return []
        return await super().list_documents(candidate_id=candidate_id, application_id=application_id)
