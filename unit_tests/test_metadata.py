"""metadata.yaml (Airbyte's connector metadata) agrees with pyproject, the Dockerfile, the docs and the code."""

from __future__ import annotations

import re
import tomllib
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml

from destination_unified_ats.config import REGION_BASE_URLS, connection_specification
from destination_unified_ats.destination import DOCUMENTATION_URL

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs" / "unified-ats.md"


@pytest.fixture(scope="module")
def metadata() -> dict[str, Any]:
    document = yaml.safe_load((REPO / "metadata.yaml").read_text())
    assert document.get("metadataSpecVersion") == "1.0"
    data: dict[str, Any] = document["data"]
    return data


def project_version() -> str:
    version: str = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["poetry"]["version"]
    return version


def dockerfile_default_base_image() -> str:
    matches = re.findall(r"^ARG\s+BASE_IMAGE=(\S+)\s*$", (REPO / "Dockerfile").read_text(), flags=re.MULTILINE)
    assert len(matches) == 1, f"expected one `ARG BASE_IMAGE=...` with a default in the Dockerfile, got {matches}"
    return str(matches[0])


def dockerfile_labels() -> dict[str, str]:
    text = (REPO / "Dockerfile").read_text().replace("\\\n", " ")
    labels: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("LABEL "):
            labels.update(dict(re.findall(r"([\w.\-]+)=(\"[^\"]*\"|\S+)", line[len("LABEL ") :])))
    return {k: v.strip('"') for k, v in labels.items()}


def changelog_rows() -> list[list[str]]:
    lines = DOCS.read_text().splitlines()
    header = next(i for i, line in enumerate(lines) if re.match(r"^\|\s*Version\s*\|\s*Date\s*\|", line))
    assert [c.strip() for c in lines[header].strip("|").split("|")] == ["Version", "Date", "Pull Request", "Subject"]
    rows = []
    for line in lines[header + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip().strip("|").split("|")])
    return rows


def test_required_fields_and_values(metadata: dict[str, Any]) -> None:
    expected = {
        "connectorType": "destination",
        "connectorSubtype": "api",
        "dockerRepository": "airbyte/destination-unified-ats",
        "documentationUrl": "https://docs.airbyte.com/integrations/destinations/unified-ats",
        "githubIssueLabel": "destination-unified-ats",
        "license": "MIT",
        "name": "Unified ATS",
        "releaseStage": "alpha",
        "supportLevel": "community",
        # discover exists (DestinationCatalog of candidate/application/document operations).
        "supportsDataActivation": True,
    }
    for key, value in expected.items():
        assert metadata.get(key) == value, key
    assert metadata["tags"] == ["language:python", "cdk:python"]
    assert metadata["registryOverrides"] == {"cloud": {"enabled": True}, "oss": {"enabled": True}}
    assert metadata["icon"].endswith(".svg") and (REPO / metadata["icon"]).is_file()
    suites = [s["suite"] for s in metadata["connectorTestSuitesOptions"]]
    assert "unitTests" in suites and set(suites) <= {"unitTests", "integrationTests", "acceptanceTests"}


def test_definition_id_is_a_fixed_uuid4(metadata: dict[str, Any]) -> None:
    definition_id = metadata["definitionId"]
    assert str(uuid.UUID(definition_id)) == definition_id and uuid.UUID(definition_id).version == 4
    assert definition_id == "7bcba2a3-d8e1-4ef6-afa6-5c05472d034e", "the definitionId must never change"


def test_version_matches_pyproject_and_changelog(metadata: dict[str, Any]) -> None:
    version = project_version()
    assert metadata["dockerImageTag"] == version
    rows = changelog_rows()
    assert rows, "the docs changelog table has no rows"
    assert rows[0][0] == version, "the newest changelog row must be the current version"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", rows[0][1])


def test_base_image_is_the_dockerfile_default_pinned_by_digest(metadata: dict[str, Any]) -> None:
    base_image = metadata["connectorBuildOptions"]["baseImage"]
    assert base_image == dockerfile_default_base_image()
    assert re.fullmatch(r"docker\.io/airbyte/python-connector-base:\d+\.\d+\.\d+@sha256:[0-9a-f]{64}", base_image)


def test_dockerfile_labels_match(metadata: dict[str, Any]) -> None:
    labels = dockerfile_labels()
    assert labels.get("io.airbyte.name") == metadata["dockerRepository"]
    assert labels.get("io.airbyte.version") == metadata["dockerImageTag"]


def test_allowed_hosts_are_the_region_hosts_and_s3(metadata: dict[str, Any]) -> None:
    hosts = metadata["allowedHosts"]["hosts"]
    region_hosts = {str(urlparse(url).hostname) for url in REGION_BASE_URLS.values()}
    assert region_hosts == {"api.unified.to", "api-eu.unified.to", "api-au.unified.to"}
    # object_storage on AWS S3 is the only other egress a sync needs.
    assert sorted(hosts) == sorted(region_hosts | {"*.amazonaws.com"})


def test_documentation_url_matches_the_spec(metadata: dict[str, Any]) -> None:
    assert metadata["documentationUrl"] == DOCUMENTATION_URL


def test_docs_reference_every_config_field() -> None:
    """The docs' configuration table names every field of the spec (no field added without its doc)."""
    docs = DOCS.read_text()
    missing = [key for key in connection_specification()["properties"] if f"| `{key}` |" not in docs]
    assert not missing, f"docs/unified-ats.md has no configuration-table row for: {missing}"
