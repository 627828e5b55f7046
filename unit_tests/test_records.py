import base64

import pytest

from destination_unified_ats.models import ApplicationStatus
from destination_unified_ats.records import RecordRejected, parse_record, split_name

PDF = base64.b64encode(b"%PDF-1.4 resume").decode()


def rejected(data: object) -> RecordRejected:
    with pytest.raises(RecordRejected) as info:
        parse_record(data)
    return info.value


def test_full_record_is_normalised() -> None:
    record = parse_record(
        {
            "email": "  Jane.Doe@Example.COM ",
            "name": "Jane  Q. Doe",
            "phone": 5551234,
            "skills": "python, go ,",
            "years_experience": "7",
            "remote": "yes",
            "application_status": "first interview",
            "metadata": {"Talent Pool": "EMEA", "langs": ["en", "de"]},
            "resume_base64": PDF,
            "job_id": 42,
        }
    )
    assert record.emails == ["Jane.Doe@Example.COM"]
    assert record.email_keys == ["jane.doe@example.com"]
    assert (record.first_name, record.last_name) == ("Jane", "Q. Doe")
    assert record.telephones == [("5551234", None)]
    assert record.skills == ["python", "go"]
    assert record.years_experience == 7.0
    assert record.remote is True
    assert record.application_status is ApplicationStatus.FIRST_INTERVIEW
    assert record.metadata == {"talent_pool": "EMEA", "langs": "en, de"}
    assert record.job_id == "42"
    assert record.resume is not None and record.resume.filename == "resume.pdf" and record.resume.size == 15


def test_emails_array_of_objects_dedupes_case_insensitively() -> None:
    record = parse_record({"emails": [{"email": "A@x.io", "type": "home"}, "a@X.io", {"email": "b@x.io"}]})
    assert record.emails == ["A@x.io", "b@x.io"]
    assert record.email_types == ["HOME", "WORK"]


def test_internationalised_email_is_accepted() -> None:
    record = parse_record({"email": "Jürgen@Müller.DE"})
    assert record.email_keys == ["jürgen@müller.de"]


def test_invalid_email_among_valid_ones_is_a_warning() -> None:
    record = parse_record({"emails": ["not-an-email", "ok@x.io"]})
    assert record.emails == ["ok@x.io"]
    assert "not-an-email" in record.warnings[0]


@pytest.mark.parametrize(
    ("data", "field", "fragment"),
    [
        ({}, "email", "missing"),
        ({"email": None}, "email", "missing"),
        ({"email": "no-at-sign"}, "email", "no valid email"),
        ({"email": 12}, "email", "number value"),
        ({"emails": "x@y.io", "first_name": {"a": 1}}, "first_name", "expected a string, got object"),
        ({"email": "x@y.io", "title": "t" * 600}, "title", "over the 512 limit"),
        ({"email": "x@y.io", "years_experience": "ten"}, "years_experience", "is not a number"),
        ({"email": "x@y.io", "match_score": 1.5}, "match_score", "outside 0..1"),
        ({"email": "x@y.io", "remote": "maybe"}, "remote", "expected true or false"),
        ({"email": "x@y.io", "application_status": "INTERVIEWING"}, "application_status", "is not a status"),
        ({"email": "x@y.io", "resume_base64": "%%%notbase64"}, "resume_base64", "not valid base64"),
        ({"email": "x@y.io", "resume_url": "ftp://x/y.pdf"}, "resume_url", "not an http(s) URL"),
        ({"email": "x@y.io", "metadata": {"a": {"b": {"c": 1}}}}, "metadata.a", "nested object"),
        ({"email": "x@y.io", "metadata": [1]}, "metadata", "expected an object"),
        ({"email": "x@y.io", "skills": [["nested"]]}, "skills[0]", "expected a string, got array"),
        ({"email": "x@y.io", "job_id": "has space"}, "job_id", "white space"),
        ("not an object", "record", "expected a JSON object"),
    ],
)
def test_rejections_name_field_and_reason(data: object, field: str, fragment: str) -> None:
    error = rejected(data)
    assert error.field == field
    assert fragment in error.reason


def test_oversize_resume_is_rejected_before_decoding() -> None:
    big = base64.b64encode(b"%PDF" + b"0" * 5000).decode()
    with pytest.raises(RecordRejected) as info:
        parse_record({"email": "x@y.io", "resume_base64": big}, max_resume_bytes=1024)
    assert info.value.field == "resume_base64" and "over the 1,024 limit" in info.value.reason


def test_resume_url_keeps_extension_and_filename_sanitised() -> None:
    record = parse_record({"email": "x@y.io", "resume_url": "https://cdn.example.com/cv/jane.docx?sig=1"})
    assert record.resume is not None and record.resume.filename == "resume.docx"
    record = parse_record(
        {"email": "x@y.io", "resume_url": "https://cdn.example.com/a", "resume_filename": "../../etc/Jane CV"}
    )
    assert record.resume is not None and record.resume.filename == "Jane CV.pdf"


def test_nulls_are_absent_values() -> None:
    record = parse_record({"email": "x@y.io", "title": None, "skills": None, "tags": None, "metadata": None})
    assert record.title is None and record.skills == [] and record.tags == [] and record.metadata == {}


def test_split_name() -> None:
    assert split_name("Cher") == ("Cher", None)
    assert split_name("Ana María de la Cruz") == ("Ana", "María de la Cruz")


@pytest.mark.parametrize(
    "names",
    [
        {},
        {"first_name": "", "last_name": "   ", "name": "\t\n"},
        {"first_name": "\u200b\u200c\u200d", "last_name": "\ufeff\u2060"},  # zero-width only
        {"name": "\u00a0\u3000\u2028"},  # non-breaking, ideographic and line separators
        {"first_name": "-", "last_name": "."},  # punctuation only
        {"name": "?!…"},
        {"first_name": "N/A", "last_name": "null"},  # placeholders
        {"name": "123"},  # no letter
        {"first_name": None, "last_name": None, "name": None},
    ],
)
def test_blank_names_are_no_name(names: dict[str, object]) -> None:
    record = parse_record({"email": "a@x.io", **names}, require_name=True)
    assert record.nameless
    assert (record.first_name, record.last_name, record.name) == (None, None, None)
    reason = record.nameless_reason()
    assert reason is not None and "allow_nameless_candidates" in reason
    # Nothing is derived from the address.
    assert "a" not in (record.display_name or "")


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ({"first_name": "\u200bAnn\u200b", "last_name": " Lee\u00a0"}, ("Ann", "Lee")),
        ({"name": "\u2060Zoë  O'Neil"}, ("Zoë", "O'Neil")),
        ({"first_name": "-", "name": "Li Wei"}, ("Li", "Wei")),  # a placeholder part does not hide a real name
        ({"first_name": "मीरा"}, ("मीरा", None)),
        ({"last_name": "Na"}, (None, "Na")),  # a short real surname is not a placeholder
    ],
)
def test_real_names_survive_trimming(names: dict[str, str], expected: tuple[str | None, str | None]) -> None:
    record = parse_record({"email": "a@x.io", **names}, require_name=True)
    assert (record.first_name, record.last_name) == expected
    assert not record.nameless and record.nameless_reason() is None


def test_a_blank_name_is_reported_as_a_warning_only_when_it_had_characters() -> None:
    record = parse_record({"email": "a@x.io", "first_name": "Ann", "last_name": "--"})
    assert record.last_name is None
    assert any("last_name '--' names no one" in w for w in record.warnings)
    assert parse_record({"email": "a@x.io", "first_name": "Ann", "last_name": "  "}).warnings == []


def test_without_the_requirement_a_nameless_record_may_create() -> None:
    assert parse_record({"email": "a@x.io"}).nameless_reason() is None


def test_matching_reads_the_record_signals() -> None:
    from destination_unified_ats.matching import CandidateProfile

    record = parse_record({"email": "a@x.io", "title": "Go developer", "skills": "go, k8s", "remote": "yes"})
    profile = CandidateProfile.from_record(record.matching_signals())
    assert profile.title == "Go developer" and profile.skills == ("go", "k8s") and profile.remote is True
