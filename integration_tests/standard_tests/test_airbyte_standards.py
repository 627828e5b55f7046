"""The CDK's standard destination tests (`airbyte_cdk.test.standard_tests.DestinationTestSuiteBase`), driven by
the repository's `acceptance-test-config.yml`, against a local Unified simulator.

What the suite holds in the pinned airbyte-cdk (7.39): `test_check` (each `connection` config: `check` reports the
declared status, exactly one CONNECTION_STATUS, and no secret of the config in the output) and
`test_config_matches_spec` (each `spec` config validates against the connector's spec), run in-process; and the
`test_docker_image_*` variants, which run the same against the connector's image through the `docker` CLI. It has
no write test for destinations (the class says so itself); writes are covered by the integration tests beside
this one, and in the image by integration_tests/container.

These machines have no Docker engine: the image variants run the image that integration_tests/container builds
with podman (the same build, reused), through a `docker` stand-in that hands each command to podman with the
runtime, host network and limits the container notes require. When podman cannot run here they skip, loudly.

The configs that need the simulator's address (`secrets/*.json`, never committed) are written per test process
into a private copy of the connector root, so parallel workers never read each other's simulator.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from airbyte_cdk.test.models import ConnectorTestScenario
from airbyte_cdk.test.standard_tests import DestinationTestSuiteBase
from airbyte_cdk.test.standard_tests.pytest_hooks import pytest_generate_tests  # noqa: F401  (parametrizes `scenario`)

from destination_unified_ats.destination import DestinationUnifiedAts
from integration_tests.container.test_container import image, podman  # noqa: F401  (fixtures: podman's image)
from unified_ats_simulator import SimulatorServer

REPO = Path(__file__).resolve().parents[2]
ACCEPTANCE_CONFIG = REPO / "acceptance-test-config.yml"
_ROOT: Path | None = None

# `docker` as the CDK's image tests call it, handed to podman: runc (crun fails on cgroups here), the host network
# (the simulator listens on 127.0.0.1) and explicit ulimits (the default nofile limit cannot be set here).
DOCKER_STAND_IN = """#!/usr/bin/env bash
if [ "${1:-}" = run ]; then
  shift
  exec podman --runtime runc run --network host --ulimit nofile=20000:20000 --ulimit nproc=4096:4096 "$@"
fi
exec podman "$@"
"""


def connector_root() -> Path:
    """This process's copy of the connector root: metadata, acceptance config and its committed configs."""
    global _ROOT
    if _ROOT is None:
        root = Path(tempfile.mkdtemp(prefix="airbyte-standard-tests-")) / "destination-unified-ats"
        atexit.register(shutil.rmtree, root.parent, ignore_errors=True)
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

    @pytest.fixture
    def connector_image_override(self, image: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:  # noqa: F811
        """The image under test: podman's build of this checkout, run through the `docker` stand-in."""
        shim = tmp_path / "bin" / "docker"
        shim.parent.mkdir()
        shim.write_text(DOCKER_STAND_IN)
        shim.chmod(shim.stat().st_mode | stat.S_IXUSR)
        monkeypatch.setenv("PATH", f"{shim.parent}{os.pathsep}{os.environ.get('PATH', '')}")
        return image

    @pytest.fixture
    def connector_base_image_override(self) -> None:
        return None

    @pytest.mark.slow
    def test_docker_image_build_and_spec(
        self, connector_image_override: str, connector_base_image_override: None
    ) -> None:
        super().test_docker_image_build_and_spec(connector_image_override, connector_base_image_override)

    @pytest.mark.slow
    def test_docker_image_build_and_check(
        self, scenario: ConnectorTestScenario, connector_image_override: str, connector_base_image_override: None
    ) -> None:
        super().test_docker_image_build_and_check(scenario, connector_image_override, connector_base_image_override)

    @pytest.mark.slow
    def test_docker_image_build_and_config_matches_spec(
        self, scenario: ConnectorTestScenario, connector_image_override: str, connector_base_image_override: None
    ) -> None:
        super().test_docker_image_build_and_config_matches_spec(
            scenario, connector_image_override, connector_base_image_override
        )

    def test_docker_image_spec_backward_compatibility(self, *args: Any, **kwargs: Any) -> None:
        pytest.skip("no version of this connector is published in Airbyte's registry to compare the spec with")

    def test_docker_image_build_and_discover(self, *args: Any, **kwargs: Any) -> None:
        pytest.skip("the CDK skips discover for destinations (its DestinationCatalog is tested in integration_tests)")

    def test_docker_image_build_and_read(self, *args: Any, **kwargs: Any) -> None:
        pytest.skip("`read` is a source command")


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
