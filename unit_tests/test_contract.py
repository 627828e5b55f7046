"""The record contract is declared once; aliases, the spec's field choices, intake and discover agree with it."""

from __future__ import annotations

import base64
import dataclasses
import json
from typing import Any

import jsonschema
import pytest

from destination_unified_ats.config import connection_specification
from destination_unified_ats.contract import (
    BY_NAME,
    FIELD_NAMES,
    FIELDS,
    LIST_FIELDS,
    SPLIT_FIELDS,
    object_fields,
    split_list,
)
from destination_unified_ats.field_mapping import ALIASES, CONTRACT_FIELDS, normalise_key
from destination_unified_ats.operations import OPERATIONS, destination_catalog
from destination_unified_ats.records import SourcedCandidate, parse_record

# One valid value per contract field (a test fails when a field is added without one).
SAMPLES: dict[str, Any] = {
    "email": "sample@x.io",
    "emails": ["other@x.io"],
    "first_name": "Sam",
    "last_name": "Ple",
    "name": "Sam Ple",
    "title": "Engineer",
    "company_name": "Acme",
    "summary": "Builds things.",
    "phone": "+1 555 0100",
    "telephones": ["+1 555 0101"],
    "link_urls": ["https://example.com/sam"],
    "skills": ["python"],
    "years_experience": 4,
    "degree": "BSc",
    "location": "Berlin",
    "remote": True,
    "job_id": "job_1",
    "application_status": "SCREENING",
    "tags": ["t"],
    "metadata": {"k": "v"},
    "resume_base64": base64.b64encode(b"%PDF-1.4 cv").decode(),
    "resume_filename": "sam.pdf",
    "resume_url": "https://example.com/cv.pdf",
    "match_score": 0.5,
    "match_explanation": "good fit",
}


def test_every_contract_field_has_a_sample_and_aliases_are_derived() -> None:
    assert set(SAMPLES) == set(FIELD_NAMES)
    assert CONTRACT_FIELDS == FIELD_NAMES
    assert list(ALIASES) == list(FIELD_NAMES)
    for contract_field in FIELDS:
        assert normalise_key(contract_field.aliases[0]) == normalise_key(contract_field.name)


@pytest.mark.parametrize("name", FIELD_NAMES)
def test_intake_reads_every_contract_field(name: str) -> None:
    base: dict[str, Any] = {"email": "base@x.io"}
    if name == "resume_filename":
        base["resume_url"] = SAMPLES["resume_url"]
    if name in ("email", "emails"):
        base = {"emails" if name == "email" else "email": "base@x.io"}
    assert parse_record({**base, name: SAMPLES[name]}) != parse_record(base), f"{name} is not read by intake"


def test_fields_outside_the_contract_are_ignored() -> None:
    assert parse_record({"email": "a@x.io", "salary": 100, "notes": {"x": 1}}) == parse_record({"email": "a@x.io"})


def test_the_parsed_record_holds_nothing_the_contract_does_not_feed() -> None:
    derived = {"email_types", "resume", "warnings", "search_limit", "name_required"}
    attributes = {f.name for f in dataclasses.fields(SourcedCandidate)} - derived
    fed_by = {"emails": {"email", "emails"}, "telephones": {"phone", "telephones"}}
    for attribute in attributes:
        assert fed_by.get(attribute, {attribute}) <= set(FIELD_NAMES), attribute


def test_list_fields_and_the_one_splitting_rule() -> None:
    assert SPLIT_FIELDS <= LIST_FIELDS
    assert split_list("python, go ;rust\n\n, ") == ["python", "go", "rust"]
    assert parse_record({"email": "a@x.io", "skills": "python, go ;rust"}).skills == ["python", "go", "rust"]


def test_spec_offers_exactly_the_contract_fields_for_mappings() -> None:
    spec = connection_specification()
    record_field = spec["properties"]["field_mappings"]["items"]["properties"]["record_field"]
    assert record_field["enum"] == list(FIELD_NAMES)


def test_discover_schemas_are_flat_and_from_the_contract() -> None:
    catalog = destination_catalog()
    text = json.dumps(catalog)
    assert "$ref" not in text and "$defs" not in text and "anyOf" not in text
    assert "Record" not in text  # no class-name titles
    for operation, spec in zip(catalog["operations"], OPERATIONS, strict=True):
        schema = operation["json_schema"]
        jsonschema.Draft7Validator.check_schema(schema)
        assert schema["type"] == "object" and schema["additionalProperties"] is True
        assert list(schema["properties"]) == [f.name for f in object_fields(spec.object_name)]
        for name, prop in schema["properties"].items():
            assert prop["description"] == BY_NAME[name].description
            assert "title" not in prop
        # Every operation de-duplicates by email: it says so.
        assert ["email"] in operation["matching_keys"]
        # A record of the contract's samples validates against the operation's schema.
        jsonschema.validate({n: SAMPLES[n] for n in schema["properties"]}, schema)


def test_every_contract_field_is_offered_by_some_operation() -> None:
    offered = {f.name for op in OPERATIONS for f in object_fields(op.object_name)}
    assert offered == set(FIELD_NAMES)


def test_the_docs_input_table_names_every_contract_field() -> None:
    from pathlib import Path

    docs = (Path(__file__).parents[1] / "docs" / "unified-ats.md").read_text()
    table = docs.split("## Input records", 1)[1].split("\n## ", 1)[0]
    assert [name for name in FIELD_NAMES if f"`{name}`" not in table] == []
