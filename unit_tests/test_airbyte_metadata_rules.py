"""The checks Airbyte runs before a connector reaches its registry, run here on every test run.

1. The metadata schema: `metadata.yaml` is validated against Airbyte's published JSON schema and parsed with its
   published models (`airbyte-connector-models`, `ConnectorMetadataDefinitionV0`), as the metadata service's
   `validate_and_load` does before any other rule.
2. The metadata service's pre-upload validators (`metadata_service/validators/metadata_validator.py`,
   `PRE_UPLOAD_VALIDATORS`): that code is not published as a package, so each rule is re-stated below, one test
   per rule, named after it. The Docker Hub look-ups among them (`validate_metadata_base_images_in_dockerhub`,
   `validate_docker_image_tag_is_not_decremented`) need Docker Hub, which cannot be reached here; only their
   offline part is checked (the base image's form).
3. The connector QA checks (`connectors_qa/checks/*.py`, `ENABLED_CHECKS`) that apply to a Python destination,
   likewise re-stated one per test, named after the check class.
"""

from __future__ import annotations

import copy
import json
import logging
import re
import subprocess
import tomllib
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pydantic
import pytest
import yaml
from airbyte_connector_models.metadata.v0.connector_metadata_definition_v0 import ConnectorMetadataDefinitionV0

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((REPO / "metadata.yaml").read_text())
    return loaded


@pytest.fixture(scope="module")
def data(document: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = document["data"]
    return result


@pytest.fixture(scope="module")
def pyproject() -> dict[str, Any]:
    return tomllib.loads((REPO / "pyproject.toml").read_text())


def docs_path(data: dict[str, Any]) -> Path:
    """The docs page: Airbyte keeps it at docs/integrations/destinations/<name>.md, the name being the last part
    of `documentationUrl`; this repository keeps the same file name under docs/."""
    return REPO / "docs" / (data["documentationUrl"].rstrip("/").rsplit("/", 1)[-1] + ".md")


def semver(version: str) -> re.Match[str]:
    # semver.org's own regular expression (what `semver.Version.parse` accepts).
    pattern = (
        r"(?P<major>0|[1-9]\d*)\.(?P<minor>0|[1-9]\d*)\.(?P<patch>0|[1-9]\d*)"
        r"(?:-(?P<prerelease>(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
        r"(?:\+(?P<build>[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?"
    )
    match = re.fullmatch(pattern, version)
    assert match, f"{version!r} is not a semantic version"
    return match


# --- 1. the published metadata schema -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def metadata_schema() -> dict[str, Any]:
    package = resources.files("airbyte_connector_models.metadata.v0")
    schema: dict[str, Any] = json.loads(package.joinpath("ConnectorMetadataDefinitionV0.json").read_text())
    return schema


def schema_errors(schema: dict[str, Any], document: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    return [f"{'.'.join(str(p) for p in e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def test_metadata_matches_the_published_json_schema(metadata_schema: dict[str, Any], document: dict[str, Any]) -> None:
    assert schema_errors(metadata_schema, document) == []


def test_metadata_parses_with_the_published_models(document: dict[str, Any]) -> None:
    model = ConnectorMetadataDefinitionV0.model_validate(document)
    assert str(model.data.definition_id) == document["data"]["definitionId"]
    assert model.data.ab_internal is not None and model.data.ab_internal.sl is not None


def test_the_published_models_reject_a_malformed_definition_id(document: dict[str, Any]) -> None:
    broken = copy.deepcopy(document)
    broken["data"]["definitionId"] = "not-a-uuid"
    with pytest.raises(pydantic.ValidationError, match="definitionId"):
        ConnectorMetadataDefinitionV0.model_validate(broken)


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.update(ab_internal={"sl": 150, "ql": 100}), "data.ab_internal.sl"),
        (lambda d: d.pop("license"), "data"),
        (lambda d: d.update(releaseStage="preview"), "data.releaseStage"),
        (lambda d: d.update(iconUrl="icon.svg"), "data"),
    ],
    ids=["ab_internal-sl", "license-missing", "releaseStage", "unknown-key"],
)
def test_the_schema_check_catches_broken_metadata(
    metadata_schema: dict[str, Any], document: dict[str, Any], change: Any, where: str
) -> None:
    broken = copy.deepcopy(document)
    change(broken["data"])
    errors = schema_errors(metadata_schema, broken)
    assert any(e.startswith(where + ":") for e in errors), errors


# --- 2. the metadata service's pre-upload validators ----------------------------------------------------------------


def test_validate_all_tags_are_keyvalue_pairs(data: dict[str, Any]) -> None:
    assert all(":" in tag for tag in data.get("tags", [])), data.get("tags")


def test_validate_at_least_one_language_tag(data: dict[str, Any]) -> None:
    assert any(tag.startswith("language:") for tag in data.get("tags", []))


def test_validate_major_version_bump_has_breaking_change_entry(data: dict[str, Any]) -> None:
    version = semver(data["dockerImageTag"])
    if version["minor"] == "0" and version["patch"] == "0" and version["prerelease"] is None:
        breaking = (data.get("releases") or {}).get("breakingChanges") or {}
        assert data["dockerImageTag"] in breaking, "a major version needs a releases.breakingChanges entry"


def test_validate_docs_path_exists(data: dict[str, Any]) -> None:
    assert docs_path(data).is_file()


# The rule's own list: every destination enabled in a registry documents these five, yes or no.
REQUIRED_DESTINATION_SYNC_MODES = [
    "Full Refresh - Overwrite",
    "Full Refresh - Append",
    "Full Refresh - Overwrite + Deduped",
    "Incremental Sync - Append",
    "Incremental Sync - Append + Deduped",
]


def test_validate_docs_has_supported_sync_modes_table(data: dict[str, Any]) -> None:
    enabled = any((data.get("registryOverrides") or {}).get(r, {}).get("enabled") for r in ("oss", "cloud"))
    assert data["connectorType"] == "destination" and enabled  # the rule applies to this connector
    docs = docs_path(data).read_text()
    assert re.search(r"^#{2,3}\s+Supported sync modes", docs, re.IGNORECASE | re.MULTILINE)
    assert re.search(r"\|\s*Sync mode\s*\|", docs, re.IGNORECASE)
    missing = [mode for mode in REQUIRED_DESTINATION_SYNC_MODES if not re.search(re.escape(mode), docs, re.IGNORECASE)]
    assert not missing, f"missing from the Supported sync modes table: {missing}"


def supported_sync_modes_table(docs: str) -> dict[str, str]:
    section = docs.split("## Supported sync modes", 1)[1].split("\n## ", 1)[0]
    rows = [line.strip().strip("|").split("|") for line in section.splitlines() if line.startswith("|")]
    return {cells[0].strip(): cells[1].strip() for cells in rows[2:]}


def test_supported_sync_modes_table_says_what_the_connector_does(data: dict[str, Any]) -> None:
    """Beyond the rule: the table's answers agree with the spec and the data-activation catalog."""
    from destination_unified_ats.destination import DestinationUnifiedAts
    from destination_unified_ats.operations import OPERATIONS

    table = supported_sync_modes_table(docs_path(data).read_text())
    spec = DestinationUnifiedAts().spec(logging.getLogger("test"))
    modes = {m.value for m in spec.supported_destination_sync_modes}
    answers = {
        "Full Refresh - Overwrite": "overwrite" in modes,
        "Full Refresh - Append": "append" in modes,
        "Full Refresh - Overwrite + Deduped": "overwrite_dedup" in modes,
        "Incremental Sync - Append": "append" in modes,
        "Incremental Sync - Append + Deduped": "append_dedup" in modes,
        "Update (data activation)": any(op.sync_mode == "update" for op in OPERATIONS),
    }
    assert {mode: table.get(mode) for mode in answers} == {m: "Yes" if yes else "No" for m, yes in answers.items()}


def test_validate_pypi_only_for_python(data: dict[str, Any]) -> None:
    if ((data.get("remoteRegistries") or {}).get("pypi") or {}).get("enabled"):
        assert {"language:python", "language:low-code"} & set(data.get("tags", []))


def test_validate_rc_suffix_and_rollout_configuration(data: dict[str, Any]) -> None:
    version = semver(data["dockerImageTag"])
    prerelease = version["prerelease"] or ""
    rollout = ((data.get("releases") or {}).get("rolloutConfiguration") or {}).get("enableProgressiveRollout")
    if "rc" in prerelease:
        assert not (version["major"] != "0" and version["minor"] == "0" and version["patch"] == "0")
        assert rollout is not None
    if rollout is True:
        assert prerelease


def test_base_image_is_pinned_in_the_form_the_dockerhub_validator_reads(data: dict[str, Any]) -> None:
    # validate_metadata_base_images_in_dockerhub splits `<image>:<tag>@<sha>` on ":" before asking Docker Hub.
    image, tag_and_digest_prefix, digest = data["connectorBuildOptions"]["baseImage"].split(":")
    assert image.startswith("docker.io/airbyte/python-connector-base")
    assert re.fullmatch(r"\d+\.\d+\.\d+@sha256", tag_and_digest_prefix) and re.fullmatch(r"[0-9a-f]{64}", digest)


# --- 3. connector QA checks ----------------------------------------------------------------------------------------


def test_CheckConnectorUsesPoetry() -> None:
    assert (REPO / "pyproject.toml").is_file() and (REPO / "poetry.lock").is_file()
    assert not (REPO / "setup.py").exists()


def test_CheckConnectorLicense(data: dict[str, Any]) -> None:
    assert data["license"].upper() in {"MIT", "ELV2"}


def test_CheckConnectorLicenseMatchInPyproject(data: dict[str, Any], pyproject: dict[str, Any]) -> None:
    assert pyproject["tool"]["poetry"]["license"].lower() == data["license"].lower()


def test_CheckVersionFollowsSemver(data: dict[str, Any]) -> None:
    semver(str(data["dockerImageTag"]))


def test_CheckConnectorVersionMatchInPyproject(data: dict[str, Any], pyproject: dict[str, Any]) -> None:
    assert pyproject["tool"]["poetry"]["version"] == data["dockerImageTag"]


def test_CheckConnectorIconIsAvailable(data: dict[str, Any]) -> None:
    icon = REPO / "icon.svg"
    assert icon.is_file() and data["icon"] == "icon.svg"
    svg = icon.read_text()
    assert svg.lstrip().startswith("<svg") and 'fill="#e8e8ed" fill-rule="evenodd"' not in svg  # not Airbyte's default
    # "must be a square" (the check's TODO): width = height, or a square viewBox.
    attrs = dict(re.findall(r'(\w+)="([^"]*)"', svg.split(">", 1)[0]))
    if "width" in attrs and "height" in attrs:
        assert attrs["width"] == attrs["height"], attrs
    if "viewBox" in attrs:
        _, _, w, h = attrs["viewBox"].split()
        assert w == h, attrs["viewBox"]


def test_CheckDocumentationExists(data: dict[str, Any]) -> None:
    assert docs_path(data).is_file() and docs_path(data).read_text().strip()


def test_CheckChangelogEntry(data: dict[str, Any]) -> None:
    lines = docs_path(data).read_text().splitlines()
    start = next((i for i, line in enumerate(lines) if "# changelog" in line.lower()), None)
    assert start is not None, "no Changelog section"
    assert any(data["dockerImageTag"] in line for line in lines[start:]), "no changelog entry for this version"


def test_CheckMigrationGuide(data: dict[str, Any]) -> None:
    breaking = (data.get("releases") or {}).get("breakingChanges")
    if breaking:
        guide = docs_path(data).with_name(docs_path(data).stem + "-migrations.md")
        assert guide.is_file(), f"breaking changes need {guide.relative_to(REPO)}"
        assert guide.read_text().splitlines()[0] == f"# {data['name']} Migration Guide"


def test_ValidateBreakingChangesDeadlines(data: dict[str, Any]) -> None:
    breaking = ((data.get("releases") or {}).get("breakingChanges") or {}).get(data["dockerImageTag"])
    if breaking:
        assert breaking.get("upgradeDeadline"), "a breaking change of this version needs an upgradeDeadline"


# CheckConnectorUsesHTTPSOnly: every line of every file, lower-cased, outside these directories and files, that is not
# a comment (by file type) and has no "# ignore-https-check", must not contain "http://" once the two allowed
# prefixes are removed.
HTTPS_IGNORED_DIRECTORIES = {
    ".venv",
    "tests",
    "unit_tests",
    "integration_tests",
    "build",
    "source-file",
    ".pytest_cache",
    "acceptance_tests_logs",
    ".hypothesis",
    ".ruff_cache",
}
HTTPS_IGNORED_FILE_PATTERNS = {"*Test.java", "*.jar", "*.pyc", "*.gz", "*.svg", "expected_records.jsonl"}
HTTPS_IGNORED_FILE_PATTERNS |= {"expected_records.json"}
HTTPS_ALLOWED_PREFIXES = ("http://json-schema.org", "http://localhost")
COMMENT_PREFIXES = {".py": "#", ".yml": "#", ".yaml": "#", ".java": "//", ".md": "<!--"}


def repository_files() -> Iterator[Path]:
    """The files a checkout has: git's tracked files (untracked venvs and caches aside), else a walk."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True, timeout=30
        ).stdout.decode()
        paths = [REPO / name for name in listed.split("\0") if name]
    except (OSError, subprocess.SubprocessError):
        paths = [p for p in REPO.rglob("*") if not any(part.startswith(".") for part in p.relative_to(REPO).parts)]
    yield from (p for p in paths if p.is_file())


def http_lines(path: Path) -> list[str]:
    try:
        lines = path.read_text().splitlines()
    except UnicodeDecodeError:
        return []
    found = []
    for line in lines:
        low = line.lower()
        comment = COMMENT_PREFIXES.get(path.suffix)
        if (comment and low.lstrip().startswith(comment)) or "# ignore-https-check" in low:
            continue
        for prefix in HTTPS_ALLOWED_PREFIXES:
            low = low.replace(prefix, "")
        if "http://" in low:
            found.append(line.strip())
    return found


def test_CheckConnectorUsesHTTPSOnly() -> None:
    offenders: dict[str, list[str]] = {}
    for path in repository_files():
        relative = path.relative_to(REPO)
        if set(relative.parts) & HTTPS_IGNORED_DIRECTORIES or any(
            relative.match(p) for p in HTTPS_IGNORED_FILE_PATTERNS
        ):
            continue
        if lines := http_lines(path):
            offenders[str(relative)] = lines
    assert not offenders, (
        f"http:// outside comments (add `# ignore-https-check` only where plain HTTP is meant): {offenders}"
    )


def test_the_https_check_finds_plain_http(tmp_path: Path) -> None:
    sample = tmp_path / "client.py"
    sample.write_text(
        'URL = "http://api.example.com"\n'
        "# a comment about http://example.com\n"
        'SCHEMA = "http://json-schema.org/draft-07/schema#"\n'
        'LOCAL = "http://localhost:8080"\n'
        'SIM = "http://127.0.0.1"  # ignore-https-check\n'
    )
    assert http_lines(sample) == ['URL = "http://api.example.com"']


def test_changelog_table_reads_as_airbyte_changelog_tooling_reads_it(data: dict[str, Any]) -> None:
    # airbyte-ci's changelog parser (`pipelines/helpers/changelog.py`): the header row, a blank line before it, the
    # delimiter row after it; then one row per version, newest first.
    lines = docs_path(data).read_text().splitlines()
    header = next(
        i
        for i, line in enumerate(lines)
        if re.search(r"\| *Version *\| *Date *\| *Pull Request *\| *Subject *\|", line)
    )
    assert lines[header - 1] == "", "a blank line must precede the changelog table"
    assert re.search(r"(\|[- :]*){4}\|", lines[header + 1])
    rows = []
    for line in lines[header + 2 :]:
        if not line.startswith("|"):
            break
        version, day, pull_request, subject = (cell.strip() for cell in line.strip().strip("|").split("|"))
        semver(version)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) and subject
        # A pull-request link names the same number in its text and its URL (the parser's pr_number1/pr_number2).
        if link := re.fullmatch(r"\[(\d+)\]\(https://github\.com/[\w.-]+/[\w.-]+/pull/(\d+)\)", pull_request):
            assert link[1] == link[2], pull_request
        rows.append(tuple(int(part) for part in version.split("-")[0].split(".")))
    assert rows and rows == sorted(rows, reverse=True), "changelog rows must be newest first"
