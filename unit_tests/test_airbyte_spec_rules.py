"""The spec rules of Airbyte's connector acceptance tests (CAT, `connector_acceptance_test/tests/test_core.py`,
`TestSpec`) and the CDK's spec lint, run on the connector's actual `spec` output.

CAT is not published as a package: each rule is re-stated below as one test named after it. The CDK's secret
marking lint (`airbyte_cdk.test.standard_tests`, pinned by poetry.lock) is called as is.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from airbyte_cdk.test.standard_tests._spec_lint import assert_spec_is_valid, find_secret_marking_errors

from destination_unified_ats.destination import DestinationUnifiedAts

Path = tuple[str | int, ...]


@pytest.fixture(scope="module")
def spec() -> Any:
    return DestinationUnifiedAts().spec(logging.getLogger("test"))


@pytest.fixture(scope="module")
def schema(spec: Any) -> dict[str, Any]:
    result: dict[str, Any] = spec.connectionSpecification
    return result


def walk(node: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, (*path, index))


def keyword_nodes(schema: dict[str, Any], keyword: str) -> list[tuple[Path, Any]]:
    """Nodes holding `keyword` as a JSON-schema keyword (not as the name of a property)."""
    return [
        (path, node)
        for path, node in walk(schema)
        if isinstance(node, dict) and keyword in node and (not path or path[-1] != "properties")
    ]


def properties(schema: dict[str, Any]) -> Iterator[tuple[Path, dict[str, Any]]]:
    for path, node in walk(schema):
        if path and path[-1] == "properties" and isinstance(node, dict):
            for name, definition in node.items():
                if isinstance(definition, dict):
                    yield (*path, name), definition


def test_additional_properties_is_true(schema: dict[str, Any]) -> None:
    # CAT: `additionalProperties`, wherever it appears, must be true: a saved config holding a key that a later
    # version removed would otherwise stop validating (airbytehq/airbyte#14196).
    values = [(path, node["additionalProperties"]) for path, node in keyword_nodes(schema, "additionalProperties")]
    assert values and all(value is True for _, value in values), values


def test_every_property_has_a_title_and_a_description(schema: dict[str, Any]) -> None:
    # Airbyte's spec reference: the UI shows `title` as the label and `description` as the field's help.
    missing = ["/".join(map(str, path)) for path, definition in properties(schema) if not definition.get("description")]
    assert not missing, f"properties without a description: {missing}"
    untitled = [
        "/".join(map(str, path))
        for path, definition in properties(schema)
        if path[0] == "properties" and len(path) == 2 and not definition.get("title")
    ]
    assert not untitled, f"top-level properties without a title: {untitled}"


def test_property_type_is_not_array(schema: dict[str, Any]) -> None:
    # CAT: a property's type is one type, or [type, "null"].
    for path, definition in properties(schema):
        kind = definition.get("type")
        if isinstance(kind, list):
            assert len(kind) in (1, 2) and (len(kind) == 1 or kind[1] == "null"), (path, kind)


def test_object_not_empty(schema: dict[str, Any]) -> None:
    # CAT: every object below the root has properties (or a oneOf), or the UI cannot render it.
    empty = [
        path
        for path, node in walk(schema)
        if path
        and isinstance(node, dict)
        and node.get("type") == "object"
        and path[-1] != "properties"
        and "oneOf" not in node
        and not node.get("properties")
    ]
    assert not empty, empty


def test_array_type(schema: dict[str, Any]) -> None:
    # CAT: an array's items are a single schema of type object, string, number or integer, or an enum.
    for path, node in walk(schema):
        if isinstance(node, dict) and node.get("type") == "array" and "items" in node:
            items = node["items"]
            assert isinstance(items, dict), path
            assert items.get("type") in ("object", "string", "number", "integer") or "enum" in items, path


FORBIDDEN_KEYWORDS = ["not", "anyOf", "patternProperties", "prefixItems", "allOf", "if", "then", "else"]
FORBIDDEN_KEYWORDS += ["dependentSchemas", "dependentRequired"]


def test_forbidden_complex_types(schema: dict[str, Any]) -> None:
    found = [(keyword, path) for keyword in FORBIDDEN_KEYWORDS for path, _ in keyword_nodes(schema, keyword)]
    assert not found, found


def test_defined_refs_exist_in_json_spec_file(schema: dict[str, Any]) -> None:
    assert not keyword_nodes(schema, "$ref") and "$defs" not in schema and "definitions" not in schema


def test_duplicate_order(schema: dict[str, Any]) -> None:
    # CAT: within one object, no two properties of the same group share an `order`.
    for path, node in walk(schema):
        if isinstance(node, dict) and node.get("type") == "object" and isinstance(node.get("properties"), dict):
            seen: set[tuple[str, Any]] = set()
            for name, definition in node["properties"].items():
                if "order" in definition:
                    key = (definition.get("group", ""), definition["order"])
                    assert key not in seen, (path, name, key)
                    seen.add(key)


def test_nested_group(schema: dict[str, Any]) -> None:
    # CAT: `group` only on top-level properties; and every group used is declared (Airbyte's `groups`).
    declared = {group["id"] for group in schema.get("groups", [])}
    for path, definition in properties(schema):
        if "group" in definition:
            assert len(path) == 2, f"group below the top level at {path}"
            assert definition["group"] in declared, (path, definition["group"])


def test_display_type(schema: dict[str, Any]) -> None:
    for path, node in keyword_nodes(schema, "display_type"):
        assert "oneOf" in node and node["display_type"] in ("dropdown", "radio"), path


def test_oneof_usage(schema: dict[str, Any]) -> None:
    # CAT: a oneOf sits on an object; each variant has properties; exactly one common property is a `const`.
    for path, node in keyword_nodes(schema, "oneOf"):
        assert node.get("type") == "object", path
        variants = node["oneOf"]
        assert all("properties" in v for v in variants), path
        common = set.intersection(*(set(v["properties"]) for v in variants))
        consts = [p for p in common if all("const" in v["properties"][p] for v in variants)]
        assert len(consts) == 1, (path, consts)


def test_secret_is_properly_marked(schema: dict[str, Any]) -> None:
    # The CDK's own lint (standard tests): credential-like names are `airbyte_secret`, nothing else is.
    assert find_secret_marking_errors(schema) == []


def test_spec_passes_the_cdk_spec_lint(spec: Any) -> None:
    assert_spec_is_valid(spec, connector_name="destination-unified-ats")


@pytest.mark.parametrize(
    ("broken", "rule"),
    [
        ({"type": "object", "properties": {"a": {"type": "object", "additionalProperties": False}}}, "additional"),
        ({"type": "object", "properties": {"a": {"anyOf": [{"type": "string"}, {"type": "null"}]}}}, "forbidden"),
        ({"type": "object", "properties": {"api_key": {"type": "string", "description": "x"}}}, "secret"),
    ],
)
def test_the_rules_catch_what_they_are_for(broken: dict[str, Any], rule: str) -> None:
    checks = {
        "additional": lambda: test_additional_properties_is_true(broken),
        "forbidden": lambda: test_forbidden_complex_types(broken),
        "secret": lambda: test_secret_is_properly_marked(broken),
    }
    with pytest.raises(AssertionError):
        checks[rule]()
