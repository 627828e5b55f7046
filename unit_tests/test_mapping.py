import pytest

from destination_unified_ats.mapping import (
    WriteDefaults,
    application_payload,
    candidate_create_payload,
    candidate_metadata,
    candidate_tags,
    document_payload,
    merge_metadata,
    merge_tags,
    metadata_list,
    should_move_stage,
    split_payload,
    with_match,
)
from destination_unified_ats.matching import JobMatch
from destination_unified_ats.models import ApplicationStatus, AtsMetadata
from destination_unified_ats.records import parse_record
from destination_unified_ats.resumes import ResumeInput


def test_create_payload_carries_everything_in_one_call() -> None:
    record = parse_record(
        {
            "email": "jane@x.io",
            "first_name": "Jane",
            "last_name": "Doe",
            "title": "SRE",
            "tags": ["k8s"],
            "match_score": 0.9,
            "link_urls": ["https://linkedin.com/in/jane"],
        }
    )
    defaults = WriteDefaults(tags=("sourced",), source_name="Talent DB")
    payload = candidate_create_payload(
        record, candidate_tags(record, defaults), candidate_metadata(record, defaults, "people"), defaults
    )
    assert payload["origin"] == "SOURCED"
    assert payload["emails"] == [{"email": "jane@x.io", "type": "WORK"}]
    assert payload["tags"] == ["sourced", "k8s"]
    assert payload["sources"] == ["Talent DB"]
    slugs = {m["slug"]: m["value"] for m in payload["metadata"]}
    assert slugs == {"source_system": "Talent DB", "source_stream": "people", "match_score": 0.9}
    assert "telephones" not in payload and payload["name"] == "Jane Doe"


def test_merge_tags_keeps_existing_and_order() -> None:
    assert merge_tags(["VIP", "java"], ["vip", "sourced"]) == ["VIP", "java", "sourced"]


def test_merge_metadata_never_drops_and_reports_no_change() -> None:
    existing = [AtsMetadata(slug="owner", value="ann", id="m1"), AtsMetadata(slug="match_score", value=0.5)]
    merged = merge_metadata(existing, {"match_score": 0.8, "source_system": "db"})
    assert merged == [
        {"slug": "owner", "value": "ann", "id": "m1"},
        {"slug": "match_score", "value": 0.8},
        {"slug": "source_system", "value": "db"},
    ]
    assert merge_metadata(existing, {"owner": "ann"}) is None


def test_stage_policy() -> None:
    review, new = ApplicationStatus.REVIEWING, ApplicationStatus.NEW
    assert should_move_stage("NEW", review, "forward_only")
    assert not should_move_stage("FIRST_INTERVIEW", review, "forward_only")
    assert not should_move_stage("REJECTED", review, "forward_only")
    assert should_move_stage("FIRST_INTERVIEW", review, "always")
    assert not should_move_stage("NEW", review, "on_create")
    assert not should_move_stage("NEW", new, "always")
    assert should_move_stage(None, review, "forward_only")


# ---- more of the payload and merge rules -------------------------------------------------------------


def test_create_payload_leaves_out_what_the_record_does_not_have() -> None:
    record = parse_record({"email": "solo@x.io"})
    payload = candidate_create_payload(record, [], {}, WriteDefaults())
    assert payload == {"emails": [{"email": "solo@x.io", "type": "WORK"}], "origin": "SOURCED"}


def test_create_payload_telephones_keep_a_type_only_when_known() -> None:
    record = parse_record({"email": "a@x.io", "phone": "+1 555 0100", "telephones": ["+44 20 7946 0000"]})
    payload = candidate_create_payload(record, [], {}, WriteDefaults())
    assert payload["telephones"][0] == {"telephone": "+1 555 0100"}
    assert [t["telephone"] for t in payload["telephones"]] == ["+1 555 0100", "+44 20 7946 0000"]


def test_candidate_metadata_takes_source_and_record_fields_and_record_metadata_wins() -> None:
    record = parse_record(
        {
            "email": "a@x.io",
            "years_experience": 7,
            "remote": False,
            "degree": "MSc",
            "metadata": {"source_stream": "override", "Team Size": 4},
        }
    )
    values = candidate_metadata(record, WriteDefaults(source_name="Talent DB"), "people")
    assert values == {
        "source_system": "Talent DB",
        "source_stream": "override",
        "years_experience": 7,
        "degree": "MSc",
        "remote": False,
        "team_size": 4,
    }
    assert metadata_list({"a": 1, "b": False}) == [{"slug": "a", "value": 1}, {"slug": "b", "value": False}]


def test_candidate_tags_put_config_tags_first_without_case_duplicates() -> None:
    record = parse_record({"email": "a@x.io", "tags": ["Sourced", "python"]})
    assert candidate_tags(record, WriteDefaults(tags=("sourced", "2026"))) == ["sourced", "2026", "python"]


def test_merge_metadata_onto_nothing_adds_everything_and_nothing_onto_nothing_is_no_change() -> None:
    assert merge_metadata(None, {"a": 1}) == [{"slug": "a", "value": 1}]
    assert merge_metadata([], {}) is None


def test_application_payload_sends_status_and_source_only_when_set() -> None:
    assert application_payload("c", "j", None, WriteDefaults()) == {"candidate_id": "c", "job_id": "j"}
    assert application_payload("c", "j", ApplicationStatus.SCREENING, WriteDefaults(source_name="DB")) == {
        "candidate_id": "c",
        "job_id": "j",
        "status": "SCREENING",
        "source": "DB",
    }


@pytest.mark.parametrize(
    ("current", "requested", "policy", "moves"),
    [
        ("SCREENING", "REJECTED", "forward_only", True),  # a terminal stage may always be reached
        ("HIRED", "REJECTED", "forward_only", False),  # never out of a terminal stage
        ("WITHDRAWN", "NEW", "always", True),
        (None, "NEW", "on_create", False),
        ("SOMETHING_CUSTOM", "SCREENING", "forward_only", True),  # an unknown current stage ranks lowest
        ("OFFERED", "ACCEPTED", "forward_only", True),
        ("OFFERED", "SUBMITTED", "forward_only", False),
    ],
)
def test_stage_policy_edges(current: str | None, requested: str, policy: str, moves: bool) -> None:
    assert should_move_stage(current, ApplicationStatus(requested), policy) is moves


def test_document_payload_in_each_form_and_binding() -> None:
    resume = ResumeInput(filename="cv.pdf", data_base64="JVBERi0=", url="https://files.example.com/cv.pdf")
    on_candidate = document_payload(resume, candidate_id="c1", application_id=None, form="base64")
    assert on_candidate == {"filename": "cv.pdf", "type": "RESUME", "candidate_id": "c1", "document_data": "JVBERi0="}
    on_application = document_payload(resume, candidate_id=None, application_id="a1", form="url")
    assert on_application == {
        "filename": "cv.pdf",
        "type": "RESUME",
        "application_id": "a1",
        "document_url": "https://files.example.com/cv.pdf",
    }


def test_split_payload_keeps_update_only_fields_for_the_update() -> None:
    payload = {"name": "Jane", "tags": ["a"], "origin": "SOURCED", "metadata": [{"slug": "x", "value": 1}]}
    create, later = split_payload(payload, frozenset({"tags", "metadata"}), frozenset({"origin"}))
    assert create == {"name": "Jane"}
    assert later == {"tags": ["a"], "metadata": [{"slug": "x", "value": 1}]}


def test_with_match_adds_the_best_band_as_tag_and_the_score_as_metadata() -> None:
    matches = [
        JobMatch("j1", "Backend", 0.87654, "match-strong", "Python, 6 years"),
        JobMatch("j2", "", 0.5, "match-weak", "some overlap"),
    ]
    tags, metadata = with_match(["sourced"], {"source_stream": "people"}, matches, upstream=False)
    assert tags == ["sourced", "match-strong"]
    assert metadata == {
        "source_stream": "people",
        "match_score": 0.8765,
        "match_explanation": "Python, 6 years",
        "matched_jobs": "Backend (0.88), j2 (0.50)",
    }


def test_with_match_keeps_an_upstream_score() -> None:
    matches = [JobMatch("j1", "Backend", 0.9, "match-strong", "fits")]
    original = {"match_score": 0.42, "match_explanation": "from the source"}
    tags, metadata = with_match(["match-strong"], original, matches, upstream=True)
    assert tags == ["match-strong"]
    assert (metadata["match_score"], metadata["match_explanation"]) == (0.42, "from the source")
    assert metadata["matched_jobs"] == "Backend (0.90)"
    assert original == {"match_score": 0.42, "match_explanation": "from the source"}  # not changed in place
