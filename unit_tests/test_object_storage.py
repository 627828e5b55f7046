"""Object-storage settings and key layout (no network; the upload path is tested against a real S3 server in
integration_tests/test_sink_durability.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from airbyte_cdk.utils.airbyte_secrets_utils import filter_secrets
from pydantic import ValidationError

from destination_unified_ats.config import ObjectStorageSettings, UnifiedAtsConfig, connection_specification
from destination_unified_ats.object_storage import Attempt, ObjectStore

BASE = {"api_token": "tok-123456", "connection_id": "conn"}


def test_keys_are_unique_per_attempt_and_part_under_a_normalised_prefix() -> None:
    attempt = Attempt(datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC), "f" * 32)
    day = datetime(2026, 3, 5, 0, 0, 1, tzinfo=UTC)
    for prefix, expected in [
        ("", "audit/2026/03/05/20260304T050607Z-" + "f" * 32 + "-000012.jsonl.gz"),
        ("/a/b/", "a/b/audit/2026/03/05/20260304T050607Z-" + "f" * 32 + "-000012.jsonl.gz"),
    ]:
        store = ObjectStore(ObjectStorageSettings(bucket="b", prefix=prefix), retry_seconds=1)
        assert store.key("audit", attempt, 12, now=day) == expected
    assert Attempt.new().id != Attempt.new().id


def test_both_keys_or_neither() -> None:
    with pytest.raises(ValidationError, match="both access_key_id and secret_access_key"):
        UnifiedAtsConfig.model_validate({**BASE, "object_storage": {"bucket": "b", "access_key_id": "AKIA1234"}})
    parsed = UnifiedAtsConfig.model_validate({**BASE, "object_storage": {"bucket": "b"}})
    assert parsed.object_storage is not None and parsed.object_storage.access_key_id is None
    with pytest.raises(ValidationError, match=r"object_storage\.max_file_bytes"):
        UnifiedAtsConfig.model_validate({**BASE, "object_storage": {"bucket": "b", "max_file_bytes": "65536"}})
    with pytest.raises(ValidationError, match=r"object_storage\.endpoint"):
        UnifiedAtsConfig.model_validate({**BASE, "object_storage": {"bucket": "b", "endpoint": "minio:9000"}})


def test_spec_marks_both_keys_secret_and_describes_every_field() -> None:
    storage = connection_specification()["properties"]["object_storage"]
    assert storage["type"] == "object" and storage["required"] == ["bucket"]
    assert storage["properties"]["access_key_id"]["airbyte_secret"] is True
    assert storage["properties"]["secret_access_key"]["airbyte_secret"] is True
    assert all(field.get("description") for field in storage["properties"].values())


def test_the_keys_are_masked_in_anything_logged_once_the_store_exists() -> None:
    secret, key_id = "wJalrXUtnFEMI-K7MDENG-bPxRfiCY", "AKIAIOSFODNN7EXAMPLE"
    ObjectStore(ObjectStorageSettings(bucket="b", access_key_id=key_id, secret_access_key=secret), retry_seconds=1)
    masked = filter_secrets(f"failed with {key_id} / {secret}")
    assert secret not in masked and key_id not in masked
