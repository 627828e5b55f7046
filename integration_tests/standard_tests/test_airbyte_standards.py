"""The CDK's standard destination tests (`airbyte_cdk.test.standard_tests.DestinationTestSuiteBase`), driven by
the repository's `acceptance-test-config.yml`, against a local Unified simulator.

What the suite holds in the pinned airbyte-cdk (7.39): `test_check` (each `connection` config: `check` reports the
declared status, exactly one CONNECTION_STATUS, and no secret of the config in the output) and
`test_config_matches_spec` (each `spec` config validates against the connector's spec), run in-process; and the
`test_docker_image_*` variants, which build and run the image with the `docker` CLI. It has no write test for
destinations (the class says so itself); writes are covered by the integration tests beside this one.

The configs that need the simulator's address (`secrets/*.json`, never committed) are written per test process
into a private copy of the connector root, so parallel workers never read each other's simulator.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from airbyte_cdk.test.standard_tests import DestinationTestSuiteBase
from airbyte_cdk.test.standard_tests.pytest_hooks import pytest_generate_tests  # noqa: F401  (parametrizes `scenario`)

from destination_unified_ats.destination import DestinationUnifiedAts
from unified_ats_simulator import SimulatorServer

REPO = Path(__file__).resolve().parents[2]
ACCEPTANCE_CONFIG = REPO / "acceptance-test-config.yml"
_ROOT: Path | None = None

NO_DOCKER_ENGINE = (
    "the CDK's docker image tests need a Docker engine, which these machines do not have; the same image is built "
    "and run (spec, check, write against the simulator) with podman in integration_tests/container"
)


def connector_root() -> Path:
    """This process's copy of the connector root: metadata, acceptance config and its committed configs."""
    global _ROOT
    if _ROOT is None:
        root = Path(tempfile.mkdtemp(prefix="airbyte-standard-tests-")) / "destination-unified-ats"
        (root / "secrets").mkdir(parents=True)
        for name in ("metadata.yaml", "acceptance-test-config.yml"):
            shutil.copy(REPO / name, root / name)
        for path in committed_config_paths():
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(REPO / path, root / path)
        _ROOT = root
    return _ROOT


def config_paths() -> list[str]:
    document = yaml.safe_load(ACCEPTANCE_CONFIG.read_text())
    sections = document["acceptance_tests"].values()
    return sorted({test["config_path"] for section in sections for test in section.get("tests", [])})


def committed_config_paths() -> list[str]:
    return [path for path in config_paths() if not path.startswith("secrets/")]


class TestDestinationUnifiedAts(DestinationTestSuiteBase):
    connector = DestinationUnifiedAts
    connector_name = "destination-unified-ats"

    @classmethod
    def get_connector_root_dir(cls) -> Path:
        return connector_root()

    @pytest.fixture(autouse=True, scope="class")
    def _simulator_secrets(self) -> Iterator[SimulatorServer]:
        """A simulator for the class, and the secrets/ configs that point at it."""
        with SimulatorServer() as sim:
            secrets = connector_root() / "secrets"
            good = {"api_token": sim.token, "connection_id": sim.connection_id, "base_url": sim.base_url}
            (secrets / "config.json").write_text(json.dumps(good))
            (secrets / "config_wrong_token.json").write_text(json.dumps({**good, "api_token": "wrong-token-0123"}))
            yield sim

    # The docker variants: skipped with the reason, never silently.
    def test_docker_image_build_and_spec(self, *args: Any, **kwargs: Any) -> None:
        pytest.skip(NO_DOCKER_ENGINE)

    def test_docker_image_spec_backward_compatibility(self, *args: Any, **kwargs: Any) -> None:
        pytest.skip(NO_DOCKER_ENGINE + "; there is no published version to compare with either")

    def test_docker_image_build_and_check(self, *args: Any, **kwargs: Any) -> None:
        pytest.skip(NO_DOCKER_ENGINE)

    def test_docker_image_build_and_config_matches_spec(self, *args: Any, **kwargs: Any) -> None:
        pytest.skip(NO_DOCKER_ENGINE)

    def test_docker_image_build_and_discover(self, *args: Any, **kwargs: Any) -> None:
        pytest.skip(NO_DOCKER_ENGINE)

    def test_docker_image_build_and_read(self, *args: Any, **kwargs: Any) -> None:
        pytest.skip(NO_DOCKER_ENGINE)


def test_every_acceptance_config_is_collected() -> None:
    """The suite runs a scenario per config path of the acceptance config (none dropped by a key it rejects)."""
    scenarios = TestDestinationUnifiedAts.get_scenarios()
    assert sorted({str(s.config_path) for s in scenarios}) == config_paths()
    assert {s.id for s in scenarios if s.expected_outcome.expect_exception()} == {
        "config_wrong_token",
        "invalid_config",
    }


def test_the_committed_configs_hold_no_real_secret() -> None:
    for path in committed_config_paths():
        token = json.loads((REPO / path).read_text()).get("api_token", "")
        assert "not" in token, f"{path}: use an obviously fake token"
    assert "secrets/" in (REPO / ".gitignore").read_text().splitlines()
    assert os.path.isdir(connector_root() / "secrets")
