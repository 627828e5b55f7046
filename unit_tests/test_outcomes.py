"""Per-record outcomes, the sync's running totals and the countable classes of rejections."""

from __future__ import annotations

import pytest

from destination_unified_ats.outcomes import (
    ApplicationOutcome,
    RecordOutcome,
    RecordRef,
    Rejection,
    SyncTotals,
    provider_said,
    reason_class,
)


class ProviderError(Exception):
    """What provider_said reads from an API error: its status and the provider's own message."""

    def __init__(self, status: int, provider_message: str) -> None:
        super().__init__(f"POST /ats/c/document answered {status}: {provider_message}")
        self.status = status
        self.provider_message = provider_message


def outcome(position: int = 1, **fields: object) -> RecordOutcome:
    return RecordOutcome(RecordRef("people", None, position), **fields)  # type: ignore[arg-type]


def test_record_ref_names_position_stream_and_namespace() -> None:
    assert RecordRef("people", None, 7).describe() == "record #7 of stream 'people'"
    assert RecordRef("people", "crm", 7).describe() == "record #7 of stream 'crm.people'"


def test_rejection_describes_step_field_and_reason() -> None:
    assert Rejection("record", "email", "no valid email").describe() == "record: email: no valid email"
    assert Rejection("document", None, "too big").describe() == "document: too big"


def test_a_record_without_applications_has_no_application_fields() -> None:
    o = outcome()
    assert (o.application_id, o.application_action, o.job_id, o.stage, o.stage_action) == (None,) * 5
    assert not o.rejected


def test_the_first_application_stands_for_the_record() -> None:
    o = outcome(
        applications=[
            ApplicationOutcome("j1", "a1", "created", "SCREENING", "set"),
            ApplicationOutcome("j2", "a2", "existing"),
        ]
    )
    assert (o.job_id, o.application_id, o.application_action, o.stage, o.stage_action) == (
        "j1",
        "a1",
        "created",
        "SCREENING",
        "set",
    )


def test_as_dict_is_the_report_line() -> None:
    o = outcome(position=3, candidate_id="c1", candidate_action="created", document_id="d1", document_action="attached")
    o.applications.append(ApplicationOutcome("j1", "a1", "created", match_score=0.81))
    o.reject("stage", "the provider answered 422: locked", "application_status")
    o.warnings.append("resume_filename ignored")
    assert o.as_dict() == {
        "stream": "people",
        "namespace": None,
        "position": 3,
        "candidate_id": "c1",
        "candidate_action": "created",
        "application_id": "a1",
        "application_action": "created",
        "job_id": "j1",
        "document_id": "d1",
        "document_action": "attached",
        "stage": None,
        "stage_action": None,
        "applications": [{"job_id": "j1", "application_id": "a1", "action": "created", "match_score": 0.81}],
        "rejections": ["stage: application_status: the provider answered 422: locked"],
        "warnings": ["resume_filename ignored"],
    }
    assert o.rejected


def test_totals_count_every_kind_of_outcome() -> None:
    totals = SyncTotals()
    created = outcome(1, candidate_id="c1", candidate_action="created", document_action="attached")
    created.applications += [
        ApplicationOutcome("j1", "a1", "created", "SCREENING", "set"),
        ApplicationOutcome("j2", "a2", "existing", "NEW", "kept"),
        ApplicationOutcome("j3", "a3", "created", "NEW", "unchanged"),
    ]
    created.warnings += ["w1", "w2"]
    reused = outcome(2, candidate_id="c2", candidate_action="reused", document_action="existing")
    updated = outcome(3, candidate_id="c3", candidate_action="updated")
    partly = outcome(4, candidate_id="c4", candidate_action="created")
    partly.reject("application", "job_id 'x' does not exist in the ATS", "job_id")
    partly.reject("document", "the provider answered 413: too large")
    rejected = outcome(5)
    rejected.reject("record", "no valid email address: 'x'", "emails[0].email")
    for o in (created, reused, updated, partly, rejected):
        totals.add(o)
    totals.add_unparsed("input: line is not an Airbyte message")
    assert (totals.records_done, totals.records_read) == (6, 0)  # records_read is counted by the reader
    assert (totals.candidates_created, totals.candidates_reused, totals.candidates_updated) == (2, 2, 1)
    assert (totals.applications_created, totals.applications_existing, totals.stages_set) == (2, 1, 1)
    assert (totals.documents_attached, totals.documents_existing) == (1, 1)
    assert (totals.records_rejected, totals.records_partially_written, totals.warnings) == (2, 1, 2)
    assert totals.rejected_by_reason == {
        "application: job unknown": 1,
        "document: provider rejected": 1,
        "record: emails": 1,
        "input: line is not an Airbyte message": 1,
    }


@pytest.mark.parametrize(
    ("rejection", "label"),
    [
        (Rejection("application", "job_id", "job_id 'x' does not exist in the ATS"), "application: job unknown"),
        (
            Rejection("application", "job_id", "job 'a' is CLOSED; applications go only to OPEN jobs"),
            "application: job not open",
        ),
        (Rejection("candidate", None, "the provider answered 409: conflict"), "candidate: provider rejected"),
        (Rejection("record", None, "its stream is not in the configured catalog"), "record: stream not in catalog"),
        (Rejection("record", "emails[2].email", "not an email"), "record: emails"),
        (Rejection("record", "resume.filename", "bad name"), "record: resume"),
        (Rejection("tags", None, "too many"), "tags"),
        (Rejection("document", None, "the server answered HTTP 404, not 200 with a file"), "document"),
    ],
)
def test_reason_classes(rejection: Rejection, label: str) -> None:
    assert reason_class(rejection) == label


def test_provider_said_quotes_status_and_provider_message() -> None:
    assert provider_said(ProviderError(422, "email is invalid")) == "the provider answered 422: email is invalid"
    assert provider_said(ValueError("boom")) == "the provider answered an error: boom"


def test_a_provider_message_does_not_make_a_rejection_a_job_reason() -> None:
    said = provider_said(ProviderError(404, "Candidate 123 does not exist"))
    assert reason_class(Rejection("document", None, said)) == "document: provider rejected"
    job_said = f"job j1: {provider_said(ProviderError(422, 'job j1 does not exist or is closed'))}"
    assert reason_class(Rejection("application", "job_id", job_said)) == "application: provider rejected"
