"""The per-record audit trail: one line per record, with its outcome, ids and reasons, and emails hashed
unless the user asked for them in clear."""

from __future__ import annotations

import hashlib
import json
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest

from destination_unified_ats.audit import AuditTrail, email_hash, outcome_label
from destination_unified_ats.outcomes import ApplicationOutcome, RecordOutcome, RecordRef
from destination_unified_ats.sinks import JsonlSink, NullSink


class RecordingSink:
    """A sink that keeps what it is given, to read the audit lines back without a file."""

    enabled = True

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self.closed = 0

    def write(self, item: dict[str, Any]) -> None:
        self.items.append(item)

    def seal(self) -> list[Future[None]]:
        return []

    def close(self) -> None:
        self.closed += 1


def _outcome(position: int = 3, *, candidate_id: str | None = "cand_1") -> RecordOutcome:
    outcome = RecordOutcome(RecordRef("applicants", "hr", position), candidate_id=candidate_id)
    if candidate_id:
        outcome.candidate_action = "created"
    return outcome


def test_outcome_label_tells_written_partial_and_rejected_apart() -> None:
    written = _outcome()
    written.warnings.append("phone number dropped: not E.164")
    assert outcome_label(written) == "written"  # a warning is not a rejection

    partial = _outcome()
    partial.reject("application", "job not found", "job_id")
    assert outcome_label(partial) == "partially_written"

    rejected = _outcome(candidate_id=None)
    rejected.reject("record", "no email", "email")
    assert outcome_label(rejected) == "rejected"


def test_email_hash_is_the_sha256_of_the_identity_key() -> None:
    expected = "sha256:" + hashlib.sha256(b"ada.lovelace@example.com").hexdigest()
    assert email_hash("ada.lovelace@example.com") == expected
    # The same person whatever the spelling: the hash is of the key the sync de-duplicates on.
    assert email_hash("  Ada.Lovelace@EXAMPLE.com ") == expected
    assert email_hash("Ada Lovelace <ada.lovelace@example.com>") == expected
    assert email_hash("grace.hopper@example.com") != expected
    assert email_hash("ada.lovelace@example.org") != expected


def test_a_line_carries_outcome_ids_reasons_and_hashed_emails() -> None:
    sink = RecordingSink()
    trail = AuditTrail(sink, include_emails=False, dry_run=False)
    outcome = _outcome(position=7)
    outcome.applications.append(ApplicationOutcome("job_9", "app_4", "created", "REVIEWING", "set"))
    outcome.applications.append(ApplicationOutcome("job_10", None, None))
    outcome.reject("application", "the ATS refused it (HTTP 422)", "job_id")
    outcome.warnings.append("resume skipped: empty file")

    trail.write(outcome, ["Ada@Example.com", "ada.l@example.org"], {"id": 41})

    [line] = sink.items
    assert line["outcome"] == "partially_written"
    assert line["dry_run"] is False
    assert line["source_primary_key"] == {"id": 41}
    assert (line["stream"], line["namespace"], line["position"]) == ("applicants", "hr", 7)
    assert (line["candidate_id"], line["candidate_action"]) == ("cand_1", "created")
    assert (line["job_id"], line["application_id"], line["stage_action"]) == ("job_9", "app_4", "set")
    assert [a["job_id"] for a in line["applications"]] == ["job_9", "job_10"]
    assert line["rejections"] == ["application: job_id: the ATS refused it (HTTP 422)"]
    assert line["warnings"] == ["resume skipped: empty file"]
    assert line["email_hashes"] == [email_hash("ada@example.com"), email_hash("ada.l@example.org")]
    assert "emails" not in line
    text = json.dumps(line).lower()
    assert "ada@example.com" not in text and "ada.l@example.org" not in text


def test_emails_in_clear_only_when_asked_and_as_given() -> None:
    sink = RecordingSink()
    AuditTrail(sink, include_emails=True, dry_run=True).write(_outcome(), [" Ada@Example.com"], None)
    [line] = sink.items
    assert line["emails"] == [" Ada@Example.com"]
    assert "email_hashes" not in line
    assert line["dry_run"] is True
    assert line["source_primary_key"] is None


def test_a_rejected_record_without_emails_still_gets_its_line() -> None:
    sink = RecordingSink()
    outcome = _outcome(candidate_id=None)
    outcome.reject("record", "no usable email", "email")
    AuditTrail(sink, include_emails=False, dry_run=False).write(outcome, [], ["pk", 1])
    [line] = sink.items
    assert line["outcome"] == "rejected"
    assert line["email_hashes"] == []
    assert line["candidate_id"] is None and line["applications"] == []
    assert line["rejections"] == ["record: email: no usable email"]


def test_enabled_and_close_go_to_the_sink(tmp_path: Path) -> None:
    assert AuditTrail(NullSink(), include_emails=False, dry_run=False).enabled is False
    assert AuditTrail(JsonlSink(None), include_emails=False, dry_run=False).enabled is False
    assert AuditTrail(JsonlSink(tmp_path / "audit.jsonl"), include_emails=False, dry_run=False).enabled is True
    sink = RecordingSink()
    AuditTrail(sink, include_emails=False, dry_run=False).close()
    assert sink.closed == 1


def test_lines_through_a_jsonl_sink_are_one_json_object_per_record(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "audit.jsonl"
    trail = AuditTrail(JsonlSink(path), include_emails=False, dry_run=False)
    first = _outcome(position=1)
    second = _outcome(position=2, candidate_id=None)
    second.reject("record", "email is not an address", "email")
    trail.write(first, ["first@example.com"], 101)
    trail.write(second, ["not-an-address"], 102)
    trail.close()

    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert [(entry["position"], entry["outcome"], entry["source_primary_key"]) for entry in lines] == [
        (1, "written", 101),
        (2, "rejected", 102),
    ]
    assert lines[1]["email_hashes"] == [email_hash("not-an-address")]
    assert "first@example.com" not in path.read_text()


@pytest.mark.parametrize("include_emails", [False, True])
def test_the_outcome_fields_are_never_shadowed(include_emails: bool) -> None:
    """The audit's own keys and the outcome's keys do not collide: every outcome field reaches the line."""
    sink = RecordingSink()
    outcome = _outcome()
    outcome.document_id, outcome.document_action = "doc_2", "attached"
    AuditTrail(sink, include_emails=include_emails, dry_run=False).write(outcome, ["a@example.com"], 1)
    [line] = sink.items
    assert {k: line[k] for k in outcome.as_dict()} == outcome.as_dict()
