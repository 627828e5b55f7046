"""Config and catalog files: every mistake is a ConfigError saying what to fix, never a traceback or a secret."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from destination_unified_ats.destination import (
    ConfigError,
    catalog_streams,
    parse_catalog,
    parse_config,
    read_json_file,
)

BASE = {"api_token": "tok_abcdef123456", "connection_id": "conn_1"}


def config_error(config: Any) -> str:
    with pytest.raises(ConfigError) as info:
        parse_config(config)
    return str(info.value)


@pytest.mark.parametrize("padded", [" tok_abcdef123456", "tok_abcdef123456\n", "\ttok_abcdef123456\r\n "])
def test_a_pasted_tokens_surrounding_white_space_is_stripped(padded: str) -> None:
    assert parse_config({**BASE, "api_token": padded}).token() == "tok_abcdef123456"


@pytest.mark.parametrize(
    ("token", "problem"),
    [
        ("tok_abc\ndef", "white space or a control character at position 8"),
        ("tok abc", "white space or a control character at position 4"),
        ("tok_äbc", "non-ASCII character at position 5"),
        ("tok_\u200babc", "non-ASCII character at position 5"),
        ("   ", "is empty"),
    ],
)
def test_a_malformed_token_is_refused_without_echoing_it(token: str, problem: str) -> None:
    message = config_error({**BASE, "api_token": token})
    assert "api_token" in message and problem in message
    if token.strip():
        assert token.strip() not in message


def test_credentials_in_base_url_are_refused_and_never_echoed() -> None:
    message = config_error({**BASE, "base_url": "https://admin:hunter2pass@proxy.example.com/api"})
    assert "base_url" in message and "credentials" in message
    assert "hunter2pass" not in message and "admin" not in message


@pytest.mark.parametrize(("key", "value"), [("max_concurrency", "8"), ("max_retry_seconds", "10"), ("dry_run", "true")])
def test_quoted_numbers_and_booleans_are_refused_knowingly(key: str, value: str) -> None:
    message = config_error({**BASE, key: value})
    assert key in message and "a quoted value is not converted" in message


def test_numbers_are_accepted_as_numbers() -> None:
    parsed = parse_config({**BASE, "max_concurrency": 8, "max_retry_seconds": 10, "dry_run": True})
    assert (parsed.max_concurrency, parsed.max_retry_seconds, parsed.dry_run) == (8, 10.0, True)
    assert config_error({**BASE, "max_concurrency": 8.5}).startswith("The configuration is invalid: max_concurrency")


@pytest.mark.parametrize(("config", "kind"), [([1, 2], "array"), ("text", "string"), (None, "null"), (3, "number")])
def test_a_config_that_is_not_an_object(config: Any, kind: str) -> None:
    assert f"must be a JSON object of settings, not a JSON {kind}" in config_error(config)


def test_unknown_config_keys_are_named_once_each(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="airbyte"):
        parse_config({**BASE, "max_concurency": 3, "regoin": "eu", "api_token": "tok_secret_value_1"})
    warnings = [r.getMessage() for r in caplog.records]
    assert len([w for w in warnings if "'max_concurency'" in w]) == 1
    assert len([w for w in warnings if "'regoin'" in w]) == 1
    assert not any("tok_secret_value_1" in w or "eu" in w.split("'")[-1] for w in warnings)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"{not json", "is not valid JSON (line 1, column 2"),
        (b'{"a": 1,}', "is not valid JSON"),
        (b"[1, 2]", "must hold a JSON object, not a JSON array"),
        (b'"text"', "must hold a JSON object, not a JSON string"),
        (b"", "is not valid JSON"),
    ],
)
def test_a_config_file_that_is_not_a_json_object(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "config.json"
    path.write_bytes(content)
    with pytest.raises(ConfigError, match="config file") as info:
        read_json_file(str(path), "config")
    assert problem in str(info.value)


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot be read"):
        read_json_file(str(tmp_path / "nope.json"), "catalog")


def stream(name: str, mode: Any, object_name: str | None = None) -> dict[str, Any]:
    return {
        "stream": {"name": name, "json_schema": {}, "supported_sync_modes": ["incremental"]},
        "sync_mode": "incremental",
        "destination_sync_mode": mode,
        **({"destination_object_name": object_name} if object_name else {}),
    }


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ({}, "has no `streams` array"),
        ({"streams": ["x"]}, "stream #1 is not a JSON object"),
        (
            {"streams": [stream("people", "upsert")]},
            "Stream 'people': destination_sync_mode 'upsert' is not an Airbyte",
        ),
        ({"streams": [{"stream": {"name": "p"}}]}, "is not a valid configured Airbyte catalog"),
    ],
)
def test_a_malformed_catalog(raw: dict[str, Any], problem: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_catalog(raw)
    assert problem in str(info.value)


@pytest.mark.parametrize(
    ("mode", "object_name", "supported"),
    [
        ("overwrite", None, "append, append_dedup, update"),
        ("soft_delete", None, "append, append_dedup, update"),
        ("overwrite", "application", "append_dedup"),
        ("overwrite", "candidate", "append, append_dedup, update"),
        ("soft_delete", "candidate", "append, append_dedup, update"),
        ("append", "application", "append_dedup"),
        ("update", "document", "append"),
    ],
)
def test_unsupported_sync_modes_are_refused_naming_stream_and_modes(
    mode: str, object_name: str | None, supported: str
) -> None:
    catalog = parse_catalog({"streams": [stream("ok", "append"), stream("people", mode, object_name)]})
    with pytest.raises(ConfigError) as info:
        catalog_streams(catalog)
    message = str(info.value)
    assert message.startswith("Stream 'people': destination_sync_mode") and f"use one of {supported}" in message
    if mode in ("overwrite", "soft_delete"):
        assert "never deletes people" in message


def test_credentials_in_base_url_are_masked_in_any_later_log() -> None:
    from airbyte_cdk.utils.airbyte_secrets_utils import filter_secrets

    with pytest.raises(ConfigError):
        parse_config({**BASE, "base_url": "https://svc-user:Zq9-url-pass@proxy.example.com/a@b"})
    assert "Zq9-url-pass" not in filter_secrets("connecting with Zq9-url-pass")
    # Only the credentials are secrets, not the host or the path.
    assert "proxy.example.com" in filter_secrets("proxy.example.com")
