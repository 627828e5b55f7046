"""What happened to each record, and the sync's running totals."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RecordRef:
    stream: str
    namespace: str | None
    position: int  # 1-based position of the record in the whole input

    def describe(self) -> str:
        name = f"{self.namespace}.{self.stream}" if self.namespace else self.stream
        return f"record #{self.position} of stream {name!r}"


@dataclass
class Rejection:
    step: str  # record, candidate, application, document, stage, tags
    field: str | None
    reason: str

    def describe(self) -> str:
        return f"{self.step}: {self.field + ': ' if self.field else ''}{self.reason}"


@dataclass
class ApplicationOutcome:
    job_id: str
    application_id: str | None = None
    action: str | None = None  # created | existing
    stage: str | None = None
    stage_action: str | None = None  # set | unchanged | kept
    match_score: float | None = None  # when the job was chosen by job matching

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class RecordOutcome:
    ref: RecordRef
    candidate_id: str | None = None
    candidate_action: str | None = None  # created | reused | updated
    applications: list[ApplicationOutcome] = field(default_factory=list)
    document_id: str | None = None
    document_action: str | None = None  # attached | existing
    rejections: list[Rejection] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    # The first application's fields, for the common one-job record.
    @property
    def application_id(self) -> str | None:
        return self.applications[0].application_id if self.applications else None

    @property
    def application_action(self) -> str | None:
        return self.applications[0].action if self.applications else None

    @property
    def job_id(self) -> str | None:
        return self.applications[0].job_id if self.applications else None

    @property
    def stage(self) -> str | None:
        return self.applications[0].stage if self.applications else None

    @property
    def stage_action(self) -> str | None:
        return self.applications[0].stage_action if self.applications else None

    @property
    def rejected(self) -> bool:
        return bool(self.rejections)

    def reject(self, step: str, reason: str, field_name: str | None = None) -> None:
        self.rejections.append(Rejection(step, field_name, reason))

    def as_dict(self) -> dict[str, Any]:
        return {
            "stream": self.ref.stream,
            "namespace": self.ref.namespace,
            "position": self.ref.position,
            "candidate_id": self.candidate_id,
            "candidate_action": self.candidate_action,
            "application_id": self.application_id,
            "application_action": self.application_action,
            "job_id": self.job_id,
            "document_id": self.document_id,
            "document_action": self.document_action,
            "stage": self.stage,
            "stage_action": self.stage_action,
            "applications": [a.as_dict() for a in self.applications],
            "rejections": [r.describe() for r in self.rejections],
            "warnings": self.warnings,
        }


@dataclass
class SyncTotals:
    records_read: int = 0
    records_done: int = 0
    candidates_created: int = 0
    candidates_reused: int = 0
    candidates_updated: int = 0
    applications_created: int = 0
    applications_existing: int = 0
    documents_attached: int = 0
    documents_existing: int = 0
    stages_set: int = 0
    records_rejected: int = 0
    records_partially_written: int = 0
    warnings: int = 0
    records_with_unsearched_emails: int = 0
    rejected_by_reason: Counter[str] = field(default_factory=Counter)

    def add(self, outcome: RecordOutcome) -> None:
        self.records_done += 1
        if outcome.candidate_action == "created":
            self.candidates_created += 1
        elif outcome.candidate_action in ("reused", "updated"):
            self.candidates_reused += 1
            self.candidates_updated += outcome.candidate_action == "updated"
        for application in outcome.applications:
            self.applications_created += application.action == "created"
            self.applications_existing += application.action == "existing"
            self.stages_set += application.stage_action == "set"
        self.documents_attached += outcome.document_action == "attached"
        self.documents_existing += outcome.document_action == "existing"
        self.warnings += len(outcome.warnings)
        if outcome.rejections:
            if outcome.candidate_id:
                self.records_partially_written += 1
            else:
                self.records_rejected += 1
            for rejection in outcome.rejections:
                self.rejected_by_reason[reason_class(rejection)] += 1

    def add_unparsed(self, reason: str) -> None:
        self.records_done += 1
        self.records_rejected += 1
        self.rejected_by_reason[reason] += 1


def reason_class(rejection: Rejection) -> str:
    """A short, countable class of a rejection ("record: email", "application: job not open")."""
    text = rejection.reason
    # The provider's answer first: its own message may say anything ("Candidate 12 does not exist").
    for marker, label in (
        ("the provider answered 4", "provider rejected"),
        ("does not exist", "job unknown"),
        ("applications go only to OPEN", "job not open"),
        ("not in the configured catalog", "stream not in catalog"),
    ):
        if marker in text:
            return f"{rejection.step}: {label}"
    if rejection.field:
        return f"{rejection.step}: {rejection.field.split('[')[0].split('.')[0]}"
    return rejection.step


def provider_said(exc: Exception) -> str:
    """The reason for a provider's 4xx, as a rejection says it."""
    status = getattr(exc, "status", "an error")
    return f"the provider answered {status}: {getattr(exc, 'provider_message', exc)}"
