"""The intake stage: raw record data of one stream in, a SourcedCandidate or a Rejection out."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from destination_unified_ats.field_mapping import FieldMapper, FieldMapping
from destination_unified_ats.intake import (
    CUT,
    MAX_DEPTH,
    Intake,
    IntakeSettings,
    Rejection,
    StreamIntake,
    StreamSettings,
    cut_deep,
    too_deep,
)
from destination_unified_ats.operations import stream_operation
from destination_unified_ats.records import SourcedCandidate


def nested(depth: int, leaf: Any = "x") -> Any:
    value = leaf
    for _ in range(depth):
        value = {"n": value}
    return value


def intake(
    object_name: str | None = None,
    mode: str = "append_dedup",
    primary_key: list[list[str]] | None = None,
    mapper: FieldMapper | None = None,
    **settings: Any,
) -> StreamIntake:
    operation = stream_operation(object_name, mode, primary_key)
    return StreamIntake(StreamSettings(primary_key, operation), mapper, IntakeSettings(**settings))


def accepted(result: SourcedCandidate | Rejection) -> SourcedCandidate:
    assert isinstance(result, SourcedCandidate), result
    return result


def rejected(result: SourcedCandidate | Rejection) -> Rejection:
    assert isinstance(result, Rejection), result
    return result


def test_a_plain_record_becomes_a_candidate() -> None:
    record = accepted(intake().read({"email": "a@x.io", "name": "Ann Lee"}))
    assert (record.emails, record.first_name, record.last_name) == (["a@x.io"], "Ann", "Lee")


def test_matching_keys_are_read_before_mapping_and_name_any_source_field() -> None:
    stream = intake("application", primary_key=[["person", "mail"], ["req"]], mapper=FieldMapper([], True))
    record = accepted(stream.read({"person": {"mail": "b@x.io"}, "req": 7, "First Name": "Bo"}))
    assert (record.emails, record.job_id, record.first_name) == (["b@x.io"], "7", "Bo")
    assert stream.source_key({"person": {"mail": "b@x.io"}, "req": 7}) == ["b@x.io", 7]


def test_an_operation_names_what_it_lacks() -> None:
    missing_job = rejected(intake("application", primary_key=[["email"]]).read({"email": "c@x.io", "name": "C"}))
    assert missing_job.field == "job_id" and "needs a job_id" in missing_job.reason
    missing_file = rejected(intake("document", mode="append").read({"email": "c@x.io"}))
    assert missing_file.field == "resume" and "resume_base64 or resume_url" in missing_file.reason


def test_explicit_mappings_fill_contract_fields() -> None:
    mapper = FieldMapper([FieldMapping(source_path="contact.emails[0].value", record_field="email")], False)
    record = accepted(intake(mapper=mapper).read({"contact": {"emails": [{"value": "d@x.io"}]}, "name": "D"}))
    assert record.emails == ["d@x.io"]


@pytest.mark.parametrize("depth", [MAX_DEPTH, MAX_DEPTH + 1, 255, 1023])
def test_depth_is_bounded_and_a_deep_record_is_rejected_with_a_writable_copy(depth: int) -> None:
    data = {"email": "e@x.io", "name": "E", "metadata": nested(depth - 1)}  # the record itself is level 1
    result = intake().read(data)
    if depth <= MAX_DEPTH:
        # Not rejected for depth (a nested metadata value has its own reason).
        assert isinstance(result, Rejection) and "nested more than" not in result.reason
        return
    rejection = rejected(result)
    assert rejection.field == "metadata"
    assert f"nested more than {MAX_DEPTH} levels deep" in rejection.reason
    # What the rejected-records file receives can be serialised (orjson refuses > 255 levels).
    line = orjson.dumps({"record": rejection.data})
    assert CUT.encode() in line and len(line) < 2_000


def test_depth_counts_lists_and_names_the_top_level_field() -> None:
    data = {"email": "f@x.io", "tags": [[[["deep"]]]]}
    assert too_deep(data, 5) is None
    assert too_deep(data, 4) == "tags"
    assert too_deep([nested(3)], 3) == "record"
    assert too_deep("scalar", 1) is None


def test_cut_deep_keeps_shallow_values_intact() -> None:
    data = {"a": [1, {"b": "c"}], "d": nested(5)}
    assert cut_deep(data, 10) == data
    assert cut_deep(data, 2) == {"a": [1, CUT], "d": {"n": CUT}}


def test_nameless_records_may_not_create_unless_allowed_or_updating() -> None:
    nameless = {"email": "g@x.io", "first_name": "\u200b", "last_name": " - "}
    record = accepted(intake().read(nameless))
    assert record.nameless and record.nameless_reason() is not None
    assert accepted(intake(allow_nameless_candidates=True).read(nameless)).nameless_reason() is None
    # The update operation never creates a candidate: a name is not needed to update one.
    assert accepted(intake("candidate", mode="update").read(nameless)).nameless_reason() is None
    named = accepted(intake().read({**nameless, "name": "Gil"}))
    assert named.nameless_reason() is None and named.first_name == "Gil"


def test_extra_addresses_are_kept_but_only_the_first_ones_searched() -> None:
    emails = [f"h{i}@x.io" for i in range(50)]
    record = accepted(intake(max_searched_emails=3).read({"emails": emails, "name": "H"}))
    assert record.emails == emails
    assert record.searched_email_keys == ["h0@x.io", "h1@x.io", "h2@x.io"]
    assert record.unsearched_emails == 47
    assert any("50 email addresses" in w for w in record.warnings)
    few = accepted(intake(max_searched_emails=3).read({"emails": emails[:3], "name": "H"}))
    assert few.unsearched_emails == 0 and not few.warnings


def test_stream_lookup_falls_back_to_the_bare_name_and_refuses_unknown_streams() -> None:
    settings = StreamSettings([["email"]], stream_operation(None, "append", None))
    streams = Intake({(None, "people"): settings}, None, IntakeSettings())
    assert streams.stream("crm", "people") is streams.stream(None, "people") is not None
    assert streams.stream(None, "other") is None
    assert Intake(None, None, IntakeSettings()).stream("any", "thing") is not None


def test_a_record_that_is_not_an_object_is_rejected() -> None:
    rejection = rejected(intake().read(["a", "list"]))
    assert (rejection.field, rejection.reason) == ("record", "expected a JSON object, got array")
