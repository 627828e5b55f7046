import json
import logging

import pytest

from destination_unified_ats.config import UnifiedAtsConfig, connection_specification
from destination_unified_ats.destination import ConfigError, DestinationUnifiedAts, parse_config


def test_spec_follows_airbyte_ui_conventions() -> None:
    spec = DestinationUnifiedAts().spec(logging.getLogger("test"))
    schema = spec.connectionSpecification
    props = schema["properties"]
    assert schema["required"] == ["api_token", "connection_id"]
    assert props["api_token"]["airbyte_secret"] is True
    assert props["region"]["enum"] == ["us", "eu", "au"] and props["region"]["default"] == "us"
    assert "REVIEWING" in props["application_status"]["enum"]
    assert props["application_status"]["title"] == "Application stage"
    assert props["base_url"]["pattern_descriptor"]
    assert {g["id"] for g in schema["groups"]} >= {"connection", "jobs", "advanced"}
    assert all("order" in p and "group" in p for p in props.values())
    assert "$ref" not in json.dumps(schema) and "anyOf" not in json.dumps(schema)
    modes = {m.value for m in spec.supported_destination_sync_modes}
    assert modes == {"append", "append_dedup"}


def test_region_and_base_url() -> None:
    base = {"api_token": "t", "connection_id": "c"}
    assert UnifiedAtsConfig.model_validate({**base, "region": "eu"}).api_url == "https://api-eu.unified.to"
    assert UnifiedAtsConfig.model_validate(base).api_url == "https://api.unified.to"
    override = UnifiedAtsConfig.model_validate({**base, "region": "au", "base_url": "http://127.0.0.1:9/"})
    assert override.api_url == "http://127.0.0.1:9"


def test_invalid_config_message_never_echoes_the_token() -> None:
    secret = "tok_" + "s3cr3t" * 5
    with pytest.raises(ConfigError) as info:
        parse_config({"api_token": secret, "connection_id": "", "region": "mars"})
    assert "connection_id" in str(info.value) and "region" in str(info.value)
    assert secret not in str(info.value)
    assert secret not in repr(parse_config({"api_token": secret, "connection_id": "c"}))


def test_spec_is_valid_json_schema() -> None:
    import jsonschema

    jsonschema.Draft7Validator.check_schema(connection_specification())
