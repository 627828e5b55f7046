"""The `spec` fast path, in process: what `spec_message` returns is what the CDK's `spec` command prints."""

from __future__ import annotations

import ast
import logging
from pathlib import Path
from typing import Any

import orjson
from airbyte_cdk.entrypoint import AirbyteEntrypoint
from airbyte_cdk.models import AirbyteMessage, AirbyteMessageSerializer, Type

from destination_unified_ats import spec as spec_module
from destination_unified_ats.config import connection_specification
from destination_unified_ats.destination import DestinationUnifiedAts
from destination_unified_ats.spec import DOCUMENTATION_URL, connector_specification, spec_message


def _cdk_spec_line() -> str:
    """The line the CDK's `spec` command writes: its message, its serializer, its JSON."""
    spec = DestinationUnifiedAts().spec(logging.getLogger("test"))
    return AirbyteEntrypoint.airbyte_message_to_string(AirbyteMessage(type=Type.SPEC, spec=spec))


def _nones(node: Any, path: str = "$") -> list[str]:
    if node is None:
        return [path]
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _nones(v, f"{path}.{k}")]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _nones(v, f"{path}[{i}]")]
    return []


def test_connector_specification_fields() -> None:
    spec = connector_specification()
    assert spec.documentationUrl == DOCUMENTATION_URL
    assert spec.connectionSpecification == connection_specification()
    assert spec.supportsIncremental is True
    assert [m.value for m in spec.supported_destination_sync_modes or []] == ["append", "append_dedup"]


def test_the_cdk_command_answers_with_this_specification() -> None:
    assert DestinationUnifiedAts().spec(logging.getLogger("test")) == connector_specification()


def test_spec_message_serialises_to_the_cdk_line_byte_for_byte() -> None:
    assert orjson.dumps(spec_message()).decode() == _cdk_spec_line()


def test_spec_message_shape() -> None:
    message = spec_message()
    assert list(message) == ["type", "spec"]
    assert message["type"] == "SPEC"
    spec = message["spec"]
    assert spec["documentationUrl"] == DOCUMENTATION_URL
    assert spec["supported_destination_sync_modes"] == ["append", "append_dedup"]
    assert spec["connectionSpecification"] == connection_specification()
    assert _nones(message) == []  # unset optional fields are left out, not written as null


def test_the_cdk_reads_the_message_back_without_loss() -> None:
    message = spec_message()
    parsed = AirbyteMessageSerializer.load(message)
    assert parsed.type == Type.SPEC and parsed.spec is not None
    assert parsed.spec.connectionSpecification == connection_specification()
    assert AirbyteMessageSerializer.dump(parsed) == message


def test_each_call_builds_a_fresh_message() -> None:
    first = spec_message()
    first["spec"]["connectionSpecification"]["properties"].clear()
    first["spec"]["supported_destination_sync_modes"].append("overwrite")
    assert orjson.dumps(spec_message()).decode() == _cdk_spec_line()


def test_the_module_does_not_import_airbyte_cdk() -> None:
    """Its point is to answer `spec` without the CDK's import cost (test_start_up checks a real process)."""
    imported: set[str] = set()
    for name in ("spec.py", "config.py"):
        tree = ast.parse((Path(spec_module.__file__).parent / name).read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
    assert "airbyte_protocol_dataclasses.models" in imported
    assert not {m for m in imported if m.split(".")[0] == "airbyte_cdk"}
