"""The bad-input catalogue: each kind gets a specific reason naming the record and field, is counted, and
never stops or loses the good records around it. One sync carries every kind, each between two good
records; each test then checks its own kind."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pytest

from integration_tests.conftest import connector_config
from integration_tests.harness import RunResult, catalog, record, run_connector, stream_state
from unified_ats_simulator import ScriptedFault, SimulatorServer

OPEN_JOB, CLOSED_JOB = "job_backend_sr", "job_eng_manager"
TOKEN = "bad-input-secret-token-9d8c7b"


def _nested(depth: int) -> Any:
    value: Any = "bottom"
    for _ in range(depth):
        value = {"n": value}
    return value


NESTED_300 = _nested(300)
# Raw lines that are records of the stream all the same (they get a position).
RAW_RECORDS = {"unparseably_deep_record"}
# Raw lines (not records): the fragment is looked for in the log lines.
LINE_KINDS = {
    "non_json_line",
    "line_not_an_object",
    "message_without_type",
    "unparseably_deep_line",
    "unknown_message_type",
}

# (kind, record data (or a raw stdin line / a whole message), expected fragment of the rejection line; None = accepted)
CATALOGUE: list[tuple[str, Any, str | None]] = [
    (
        "missing_email",
        {"name": "No Mail"},
        "record: email: no email address to identify the candidate: no field named like an email",
    ),
    (
        "null_email",
        {"email": None, "name": "Null Mail"},
        "record: email: no email address to identify the candidate: 'email' is null",
    ),
    ("malformed_email", {"email": "jane.doe@", "name": "Jane"}, "record: email: no valid email address: 'jane.doe@'"),
    ("email_wrong_type", {"email": 42}, "record: email: no valid email address: number value"),
    (
        "emails_wrong_type",
        {"emails": {"email": "x@y.io"}},
        "record: emails: expected an array of strings or of {email, type}, got object",
    ),
    ("padded_email", {"email": "  Padded.Person@Example.COM\t", "name": "Padded Person"}, None),
    ("international_email", {"email": "José.Müller@Bücher.de", "name": "José Müller"}, None),
    (
        "all_fields_null",
        {
            "email": "nulls@x.io",
            "first_name": None,
            "last_name": None,
            "name": None,
            "title": None,
            "company_name": None,
            "summary": None,
            "phone": None,
            "telephones": None,
            "link_urls": None,
            "skills": None,
            "years_experience": None,
            "degree": None,
            "location": None,
            "remote": None,
            "job_id": None,
            "application_status": None,
            "tags": None,
            "metadata": None,
            "resume_base64": None,
            "resume_url": None,
            "match_score": None,
            "match_explanation": None,
        },
        "record: name: no candidate with this email is in the ATS and the record has no name",
    ),
    (
        "name_wrong_type",
        {"email": "t1@x.io", "first_name": {"given": "A"}},
        "record: first_name: expected a string, got object",
    ),
    (
        "skills_wrong_type",
        {"email": "t2@x.io", "skills": {"python": True}},
        "record: skills: expected an array of strings, got object",
    ),
    (
        "years_not_a_number",
        {"email": "t3@x.io", "years_experience": "about ten"},
        "record: years_experience: 'about ten' is not a number",
    ),
    (
        "remote_not_boolean",
        {"email": "t4@x.io", "remote": "sometimes"},
        "record: remote: expected true or false, got 'sometimes'",
    ),
    (
        "tags_with_object",
        {"email": "t5@x.io", "tags": ["ok", {"bad": 1}]},
        "record: tags[1]: expected a string, got object",
    ),
    (
        "telephones_wrong_type",
        {"email": "t6@x.io", "telephones": [{"telephone": ["555"]}]},
        "record: telephones[0]: expected a phone number string, got array",
    ),
    ("match_score_out_of_range", {"email": "t7@x.io", "match_score": 87}, "record: match_score: 87 is outside 0..1"),
    ("huge_title", {"email": "h1@x.io", "title": "T" * 10_000}, "record: title: 10,000 characters, over the 512 limit"),
    (
        "huge_summary",
        {"email": "h2@x.io", "summary": "S" * 70_000},
        "record: summary: 70,000 characters, over the 65,536 limit",
    ),
    ("invalid_base64", {"email": "b1@x.io", "resume_base64": "not*base64!"}, "record: resume_base64: not valid base64"),
    (
        "oversize_resume",
        {"email": "b2@x.io", "resume_base64": base64.b64encode(b"%PDF" + b"0" * 40_000).decode()},
        "record: resume_base64: about 40,00",
    ),
    (
        "resume_url_not_http",
        {"email": "b3@x.io", "resume_url": "file:///etc/passwd"},
        "record: resume_url: 'file:///etc/passwd' is not an http(s) URL",
    ),
    (
        "unknown_job",
        {"email": "j1@x.io", "name": "J One", "job_id": "job_nope"},
        "application: job_id: job_id 'job_nope' does not exist in the ATS",
    ),
    (
        "closed_job",
        {"email": "j2@x.io", "name": "J Two", "job_id": CLOSED_JOB},
        "application: job_id: job 'Engineering Manager, Integrations' (job_eng_manager) is CLOSED",
    ),
    (
        "invalid_status",
        {"email": "s1@x.io", "job_id": OPEN_JOB, "application_status": "PHONE_SCREEN"},
        "record: application_status: 'PHONE_SCREEN' is not a status",
    ),
    (
        "deeply_nested_metadata",
        {"email": "m1@x.io", "metadata": {"a": {"b": {"c": {"d": [1, {"e": 2}]}}}}},
        "record: metadata.a: nested object values are not supported",
    ),
    ("record_not_an_object", ["a", "list"], "record: record: expected a JSON object, got array"),
    ("non_json_line", "{this is not json", "is not JSON"),
    ("line_not_an_object", "[1, 2, 3]", "is not an Airbyte message object (a JSON list)"),
    ("message_without_type", '{"record": {"stream": "people", "data": {}}}', "is an object without a message type"),
    (
        "unparseably_deep_line",
        '{"type": "RECORD", "record": {"data": ' + "[" * 2000 + "]" * 2000 + "}}",
        "nested too deeply to be read as JSON (over 1,024 levels); it was skipped",
    ),
    (
        "unparseably_deep_record",
        '{"type": "RECORD", "record": {"stream": "people", "data": {"email": "z@x.io", "x": '
        + "[" * 1500
        + "]" * 1500
        + "}}}",
        "is nested too deeply to be read as JSON (over 1,024 levels); records are refused beyond 64 levels",
    ),
    ("unknown_message_type", '{"type": "SURPRISE", "surprise": {}}', "message type 'SURPRISE' is not an Airbyte"),
    (
        "nameless_blank",
        {"email": "n1@x.io", "first_name": "  ", "last_name": "", "name": "\t"},
        "record: name: no candidate with this email is in the ATS and the record has no name",
    ),
    (
        "nameless_invisible",
        {"email": "n2@x.io", "first_name": "\u200b\u2060", "last_name": "\ufeff\u00a0"},
        "record: name: no candidate with this email is in the ATS and the record has no name",
    ),
    (
        "nameless_placeholder",
        {"email": "n3@x.io", "first_name": "-", "last_name": "N/A", "name": "..."},
        "record: name: no candidate with this email is in the ATS and the record has no name",
    ),
    (
        "deep_nesting_300",
        {"email": "d1@x.io", "name": "Deep", "metadata": NESTED_300},
        "record: metadata: nested more than 64",
    ),
    (
        "deep_nesting_in_extra_field",
        {"email": "d2@x.io", "name": "Deep", "extra": [NESTED_300]},
        "record: extra: nested more than 64 levels deep",
    ),
    ("job_id_with_space", {"email": "i1@x.io", "name": "I", "job_id": "job 1"}, "record: job_id: 'job 1' is not an id"),
    (
        "metadata_key_unusable",
        {"email": "k1@x.io", "name": "K", "metadata": {"!!!": "x"}},
        "record: metadata: key '!!!' has no usable characters for a slug",
    ),
    (
        "phone_too_long",
        {"email": "p1@x.io", "name": "P", "telephones": ["1" * 100]},
        "record: telephones[0]: longer than 64 characters",
    ),
    (
        "too_many_skills",
        {"email": "s2@x.io", "name": "S", "skills": [f"skill{i}" for i in range(201)]},
        "record: skills: 201 items, over the 200 limit",
    ),
    (
        "years_out_of_range",
        {"email": "y1@x.io", "name": "Y", "years_experience": 200},
        "record: years_experience: 200 is outside 0..80",
    ),
    (
        "record_without_data",
        {"type": "RECORD", "record": {"stream": "people", "emitted_at": 0}},
        "record: record: expected a JSON object, got null",
    ),
    (
        "emails_all_invalid",
        {"name": "E", "emails": ["nobody", {"email": "x@"}, 7]},
        "record: email: no valid email address: 'nobody', 'x@', number value",
    ),
    (
        "metadata_not_an_object",
        {"email": "md@x.io", "name": "M", "metadata": "tier=gold"},
        "record: metadata: expected an object of slug to value, got string",
    ),
    (
        "status_wrong_type",
        {"email": "st@x.io", "name": "S", "job_id": OPEN_JOB, "application_status": 3},
        "record: application_status: expected a status string, got number",
    ),
    ("many_emails", {"name": "Many Mails", "emails": [f"many{i}@x.io" for i in range(60)]}, None),
    (
        "stream_not_in_catalog",
        {"type": "RECORD", "record": {"stream": "unknown_stream", "data": {"email": "u@x.io"}, "emitted_at": 0}},
        "record: its stream is not in the configured catalog",
    ),
]


def build_messages() -> tuple[list[Any], dict[str, int]]:
    """Good, bad, good, ... ; returns the messages and each kind's record position (1-based)."""
    messages: list[Any] = []
    positions: dict[str, int] = {}
    position = 0

    def good(i: int) -> None:
        nonlocal position
        position += 1
        messages.append(record("people", {"email": f"good{i}@x.io", "name": f"Good {i}", "job_id": OPEN_JOB}))

    good(0)
    for index, (kind, data, _) in enumerate(CATALOGUE, start=1):
        if isinstance(data, str) and kind in RAW_RECORDS:
            position += 1
            messages.append(data)
        elif isinstance(data, str):
            messages.append(data)  # not a record: it has no position
        elif isinstance(data, dict) and data.get("type") == "RECORD":
            position += 1
            messages.append(data)
        else:
            position += 1
            messages.append(record("people", data))
        positions[kind] = position
        good(index)
    messages.append(stream_state("people", "end", state_id=1))
    messages.append(stream_state("empty_stream", "none", state_id=2))
    return messages, positions


@pytest.fixture(scope="module")
def sync() -> Iterator[tuple[RunResult, dict[str, int], SimulatorServer]]:
    messages, positions = build_messages()
    with SimulatorServer(token=TOKEN) as sim:
        config = connector_config(sim, max_resume_bytes=32_768)
        result = run_connector("write", config, catalog("people", "empty_stream"), messages)
        yield result, positions, sim


def rejection_line(result: RunResult, position: int) -> str:
    prefix = f"record #{position} of stream "
    lines = [line for line in result.logs if line.startswith(prefix) and " rejected: " in line]
    return lines[0] if lines else ""


@pytest.mark.parametrize(("kind", "data", "expected"), CATALOGUE, ids=[c[0] for c in CATALOGUE])
def test_each_kind_gets_its_specific_reason(
    sync: tuple[RunResult, dict[str, int], SimulatorServer], kind: str, data: Any, expected: str | None
) -> None:
    result, positions, _ = sync
    assert result.returncode == 0
    if kind in LINE_KINDS:
        assert expected is not None
        [line] = [line for line in result.logs if expected in line]
        assert line.startswith("input line "), line
        return
    line = rejection_line(result, positions[kind])
    if expected is None:
        assert line == "", line
    else:
        assert expected in line, (kind, line)


def test_every_good_record_around_the_bad_ones_landed(sync: tuple[RunResult, dict[str, int], SimulatorServer]) -> None:
    _, _, sim = sync
    emails = {e["email"].strip().lower() for c in sim.candidates() for e in c["emails"]}
    assert {f"good{i}@x.io" for i in range(len(CATALOGUE) + 1)} <= emails
    assert {"padded.person@example.com", "josé.müller@bücher.de", "many0@x.io"} <= emails
    assert "nulls@x.io" not in emails and "n1@x.io" not in emails
    good_apps = [a for a in sim.applications() if a["job_id"] == OPEN_JOB]
    assert len(good_apps) >= len(CATALOGUE) + 1


def test_a_record_with_many_addresses_keeps_them_all_and_is_counted(
    sync: tuple[RunResult, dict[str, int], SimulatorServer],
) -> None:
    result, _, sim = sync
    [many] = [c for c in sim.candidates() if c.get("name") == "Many Mails"]
    assert len(many["emails"]) == 60
    assert int(result.log_text().split("records with extra emails not searched")[1].split()[0]) == 1
    assert "60 email addresses; only the first 5 are searched" in result.log_text()


def test_an_unknown_message_type_is_named_once(sync: tuple[RunResult, dict[str, int], SimulatorServer]) -> None:
    result, _, _ = sync
    assert len([line for line in result.logs if "'SURPRISE'" in line]) == 1


def test_rejections_are_counted_and_states_still_emitted(
    sync: tuple[RunResult, dict[str, int], SimulatorServer],
) -> None:
    result, _, _ = sync
    expected_rejections = sum(
        1
        for kind, data, fragment in CATALOGUE
        if fragment is not None and (not isinstance(data, str) or kind in RAW_RECORDS)
    )
    text = result.log_text()
    rejected = int(text.split("records rejected")[1].split()[0])
    partly = int(text.split("records partly written")[1].split()[0])
    assert rejected + partly == expected_rejections
    assert "input: line is not an Airbyte message" in text
    records = len([m for m in build_messages()[0] if not isinstance(m, str)]) - 2 + len(RAW_RECORDS)
    assert [(s["id"], s["destinationStats"]["recordCount"]) for s in result.states] == [
        (1, float(records - 1)),
        (2, 0.0),
    ]


def test_no_output_carries_the_token(sync: tuple[RunResult, dict[str, int], SimulatorServer]) -> None:
    result, _, _ = sync
    assert TOKEN not in result.stdout and TOKEN not in result.stderr


def test_a_provider_4xx_on_one_record_rejects_only_that_record() -> None:
    with SimulatorServer() as sim:
        sim.script(ScriptedFault("error", "POST", "candidate", status=422, message="Email domain is blocked"))
        messages = [record("people", {"email": f"p{i}@x.io", "name": f"P {i}", "job_id": OPEN_JOB}) for i in range(5)]
        result = run_connector("write", connector_config(sim, max_concurrency=1), catalog("people"), messages)
        assert result.returncode == 0
        assert len(sim.candidates()) == 4 and len(sim.applications()) == 4
    [line] = [line for line in result.logs if " rejected: " in line]
    assert (
        "record #1 of stream 'people' rejected: candidate: the provider answered 422: Email domain is blocked" in line
    )
    assert "candidate: provider rejected" in result.log_text()
    assert int(result.log_text().split("records rejected")[1].split()[0]) == 1
