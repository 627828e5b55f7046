from destination_unified_ats.mapping import (
    WriteDefaults,
    candidate_create_payload,
    candidate_metadata,
    candidate_tags,
    merge_metadata,
    merge_tags,
    should_move_stage,
)
from destination_unified_ats.models import ApplicationStatus, AtsMetadata
from destination_unified_ats.records import parse_record


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
