"""The per-record audit trail: one JSON line per record with its outcome and the ATS ids it touched, so a
data team can join outcomes back to their source. Emails are hashed unless the user asks for clear text."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from destination_unified_ats.outcomes import RecordOutcome
from destination_unified_ats.records import email_key
from destination_unified_ats.sinks import Sink


def outcome_label(outcome: RecordOutcome) -> str:
    if outcome.rejected and not outcome.candidate_id:
        return "rejected"
    if outcome.rejected:
        return "partially_written"
    return "written"


def email_hash(email: str) -> str:
    return "sha256:" + hashlib.sha256(email_key(email).encode()).hexdigest()


class AuditTrail:
    def __init__(self, sink: Sink, *, include_emails: bool, dry_run: bool) -> None:
        self.sink = sink
        self.include_emails = include_emails
        self.dry_run = dry_run

    @property
    def enabled(self) -> bool:
        return self.sink.enabled

    def write(self, outcome: RecordOutcome, emails: Sequence[str], source_key: Any) -> None:
        entry = {
            "dry_run": self.dry_run,
            "outcome": outcome_label(outcome),
            "source_primary_key": source_key,
            **outcome.as_dict(),
        }
        if self.include_emails:
            entry["emails"] = list(emails)
        else:
            entry["email_hashes"] = [email_hash(e) for e in emails]
        self.sink.write(entry)

    def close(self) -> None:
        self.sink.close()
